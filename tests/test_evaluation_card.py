"""The model card (reliability.evaluation.card): settings it states come from the config."""

from __future__ import annotations

from reliability import config
from reliability.evaluation.card import write_card


def test_card_states_the_configured_article_settings(tmp_path):
    # The card once said C=10 after config moved to 3: the text must follow the config.
    path = tmp_path / "MODEL_CARD.md"
    write_card({}, path)
    text = path.read_text(encoding="utf-8")
    assert f"({config.ARTICLE_FEATURE_WEIGHT:g}) and C ({config.ARTICLE_C:g})" in text
    assert f"({config.CONTRADICTION_AUGMENT_SHARE:.0%})" in text
    assert "## Known limits" in text and "## Intended use" in text
