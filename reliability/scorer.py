"""Run the pipeline: text -> Doc -> attributions -> evidence -> features -> model -> Profile.

:class:`Scorer` loads its resources once; :func:`score` and :func:`score_frame` share one
cached default scorer, so a notebook pays the start-up cost a single time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from reliability import config
from reliability.attribution import find_attributions
from reliability.errors import InputError, ReliabilityError
from reliability.features import article_features, marker_scores
from reliability.lexicon import function_words
from reliability.markers import MARKER_NAMES, REGISTRY, extract_all
from reliability.model import ArticleModel, default_model
from reliability.profile import Profile
from reliability.records import Attribution, Evidence, MarkerScore
from reliability.sentence_facts import word_texts
from reliability.text import Doc, parse

if TYPE_CHECKING:
    import pandas as pd

    from reliability.corroboration import Finding


def as_text(value: Any, id: str | None = None) -> str:
    """Return ``value`` as text, or raise :class:`InputError` saying what is wrong with it.

    Bytes are decoded as UTF-8 (a leading byte-order mark is dropped); anything else that is
    not a string is refused rather than guessed at.
    """
    where = f" for article {id!r}" if id is not None else ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"input{where} is not UTF-8 text (byte {exc.start}): "
                             "convert it to UTF-8 first") from None
    if value is None or (isinstance(value, float) and value != value):
        raise InputError(f"no text{where}: the value is missing")
    raise InputError(f"text{where} must be a string, not {type(value).__name__}")


def _warnings(doc: Doc, truncated: bool) -> tuple[str, ...]:
    out = []
    if truncated:
        out.append("truncated")
    if doc.n_words < config.MIN_WORDS:
        out.append("too_short")
    if doc.n_words >= config.LANGUAGE_MIN_WORDS:
        # The words' texts are the contradiction marker's (already cut), counted without a
        # Python step per word.
        lows = map(str.lower, word_texts(doc)[2])
        share = sum(map(function_words().__contains__, lows)) / doc.n_words
        if share < config.ENGLISH_FUNCTION_WORD_SHARE:
            out.append("not_english")
    return tuple(out)


# Settings of this module (operational; scoring thresholds live in reliability/config.py)
#: Articles per batch in :meth:`Scorer.score_many`: the sentence and article models are called
#: once per batch, which pays scikit-learn's per-call costs once instead of once per article;
#: beyond ~32 the saving is flat while memory grows.
SCORE_BATCH = 32
#: A batch also closes at this many characters, so long articles keep memory bounded.
BATCH_CHARS = 2_000_000


@dataclass(frozen=True, slots=True)
class _Prepared:
    """An article after the per-article stages, before the sentence model."""

    doc: Doc
    attributions: tuple[Attribution, ...]
    evidence: list[Evidence]
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the pipeline computes for one article before the article model."""

    doc: Doc
    attributions: tuple[Attribution, ...]
    evidence: tuple[Evidence, ...]
    features: dict[str, float]
    markers: dict[str, MarkerScore]
    warnings: tuple[str, ...]


class Scorer:
    """Scores articles; holds the model and extractor choice, loaded once.

    Args:
        model: An article model; default: the shipped model.
        markers: Marker names to run (default: all in the registry).
        encoding_errors: ``strict`` refuses bytes that are not UTF-8; ``replace`` scores them
            with U+FFFD for each bad byte and an ``encoding_replaced`` warning.
    """

    def __init__(self, model: ArticleModel | None = None,
                 markers: Iterable[str] | None = None, encoding_errors: str = "strict") -> None:
        if encoding_errors not in ("strict", "replace"):
            raise ReliabilityError(f"encoding_errors must be 'strict' or 'replace', not {encoding_errors!r}")
        self.encoding_errors = encoding_errors
        self.model = model if model is not None else default_model()
        self.markers = tuple(markers) if markers is not None else MARKER_NAMES
        unknown = [m for m in self.markers if m not in REGISTRY]
        if unknown:
            raise ReliabilityError(f"unknown marker(s) {unknown}; choose from {list(MARKER_NAMES)}")

    def score(self, text: str | bytes, id: str | None = None) -> Profile:
        """Score one article.

        Args:
            text: The article text (bytes are decoded as UTF-8).
            id: An identifier carried into the profile.

        Returns:
            The article's :class:`Profile`; offsets index ``text`` as given (or its first
            ``config.MAX_CHARS`` characters, with a ``truncated`` warning).

        Raises:
            InputError: ``text`` is not text.
        """
        return self.profile(self.analyse(text, id), id)

    def profile(self, a: Analysis, id: str | None = None) -> Profile:
        """Turn an :meth:`analyse` result into the article's :class:`Profile` (runs the article model)."""
        return self._profiles([a], [id])[0]

    def _profiles(self, analyses: list[Analysis], ids: list[str | None]) -> list[Profile]:
        # Too little text, or a language the lexicons do not cover: say "cannot judge" (0.5,
        # mixed, judged=False) rather than give a confident number.
        judged = [not ({"too_short", "not_english"} & set(a.warnings)) for a in analyses]
        todo = [a for a, j in zip(analyses, judged) if j]
        many = getattr(self.model, "predict_many", None)
        if many is not None and len(todo) > 1:
            predicted = iter(many([a.features for a in todo], [a.doc.text for a in todo]))
        else:
            predicted = iter([self.model.predict(a.features, a.markers, a.doc.text) for a in todo])
        out = []
        for a, j, id_ in zip(analyses, judged, ids):
            reliability = next(predicted) if j else 0.5
            out.append(Profile(id=id_, text=a.doc.text, reliability=reliability,
                               band=config.band(reliability), markers=a.markers,
                               evidence=tuple(a.evidence), attributions=a.attributions,
                               sentences=a.doc.sentences, n_words=a.doc.n_words,
                               warnings=a.warnings, model=self.model.info, judged=j))
        return out

    def analyse(self, text: str | bytes, id: str | None = None) -> Analysis:
        """Run every stage but the article model and return the intermediate results.

        Training uses this to compute article features exactly as scoring does.

        Raises:
            InputError: ``text`` is not text.
        """
        return self._analyses([self._prepare(text, id)])[0]

    def _prepare(self, text: str | bytes, id: str | None) -> _Prepared:
        """The per-article stages before the sentence model: parse, attribution, rule markers."""
        replaced = False
        if isinstance(text, (bytes, bytearray)) and self.encoding_errors == "replace":
            try:
                text = bytes(text).decode("utf-8-sig")
            except UnicodeDecodeError:
                text, replaced = bytes(text).decode("utf-8-sig", errors="replace"), True
        text = as_text(text, id)
        truncated = len(text) > config.MAX_CHARS
        if truncated:
            text = text[: config.MAX_CHARS]
        doc = parse(text, config.MAX_SENTENCES)
        truncated = truncated or len(doc.text) < len(text)  # cut at the sentence cap
        attributions = find_attributions(doc)
        evidence = extract_all(doc, attributions, self.markers)
        warnings = _warnings(doc, truncated) + (("encoding_replaced",) if replaced else ())
        return _Prepared(doc, attributions, evidence, warnings)

    def _analyses(self, prepared: list[_Prepared]) -> list[Analysis]:
        """The sentence model (one call for all the articles) and the article features."""
        signals: list = [None] * len(prepared)
        evidence = [p.evidence for p in prepared]
        many = getattr(self.model, "refine_many", None)
        refine = getattr(self.model, "refine", None)
        if many is not None and len(prepared) > 1:  # a trained model re-scores every sentence
            refined = many([p.doc for p in prepared], evidence, [p.attributions for p in prepared])
            evidence, signals = [r[0] for r in refined], [r[1] for r in refined]
        elif refine is not None:
            for k, p in enumerate(prepared):
                evidence[k], signals[k] = refine(p.doc, p.evidence, p.attributions)
        out = []
        for p, ev, sig in zip(prepared, evidence, signals):
            features = article_features(p.doc, ev, p.attributions, sig)
            out.append(Analysis(p.doc, p.attributions, tuple(ev), features,
                                marker_scores(features, ev), p.warnings))
        return out

    def corroborate(self, articles: Iterable[Any], **options) -> list[Finding]:
        """Compare articles across outlets: quotations, facts and allegations that disagree.

        Args:
            articles: ``(id, text)`` pairs, or plain texts (their ids are their positions).
            **options: Passed to :func:`reliability.corroboration.corroborate` (``threshold``, ``kinds``).

        Returns:
            :class:`~reliability.corroboration.Finding` objects, each with a ``kind``, a ``why``, a
            ``level`` (``alarm`` or ``note``) and every article's side as offsets into its text.
        """
        from reliability.corroboration import corroborate

        pairs = [(str(n), a) if isinstance(a, (str, bytes)) else (str(a[0]), a[1])
                 for n, a in enumerate(articles)]
        return corroborate([self.analyse(t, i) for i, t in pairs], ids=[i for i, _ in pairs], **options)

    def score_many(self, items: Iterable[Any]) -> Iterator[Profile]:
        """Score a stream of articles, yielding one profile per input in input order.

        Articles are scored in small batches (``SCORE_BATCH`` articles or ``BATCH_CHARS``
        characters), so the sentence and article models run once per batch; the results
        equal :meth:`score` article by article.

        Args:
            items: Texts, ``(id, text)`` pairs, or dicts with ``"text"`` and optional ``"id"``;
                an item without an id gets its position (``"0"``, ``"1"``, ...).

        Yields:
            One :class:`Profile` per item; an item that cannot be scored yields an error
            profile (``error`` set) and the stream goes on.
        """
        batch: list[tuple[str, Any]] = []
        chars = 0
        for n, item in enumerate(items):
            id_: Any = None
            text: Any = item
            if isinstance(item, tuple) and len(item) == 2:
                id_, text = item
            elif isinstance(item, dict):
                id_, text = item.get("id"), item.get("text")
            # An item without an id is named by its position, so every row can be matched back.
            batch.append((str(n) if id_ is None else str(id_), text))
            chars += len(text) if isinstance(text, (str, bytes, bytearray)) else 0
            if len(batch) >= SCORE_BATCH or chars >= BATCH_CHARS:
                yield from self._score_batch(batch)
                batch, chars = [], 0
        if batch:
            yield from self._score_batch(batch)

    def _score_batch(self, batch: list[tuple[str, Any]]) -> list[Profile]:
        """Score a batch; a failing article becomes its error profile and never sinks the batch."""
        out: list[Profile | None] = [None] * len(batch)
        ready: list[tuple[int, _Prepared]] = []
        for k, (id_, text) in enumerate(batch):
            try:
                ready.append((k, self._prepare(text, id_)))
            except Exception as exc:  # noqa: BLE001 - one bad article must never end a batch
                out[k] = _failed(id_, exc)
        try:
            analyses = self._analyses([p for _, p in ready])
            profiles = self._profiles(analyses, [batch[k][0] for k, _ in ready])
            for (k, _), p in zip(ready, profiles):
                out[k] = p
        except Exception:  # noqa: BLE001 - retried article by article just below
            # Something in the batch broke a shared stage: redo its articles one by one, so
            # only the article at fault gets an error row.
            for k, p in ready:
                try:
                    out[k] = self._profiles(self._analyses([p]), [batch[k][0]])[0]
                except Exception as exc:  # noqa: BLE001 - becomes this article's error row
                    out[k] = _failed(batch[k][0], exc)
        return out  # type: ignore[return-value]


def _failed(id_: str, exc: Exception) -> Profile:
    """The error profile of an article whose scoring raised ``exc``."""
    if isinstance(exc, ReliabilityError):
        return Profile.failed(id_, str(exc))
    # One bad article must never end a batch: unexpected errors are reported, not raised.
    return Profile.failed(id_, f"internal error while scoring: {type(exc).__name__}: {exc}")


@lru_cache(maxsize=4)
def scorer_for(model: str | None = None, trust: bool = False,
               encoding_errors: str = "strict") -> Scorer:
    """Return a cached :class:`Scorer` for a model file (default: the shipped model).

    Args:
        model: Path of a model file written by ``reliability train``, or None.
        trust: Required for any file but the shipped one: loading a model runs code from it.
        encoding_errors: See :class:`Scorer`.

    Raises:
        ModelError: The file is untrusted, altered or incompatible.
    """
    if model is None:
        return Scorer(encoding_errors=encoding_errors)
    from reliability.model import load_trained

    return Scorer(model=load_trained(model, trust=trust), encoding_errors=encoding_errors)


def check_model(model: str | None = None, trust: bool = False) -> None:
    """Check the model :func:`scorer_for` would load, without loading it (sidecar, hash, versions).

    For a process that only dispatches articles to workers, each of which loads the model: it
    fails as early as loading would, and holds no copy of the model itself.

    Raises:
        ModelError: The file is untrusted, altered or incompatible.
    """
    from reliability.modelfile import check_model_file, shipped_model_path

    if model is not None:
        check_model_file(model, trust=trust)
    elif shipped_model_path().is_file():  # else the provisional model: nothing to check
        check_model_file(shipped_model_path())


def default_scorer() -> Scorer:
    """Return the shared default :class:`Scorer` (built on first use)."""
    return scorer_for()


def score(text: str | bytes, id: str | None = None) -> Profile:
    """Score one article with the default scorer. See :meth:`Scorer.score`."""
    return default_scorer().score(text, id)


def score_frame(df: pd.DataFrame, text_col: str = "text", id_col: str | None = None,
                scorer: Scorer | None = None, on_scored: Callable[[], None] | None = None) -> pd.DataFrame:
    """Score every row of a DataFrame; return one flat row per article, in input order.

    Args:
        df: Articles, one per row.
        text_col: Column holding the text.
        id_col: Column holding the id (default: the DataFrame's index).
        scorer: The scorer to use (default: the shipped model's, :func:`default_scorer`).
        on_scored: Called once per article scored (a progress bar's advance, say).

    Returns:
        A DataFrame with the columns of :meth:`Profile.to_row`; rows that could not be scored
        have ``error`` set and ``reliability`` missing.

    Raises:
        InputError: ``text_col`` or ``id_col`` is not a column of ``df``.
    """
    import pandas as pd

    for col in (text_col, id_col):
        if col is not None and col not in df.columns:
            raise InputError(f"column {col!r} not found; the frame has {list(df.columns)}")
    ids = df[id_col] if id_col is not None else df.index
    items = zip((str(i) for i in ids), df[text_col])
    rows = []
    for profile in (scorer or default_scorer()).score_many(items):
        rows.append(profile.to_row())
        if on_scored is not None:
            on_scored()
    return pd.DataFrame(rows)
