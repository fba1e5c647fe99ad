"""The measurements beyond the model's own folds that the model card reports.

Each one has its own module and script (``scripts/eval_*.py``); this module runs them in the
training or evaluation run, keeps their headline numbers for the sidecar and renders their
model-card sections, so the card never quotes a number from an older run.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from pathlib import Path

#: Dev split of every extractor benchmark (tuning happened on train or by grouped CV).
SPLIT = "dev"


def _table(rows: list[dict], columns: dict[str, str]) -> str:
    head = "| " + " | ".join(columns.values()) + " |\n|" + "---|" * len(columns) + "\n"

    def cell(v) -> str:
        if isinstance(v, float):
            return "-" if math.isnan(v) else f"{v:.3f}"
        return str(v)

    return head + "".join("| " + " | ".join(cell(r.get(c, "")) for c in columns) + " |\n" for r in rows)


def attribution(data: Path) -> dict:
    """PolNeAR dev: cue precision, recall and F1 of the attribution finder, and sources found."""
    from reliability.corpora import polnear
    from reliability.evaluation.attribution import evaluate

    s = evaluate(polnear.articles(SPLIT, data))
    out = {"articles": s.articles, "gold": s.gold, "found": s.found, "precision": round(s.precision, 3),
           "recall": round(s.recall, 3), "f1": round(s.f1, 3), "source_found": round(s.source_rate, 3)}
    out["section"] = (
        "## Attribution finder (PolNeAR dev)\n\n"
        f"{out['articles']} articles, {out['gold']} gold attributions, {out['found']} found. A found "
        "attribution is correct when its cue overlaps a gold cue. Target: cue F1 >= 0.75.\n\n"
        + _table([out], {"precision": "cue precision", "recall": "cue recall", "f1": "cue F1",
                         "source_found": "source found (of recalled gold with a source)"}))
    return out


def contradictions(data: Path) -> dict:
    """The synthetic contradiction benchmark (ContraDoc-style insertions into PTC dev articles)."""
    from reliability.evaluation.contradictions import evaluate

    rows = [{k: v for k, v in r.items() if k != "misses"} for r in evaluate(SPLIT, data)]
    section = (
        "## Internal contradictions (synthetic benchmark, PTC dev)\n\n"
        "A sentence of a real article is copied with one change (number, date, negation, outcome "
        "antonym, or the quotation's speaker) and inserted in a later paragraph, as ContraDoc (Li et "
        "al. 2023) did. Pair recall: both sentences flagged, each pointing at the other. False alarm: "
        "share of the same articles, untouched, with any contradiction evidence. Targets: recall >= "
        "0.80, false alarm <= 0.10.\n\n"
        + _table(rows, {"kind": "change", "articles": "articles", "cases": "cases",
                        "pair_recall": "pair recall", "false_alarm": "false alarm"}))
    return {"rows": rows, "section": section}


def outlets(data: Path, scorer, held_out: Mapping | None = None) -> dict:
    """Outlet profiles against Baly 2018, MBFC and Lin 2023 ratings (:mod:`.sources`).

    ``held_out`` maps a corpus the article model trained on to a scorer whose article model
    did not (``training.train.held_out_scorers``); without it that corpus counts as trained.
    """
    from reliability.corpora.rated import rated_articles, score_articles
    from reliability.evaluation import sources as ev

    rows = score_articles(rated_articles(data), scorer=scorer, held_out=held_out)
    results = ev.evaluate(rows, ev.outlet_ratings(data))
    corr = results["correlation"]
    return {"correlation": corr.round(3).to_dict("records"), "section": ev.card_section(results)}


def corroboration(data: Path, scorer) -> dict:
    """Cross-source findings on PTC dev: false findings among unrelated stories, recall on changed copies."""
    from reliability.evaluation import corroboration as ev

    ids, analyses = ev.analyse_split(SPLIT, data, scorer)
    u = ev.unrelated(ids, analyses)
    rows = [{k: v for k, v in r.items() if k != "misses"} for r in ev.perturbed(ids, analyses, scorer=scorer)]
    head = {k: u[k] for k in ("articles", "groups", "findings", "alarms")}
    head["alarms_per_article"] = round(u["alarms_per_article"], 3)
    section = (
        "## Cross-source corroboration (PTC dev)\n\n"
        f"All {u['articles']} dev articles corroborated together (mostly unrelated stories, some "
        f"same-topic clusters): {u['groups']} story groups, {u['findings']} findings of which "
        f"{u['alarms']} alarms ({u['alarms_per_article']:.3f} per article). Each article paired with a "
        "copy of itself with one change: share of changes reported at the right place (recall) and "
        "other findings per pair.\n\n"
        + _table(rows, {"kind": "change", "cases": "cases", "recall": "recall", "false": "other findings per pair"}))
    return {**head, "rows": rows, "section": section}


def loaded_transfer(data: Path, scorer) -> dict:
    """The loaded-language marker on BASIL's lexical bias, which no head trained on (:mod:`.loaded_transfer`)."""
    from reliability.evaluation.loaded_transfer import FOLDS, evaluate

    out = evaluate(data, scorer)
    rows = [{"model": "ours (shipped marker, never trained on BASIL)", **out["ours"]},
            {"model": f"TF-IDF + LR trained on BASIL ({FOLDS} event-grouped folds)", **out["tfidf_baseline_in_domain"]}]
    out["section"] = (
        "## Loaded language on BASIL (transfer)\n\n"
        f"{out['articles']} BASIL articles (Fan et al. 2019; the same events told by Fox News, the New York "
        f"Times and the Huffington Post), {out['sentences']} sentences, {out['positives']} with a "
        "lexical-bias span. No head learns from BASIL: a sentence is flagged when its profile holds "
        "`loaded_language` evidence. The baseline is trained on BASIL itself, an in-domain reference.\n\n"
        + _table(rows, {"model": "model", "precision": "precision", "recall": "recall", "f1": "F1",
                        "flagged": "sentences flagged"}))
    return out


def measure_extras(data: Path, scorer, log: Callable[[str], None] = lambda _: None,
                   held_out: Mapping | None = None) -> dict:
    """Run every extra measurement; ``{name: {headline numbers..., "section": markdown}}``.

    ``held_out``: as for :func:`outlets`.
    """
    out = {}
    for name, run in (("attribution", lambda: attribution(data)),
                      ("contradictions", lambda: contradictions(data)),
                      ("outlets", lambda: outlets(data, scorer, held_out)),
                      ("corroboration", lambda: corroboration(data, scorer)),
                      ("loaded_transfer", lambda: loaded_transfer(data, scorer))):
        try:
            out[name] = run()
        except Exception as exc:  # noqa: BLE001 - one failed benchmark must not lose the trained model
            out[name] = {"error": repr(exc), "section": f"## {name}\n\nNot measured in this run: {exc!r}\n"}
        log(f"{name}: {'measured' if 'error' not in out[name] else out[name]['error']}")
    return out
