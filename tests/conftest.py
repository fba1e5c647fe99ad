"""Shared test helpers: project paths, the contract checker, the data folder."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
CHECKER = SHARED / "contract" / "check_profiles.py"
DATA = Path(os.environ.get("RELIABILITY_DATA") or SHARED / "data")

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"public corpora not found at {DATA} "
                                "(set RELIABILITY_DATA); CI has them")


def seed_texts() -> dict[str, str]:
    """Return ``{id: text}`` for the four seed articles."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def _load_checker():
    if not CHECKER.exists():
        return None
    spec = importlib.util.spec_from_file_location("check_profiles", CHECKER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_CHECKER = _load_checker()


def contract_problems(profile: dict, text: str | None) -> list[str]:
    """Problems the official contract checker finds (skips the test when it is absent)."""
    if _CHECKER is None:
        pytest.skip(f"contract checker not found at {CHECKER}")
    return _CHECKER.problems(profile, text)


def offset_problems(profile: dict, text: str) -> list[str]:
    """Our own offset invariants, beyond the contract: every span slices the text it claims."""
    out = []
    n = len(text)
    for s, e in profile["sentences"]:
        if not (0 <= s < e <= n) or text[s:e] != text[s:e].strip() and text[s:e].strip() == "":
            out.append(f"bad sentence {s}:{e}")
    starts = {tuple(x) for x in profile["sentences"]}
    for ev in profile["evidence"]:
        if (ev["start"], ev["end"]) not in starts:
            out.append(f"evidence {ev['start']}:{ev['end']} is not a sentence")
        for c in ev["cues"]:
            if text[c["start"]:c["end"]] != c["text"]:
                out.append(f"cue {c} does not slice the text")
    for a in profile["attributions"]:
        if not 0 <= a["start"] <= a["end"] <= n:
            out.append(f"attribution {a['start']}:{a['end']} outside text")
        if text[a["cue_start"]:a["cue_end"]].lower() != a["cue"].lower():
            out.append(f"attribution cue {a['cue']!r} does not slice the text")
        if a["source"] is not None and text[a["source_start"]:a["source_end"]] != a["source"]:
            out.append(f"attribution source {a['source']!r} does not slice the text")
    return out


def sentence_table(texts: list[str], labels: list[int], groups: list[str], splits: list[str] | None = None,
                   marks: list | None = None):
    """A sentence table as ``reliability.training.datasets`` builds them, with all-zero rule columns."""
    import numpy as np
    import pandas as pd

    from reliability.sentence_model import RULE_FEATURES

    df = pd.DataFrame({"text": texts, "label": labels, "group": groups,
                       "split": splits if splits is not None else ["train"] * len(texts)})
    if marks is not None:
        df["biased_words"] = marks
    df.attrs["rules"] = np.zeros((len(texts), len(RULE_FEATURES)))
    return df


#: Sentences written for the tests: loaded wording, and plain reporting.
LOADED_SENTENCES = ["The corrupt regime lied again.", "A shameful and disgraceful cover-up.",
                    "The thugs smeared critics.", "Disgraceful lies from a corrupt gang."]
PLAIN_SENTENCES = ["The council met on Tuesday.", "The bridge reopened after repairs.",
                   "Rainfall was above average.", "The report was published in June."]
