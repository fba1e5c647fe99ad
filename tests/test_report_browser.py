"""The HTML report in a real browser (headless Chromium, plain CLI flags, no driver).

Checks in the DOM Chromium builds that every evidence sentence is highlighted, that a script
hidden in a hostile article never runs (it would change ``document.title``), and saves a
screenshot. Skipped when no Chromium binary is installed (CI installs the Debian package).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import reliability
from reliability.markers import MARKER_NAMES
from reliability.profile import Profile
from reliability.records import Evidence, MarkerScore, Span
from reliability.report import html as report_html

from conftest import seed_texts
from test_report_html import Tree, sentences_of

BROWSER = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome",
                                          "google-chrome-stable") if shutil.which(n)), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium binary on PATH (Debian: "
                                "apt-get install -y chromium); CI installs it")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-dev-shm-usage", "--virtual-time-budget=2000"]
PWNED = "pwned"
HOSTILE = (f"<script>document.title='{PWNED}'</script> The minister may resign soon. "
           f"\"><img src=x onerror=\"document.title='{PWNED}'\"> Critics say it could collapse. "
           f"</style><script>document.title='{PWNED}'</script> It is believed to be over.")


def chromium(tmp_path: Path, *args: str) -> str:
    """Run Chromium once with its own throw-away profile; return standard output."""
    profile_dir = tmp_path / f"chrome-{len(list(tmp_path.glob('chrome-*')))}"
    result = subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={profile_dir}", *args],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def dom(tmp_path: Path, page: Path) -> Tree:
    tree = Tree(chromium(tmp_path, "--dump-dom", page.as_uri()))
    assert tree.find(id="article") or tree.find(**{"class": "rel-report"}) or tree.root.children
    return tree


def title_of(tree: Tree) -> str:
    (title,) = [n for n in tree.root.iter() if n.tag == "title" and n.parent.tag == "head"]
    return title.text()


def hostile_profile() -> Profile:
    sents = sentences_of(HOSTILE)
    assert len(sents) == 3
    cue = HOSTILE.index("may")
    evidence = tuple(Evidence(m, s.index, s.start, s.end, 0.6,
                              (Span(cue, cue + 3, "may"),) if s.index == 0 else (), "<b>why</b>")
                     for s in sents for m in MARKER_NAMES[:2])
    return Profile(id="hostile", text=HOSTILE, reliability=0.3, band="low", evidence=evidence,
                   sentences=tuple(sents), markers={m: MarkerScore(0.5, 3) for m in MARKER_NAMES})


def test_seed_reports_highlight_every_evidence_sentence(tmp_path):
    profiles = [reliability.score(t, id=i) for i, t in seed_texts().items()]
    paths = report_html.write_reports(profiles, tmp_path / "reports")
    for profile, path in zip(profiles, paths):
        tree = dom(tmp_path, path)
        assert title_of(tree) == f"Reliability report: {profile.id}"
        for e in profile.evidence:
            (node,) = tree.find(id=f"s{e.sentence}")
            assert e.marker in node.attrs["data-marker"].split()
            assert node.text() == profile.text[e.start:e.end]
    index = dom(tmp_path, paths[-1])
    assert len([n for n in index.root.iter() if n.tag == "a"]) == len(profiles)


def test_positive_control_the_harness_sees_a_script_run(tmp_path):
    page = tmp_path / "control.html"
    page.write_text(f"<!DOCTYPE html><title>before</title><script>document.title='{PWNED}'</script>",
                    encoding="utf-8")
    assert title_of(dom(tmp_path, page)) == PWNED


@pytest.mark.parametrize("with_csp", [True, False])
def test_hostile_article_script_does_not_run(tmp_path, with_csp):
    html = report_html.render(hostile_profile())
    if not with_csp:  # escaping alone must hold, without the Content-Security-Policy behind it
        html = html.replace(f'<meta http-equiv="Content-Security-Policy" content="{report_html.CSP}">', "")
        assert "Content-Security-Policy" not in html
    page = tmp_path / "hostile.html"
    page.write_text(html, encoding="utf-8")
    tree = dom(tmp_path, page)
    assert title_of(tree) == "Reliability report: hostile"
    tags = {n.tag for n in tree.root.iter()}
    assert "script" not in tags and "img" not in tags
    (article,) = tree.find(id="article")
    assert article.text() == HOSTILE


def test_screenshot(tmp_path):
    profile = reliability.score(seed_texts()["003_3803d65d782871d0"], id="003_3803d65d782871d0")
    page = tmp_path / "seed.html"
    page.write_text(report_html.render(profile), encoding="utf-8")
    shot = tmp_path / "seed.png"
    chromium(tmp_path, "--window-size=1280,1800", "--hide-scrollbars", f"--screenshot={shot}",
             page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
