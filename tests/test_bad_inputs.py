"""Bad inputs a crawler brings back, scored end to end: markup passed as plain text, other
languages and scripts, punctuation only, a byte-order mark, lone CR line ends.

Each must give a profile that keeps the contract (offsets index the text as given) and says
when it cannot judge, rather than a confident number.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import contract_problems, offset_problems
from typer.testing import CliRunner

import reliability
from reliability.cli import app

# Sentences written for these tests.
ENGLISH = ("The regional council approved the new budget on Monday after a long debate. "
           "Officials said the plan would fund three new schools and repair two bridges. "
           "Critics argued that the costs may rise if construction is delayed again. ")


def _profile(text: str) -> dict:
    d = json.loads(json.dumps(reliability.score(text, id="x").to_dict()))
    assert contract_problems(d, text) == []
    assert offset_problems(d, text) == []
    return d


@pytest.mark.parametrize("text", [
    "<html><head><style>p{color:red}</style></head><body><p>" + ENGLISH + "</p>"
    "<script>alert('x')</script></body></html>",
    "<div class=\"a\"><p>" + ENGLISH.replace(". ", ".</p><p>") + "</p></div>",
    "# Council budget\n\n*Officials* said the plan **may** fund [three schools](http://x.test).\n\n"
    "> Critics argued that costs may rise.\n\n- one\n- two\n\n```\ncode();\n```\n" + ENGLISH,
], ids=["html-page", "html-fragment", "markdown"])
def test_markup_passed_as_plain_text_is_scored_as_text(text: str) -> None:
    d = _profile(text)
    assert d["error"] is None and d["sentences"]
    for e in d["evidence"]:
        assert text[e["start"]:e["end"]].strip()


@pytest.mark.parametrize("text", [
    "Министерство заявило, что новый мост через реку откроют в следующем году. " * 6,
    "市议会周一批准了新的预算，官员表示该计划将资助三所新学校并修复两座桥梁。" * 6,
    "أعلنت الوزارة أن الجسر الجديد سيفتح في العام المقبل بعد سنوات من التأخير. " * 6,
    "La municipalité a approuvé lundi le nouveau budget après un long débat sur les écoles. " * 6,
], ids=["russian", "chinese", "arabic", "french"])
def test_non_english_text_is_not_judged(text: str) -> None:
    d = _profile(text)
    assert d["judged"] is False and d["reliability"] == 0.5 and d["band"] == "mixed"
    assert {"not_english", "too_short"} & set(d["warnings"])


@pytest.mark.parametrize("text", ["!?.,;:" * 200, "… — – … ‼ ⁉ " * 100, "()[]{}<>" * 100, "* * *\n---\n===\n"],
                         ids=["ascii", "unicode", "brackets", "rules"])
def test_punctuation_only_is_not_judged(text: str) -> None:
    d = _profile(text)
    assert d["judged"] is False and "too_short" in d["warnings"] and d["reliability"] == 0.5


def test_byte_order_mark_in_a_string_keeps_offsets_on_the_string() -> None:
    text = "\ufeff" + ENGLISH * 2
    d = _profile(text)
    assert d["sentences"][0][0] == 1  # the mark is not part of the first sentence
    assert d["judged"] is True


@pytest.mark.parametrize("eol", ["\r", "\r\n", "\n"])
def test_line_ends_of_every_kind_give_the_same_sentences(eol: str) -> None:
    lines = ["Council Approves Budget", *ENGLISH.strip().split(". ")]
    text = eol.join(line if line.endswith(".") or i == 0 else line + "." for i, line in enumerate(lines))
    d = _profile(text)
    got = [text[s:e] for s, e in d["sentences"]]
    assert got == [line if line.endswith(".") or i == 0 else line + "." for i, line in enumerate(lines)]


def test_bom_and_lone_cr_file_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "mac.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ENGLISH.replace(". ", ".\r").encode("utf-8"))
    result = CliRunner().invoke(app, ["score", str(path), "-q"])
    assert result.exit_code == 0, result.stderr
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    text = ENGLISH.replace(". ", ".\r")  # the mark is dropped on reading; offsets index the rest
    assert row["error"] is None and contract_problems(row, text) == []
    assert len(row["sentences"]) == 3
