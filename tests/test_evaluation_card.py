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


def test_card_shows_intervals_and_tolerates_rows_without_them(tmp_path):
    with_ci = {"dataset": "hyperpartisan2019", "n": 509, "outlets": 219, "auc": 0.769, "tfidf_baseline_auc": 0.765,
               "ece": 0.056, "auc_ci": [0.712, 0.821], "auc_minus_baseline": 0.004,
               "auc_minus_baseline_ci": [-0.03, 0.037], "resampled": "outlets"}
    older = {"dataset": "fakenewsnet2017", "n": 341, "outlets": 84, "auc": 0.793, "tfidf_baseline_auc": 0.817,
             "ece": 0.048}
    nan_ci = {"dataset": "all", "n": 10, "outlets": 1, "auc": 0.7, "tfidf_baseline_auc": 0.6, "ece": 0.1,
              "auc_ci": [float("nan"), float("nan")]}
    sentence = {"task": "hedging", "protocol": "p", "metric": "F1", "n": 5, "ours": 0.843, "tfidf_baseline": 0.735,
                "ours_ci": [0.81, 0.87], "ours_minus_baseline": 0.108, "ours_minus_baseline_ci": [0.09, 0.12]}
    path = tmp_path / "MODEL_CARD.md"
    write_card({"articles": [with_ci, older, nan_ci], "sentences": [sentence]}, path)
    text = path.read_text(encoding="utf-8")
    assert "| hyperpartisan2019 | 509 | 219 | 0.769 [0.71, 0.82] | 0.765 | +0.004 [-0.03, +0.04] | 0.056 |" in text
    assert "| fakenewsnet2017 | 341 | 84 | 0.793 | 0.817 |  | 0.048 |" in text
    assert "| all | 10 | 1 | 0.7 | 0.6 |  | 0.1 |" in text
    assert "| hedging | p | F1 | 5 | 0.843 [0.81, 0.87] | 0.735 | +0.108 [+0.09, +0.12] |" in text
    assert f"({config.CI_RESAMPLES:,} draws)" in text
