"""The README's marker table is generated from the registry and must be current."""

from conftest import ROOT
from reliability.docs import update_readme
from reliability.markers import MARKER_NAMES


def test_readme_marker_table_matches_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert update_readme(readme) == readme, "run python scripts/readme_markers.py"
    for name in MARKER_NAMES:
        assert f"`{name}`" in readme
