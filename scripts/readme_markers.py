"""Regenerate the README's marker table from the registry: python scripts/readme_markers.py"""

from pathlib import Path

from reliability.docs import update_readme

readme = Path(__file__).resolve().parents[1] / "README.md"
readme.write_text(update_readme(readme.read_text(encoding="utf-8")), encoding="utf-8")
print(f"updated {readme}")
