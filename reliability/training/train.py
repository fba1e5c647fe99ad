"""Train, measure and ship the default model: ``reliability train`` and ``reliability evaluate``.

One run rebuilds every table from the data folder, fits the sentence heads and the calibrated
article model, measures all of it on grouped folds or dev splits (refitting inside each fold),
and writes the model file, its sidecar and the model card. Every step is seeded, so the same
data gives the same model.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pandas as pd

from reliability import __version__, config
from reliability.corpora import data_dir
from reliability.modelfile import DEFAULT_NAME, save_model, shipped_model_path, sidecar_path
from reliability.attribution_cues import WEIGHTS_FILE
from reliability.records import ModelInfo
from reliability.resources import resource_text
from reliability.training import datasets
from reliability.training.attribution_cues import refit_shipped
from reliability.training.augment import contradicted_copies, real_rows
from reliability.training.word_vectors import vectors_bytes
from reliability.training.fit import HEAD_TASKS, article_estimator, article_matrix, fit_bundle


def _info() -> ModelInfo:
    return ModelInfo(DEFAULT_NAME, __version__, {"trained": True})


def build_tables(data=None, log: Callable[[str], None] = lambda _: None) -> dict[str, pd.DataFrame]:
    """Build every sentence table (rules computed by our extractors in article context)."""
    tables = {}
    for name, (build, _) in HEAD_TASKS.items():
        tables[name] = build(data=data)
        log(f"table {name}: {len(tables[name])} sentences, {tables[name]['label'].mean():.2f} positive")
    return tables


def fit_article_model(bundle, articles: pd.DataFrame, X, names: list[str]) -> TrainedModel:
    """Fit the article model on ``articles`` (rows of ``X``) over the sentence ``bundle``.

    Shipped as its fitted numbers: scoring then never imports scikit-learn's linear models,
    calibration or metrics (see :mod:`reliability.article_head`).
    """
    from reliability.article_head import ArticleHead
    from reliability.model import TrainedModel

    article = article_estimator(articles["group"].to_numpy()).fit(
        X, articles["label"].to_numpy(), synthetic=~real_rows(articles),
        calibrate=datasets.measured_rows(articles))
    return TrainedModel(bundle, ArticleHead.from_calibrated(article), names, _info())


def article_rows(data=None) -> pd.DataFrame:
    """The article model's training rows: every article set plus the contradicted copies."""
    articles = datasets.article_table(data)
    return pd.concat([articles, contradicted_copies(articles)], ignore_index=True)


class HeldOutScorers(Mapping):
    """Per training-only corpus, a scorer whose article model never saw that corpus.

    The refits are built on first lookup of a corpus it holds, all at once: they share the
    article features of every training row, the bulk of the cost (67 s of a 77 s cached
    ``scripts/eval_sources.py`` run before this class), so a run whose scored rows are all
    cached never builds them. Iterating gives the corpus names only.
    """

    def __init__(self, build: Callable[[], dict]) -> None:
        self._build = build
        self._scorers: dict | None = None

    def __getitem__(self, name: str):
        if name not in datasets.TRAINING_ONLY_SETS:
            raise KeyError(name)
        if self._scorers is None:
            self._scorers = self._build()
        return self._scorers[name]

    def __iter__(self) -> Iterator[str]:
        return iter(datasets.TRAINING_ONLY_SETS)

    def __len__(self) -> int:
        return len(datasets.TRAINING_ONLY_SETS)


def held_out_scorers(model, articles: pd.DataFrame | None = None, X=None, data=None) -> HeldOutScorers:
    """Per training-only corpus, a scorer whose article model never saw that corpus.

    The outlet-rating check (:func:`reliability.evaluation.extras.outlets`) needs articles the
    article model did not learn from; golbeck2018's fake articles train the shipped one, so its
    articles are scored by the same sentence heads with the article model refitted without them.
    Nothing is fitted until a scorer is looked up (:class:`HeldOutScorers`).

    Args:
        model: The trained model (its sentence heads and feature names are kept).
        articles: :func:`article_rows`, built from ``data`` when None.
        X: Their article-model input (computed with ``model`` when None).
        data: Data folder, when ``articles`` is None.
    """
    from reliability.scorer import Scorer

    def build() -> dict:
        rows = article_rows(data) if articles is None else articles
        inputs = article_matrix(Scorer(model=model), rows["text"].tolist())[0] if X is None else X
        out = {}
        for name in datasets.TRAINING_ONLY_SETS:
            keep = (rows["dataset"] != name).to_numpy()
            refit = fit_article_model(model.bundle, rows[keep], inputs[keep], list(model.feature_names))
            out[name] = Scorer(model=refit)
        return out

    return HeldOutScorers(build)


def measure(model, tables: dict[str, pd.DataFrame] | None, articles: pd.DataFrame, X,
            log: Callable[[str], None] = lambda _: None, data=None) -> dict:
    """Measure a model: article CV, sentence-head CV (when ``tables``), faithfulness, seeds.

    Cross-validation refits inside every fold (the architecture is measured, never the fitted
    model on rows it saw); faithfulness and seeds use ``model`` itself.
    """
    from reliability.evaluation import model as ev
    from reliability.scorer import Scorer

    article_metrics, _ = ev.evaluate_articles(X, articles, article_estimator)
    log("article model, outlet-grouped CV:\n" + article_metrics.to_string(index=False))
    metrics: dict = {"articles": article_metrics.to_dict("records")}
    if tables is not None:
        heads = []
        for name in HEAD_TASKS:
            heads.append(ev.evaluate_head(name, tables))
            log(f"sentence head {name}: {heads[-1]}")
        metrics["sentences"] = heads
        from reliability.evaluation.blends import evaluate_blend

        metrics["blends"] = [evaluate_blend(m, tables) for m in config.HEAD_BLENDS]
        log(f"pooled markers: {metrics['blends']}")
    scorer = Scorer(model=model)
    real = articles[datasets.measured_rows(articles)]
    sample = pd.concat([g.sample(min(len(g), config.FAITHFULNESS_ARTICLES // 2), random_state=0)
                        for _, g in real.groupby("dataset", sort=True)])
    metrics["faithfulness"] = ev.comprehensiveness(scorer, sample["text"].tolist())
    log(f"faithfulness: {metrics['faithfulness']}")
    metrics["seeds"] = _seed_scores(scorer)
    log(f"seeds: {metrics['seeds']}")
    if tables is not None:  # the full measurement: extractor benchmarks and outlet ratings too
        from reliability.evaluation.extras import measure_extras

        metrics["extras"] = measure_extras(data_dir(data), scorer, log,
                                          held_out=held_out_scorers(model, articles, X))
    return metrics


def train(data=None, out: str | Path = "models", ship: bool = True, evaluate: bool = True,
          log: Callable[[str], None] = lambda _: None) -> dict:
    """Fit the default model, measure it, save it (and copy it into the package when ``ship``).

    Args:
        data: Data folder (default ``$RELIABILITY_DATA`` or ``../shared/data``).
        out: Folder for the model file, its sidecar and ``MODEL_CARD.md``.
        ship: Also copy model and sidecar into ``reliability/resources/model`` (package data),
            after first refitting the attribution cue weights into the package; without it the
            shipped cue weights are used as they are.
        evaluate: Also cross-validate the sentence heads (minutes); article metrics,
            faithfulness and seeds are always measured.
        log: Called with one line per step (the CLI prints them).

    Returns:
        The metrics dict written into the sidecar and the model card.
    """
    from reliability.evaluation.card import write_card
    from reliability.model import TrainedModel
    from reliability.scorer import Scorer

    t0 = time.time()
    root = data_dir(data)
    out = Path(out)
    if ship:
        cue_path = refit_shipped(root)
        log(f"attribution cue weights refitted on PolNeAR train ({time.time() - t0:.0f}s): {cue_path}")
    tables = build_tables(root, log)
    bundle = fit_bundle(tables)
    log(f"sentence heads fitted ({time.time() - t0:.0f}s): " +
        ", ".join(f"{k} threshold {h.threshold:.2f}" for k, h in bundle.heads.items()))
    articles = article_rows(root)
    staged = Scorer(model=TrainedModel(bundle, None, [], _info()))
    X, names = article_matrix(staged, articles["text"].tolist())
    model = fit_article_model(bundle, articles, X, names)
    metrics = measure(model, tables if evaluate else None, articles, X, log, root)

    hashes = {name: datasets.fingerprint(df["text"]) for name, df in tables.items()}
    hashes["articles"] = datasets.fingerprint(articles["text"][real_rows(articles)])
    # Every feature went through the attribution finder, so its learned weights are an input too.
    hashes["attribution_cue_weights"] = datasets.fingerprint([resource_text(WEIGHTS_FILE)])
    # The heads' meaning prior was fitted over the packaged word vectors.
    hashes["word_vectors"] = hashlib.sha256(vectors_bytes()).hexdigest()
    path = out / f"{DEFAULT_NAME}.joblib"
    save_model(model, path, feature_names=names, training_data=hashes, metrics=metrics)
    write_card(metrics, out / "MODEL_CARD.md", model_path=path)
    if ship:
        target = shipped_model_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        shutil.copyfile(sidecar_path(path), sidecar_path(target))
    log(f"saved {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.time() - t0:.0f}s")
    return metrics


def evaluate(data=None, out: str | Path = "models", log: Callable[[str], None] = lambda _: None) -> dict:
    """Measure the shipped model and write ``MODEL_CARD.md`` into ``out``.

    Sentence heads and the article model are cross-validated with the shipped architecture
    (refit per fold); faithfulness and seeds use the shipped model as it is.
    """
    from reliability.evaluation.card import write_card
    from reliability.model import default_model
    from reliability.scorer import Scorer

    root = data_dir(data)
    model = default_model()
    tables = build_tables(root, log)
    articles = article_rows(root)
    X, _ = article_matrix(Scorer(model=model), articles["text"].tolist())
    metrics = measure(model, tables, articles, X, log, root)
    write_card(metrics, Path(out) / "MODEL_CARD.md", model_path=shipped_model_path())
    return metrics


def _seed_scores(scorer) -> dict[str, float]:
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    if not seeds.is_dir():  # an installed package has no seeds folder beside it
        return {}
    return {p.stem[:3]: round(scorer.score(p.read_text(encoding="utf-8")).reliability, 3)
            for p in sorted(seeds.glob("*.txt"))}
