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


def test_card_shows_a_pooled_marker_on_each_corpus(tmp_path):
    row = {"marker": "loaded_language", "heads": ["loaded_language", "loaded_family"],
           "loaded_language": {"protocol": "5 outlet-grouped folds, lone sentences", "metric": "macro_f1",
                               "n": 2942, "pooled": 0.725, "loaded_language": 0.735, "loaded_family": 0.684,
                               "tfidf_baseline": 0.683},
           "loaded_family": {"protocol": "train -> dev", "metric": "f1", "n": 2068, "pooled": 0.517,
                             "loaded_language": 0.403, "loaded_family": 0.532, "tfidf_baseline": 0.451}}
    path = tmp_path / "MODEL_CARD.md"
    write_card({"blends": [row]}, path)
    text = path.read_text(encoding="utf-8")
    assert "## Pooled marker: loaded_language (loaded_language + loaded_family heads)" in text
    assert "| loaded_family | train -> dev | f1 | 2068 | 0.517 | 0.403 | 0.532 | 0.451 |" in text
    assert "| loaded_language | 5 outlet-grouped folds, lone sentences | macro_f1 | 2942 | 0.725 |" in text
