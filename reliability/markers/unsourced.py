"""Unsourced allegations: a claim of wrongdoing, or a categorical factual claim, with no identifiable source.

A sentence is flagged when it holds a cue from ``allegation_cues.tsv`` (wrongdoing such as
"siphoned", "fraud", "cover-up"; or a categorical assertion such as "revealed that", "it is a
fact") and the attribution that covers it is missing, vague or anonymous. A claim attributed to a
named source or a document is accountable and not flagged. Hedged allegations ("had allegedly
siphoned") are still allegations: "allegedly" is an attribution of kind ``none``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reliability import config
from reliability.lexicon import Match, sentence_matches
from reliability.records import Attribution, Evidence, Sentence, Span
from reliability.text import Doc

MARKER = "unsourced_allegations"
LEXICON = "allegation_cues.tsv"

# Thresholds (UNSOURCED_*) live in reliability/config.py.

# Most accountable first: among the attributions that cover a claim, the best one decides.
_ACCOUNTABILITY = ("named", "document", "anonymous", "vague", "none")
# "corruption claims", "a fraud investigation": the cue names an allegation rather than making it.
# Possessive ``*+``: no noun starts with a space or hyphen, so giving some back never helps, and a
# long run of spaces after a cue is then crossed once instead of once per backtracking step.
_REFERENCE_AFTER = re.compile(
    r"[\s-]*+(?:claims?|allegations?|accusations?|charges?|probes?|investigations?|inquiry|inquiries|"
    r"trials?|cases?|laws?|rules?|watchdogs?|experts?|scandals?)\b", re.IGNORECASE)
# "anti-corruption", "denied any wrongdoing", "accused of fraud", "no evidence of fraud".
_REFERENCE_BEFORE = re.compile(
    r"(?:anti-|\b(?:den(?:y|ies|ied|ying)|accused of|allegations? of|accusations? of|charged with|"
    r"evidence of|free of|against|fight(?:ing)?|combat(?:ing)?|investigat\w* for)\s+(?:any\s+|the\s+)?)$",
    re.IGNORECASE)
_LOOKBACK = 40  # characters before a cue searched for a reference frame
# "X claimed the tie was a gift, though no records of such a trip exist": after a concessive
# connective the writer speaks again, so the claim there is not X's.
_CONCESSIVE = re.compile(r"[,;]\s*(?:even\s+)?(?:though|although|but|yet|whereas)\b", re.IGNORECASE)


def is_reference(text: str, m: Match, s: Sentence) -> bool:
    """True when the cue talks about an allegation instead of making one.

    Args:
        text: The article text.
        m: A match of the allegation lexicon in ``text``.
        s: The sentence holding it ("denied any wrongdoing", "corruption charges" are references).
    """
    if _REFERENCE_AFTER.match(text, m.end, s.end):
        return True
    return bool(_REFERENCE_BEFORE.search(text[max(s.start, m.start - _LOOKBACK):m.start]))


def _writer_again(text: str, a: Attribution, c: Match) -> bool:
    """A concessive clause of the writer's comes between the attributed content and the cue."""
    return a.content_start is not None and a.content_start <= c.start \
        and _CONCESSIVE.search(text, a.content_start, c.start) is not None


def _covering(text: str, cues: list[Match], s: Sentence, atts: Sequence[Attribution]) -> list[Attribution]:
    """Attributions that cover the claim: those whose content holds a cue, else any in the sentence.

    An attribution never covers a cue the writer states after a concessive connective.
    """
    atts = [a for a in atts if not all(_writer_again(text, a, c) for c in cues)]
    holding = [a for a in atts if a.content_start is not None
               and any(a.content_start <= c.start and c.end <= a.content_end for c in cues)]
    same = [a for a in atts if a.sentence == s.index]
    if not holding:
        return same
    seen = {id(a) for a in holding}
    return holding + [a for a in same if id(a) not in seen]


def _best(atts: list[Attribution]) -> Attribution | None:
    return min(atts, key=lambda a: _ACCOUNTABILITY.index(a.kind)) if atts else None


def _why(cue: Match, att: Attribution | None) -> str:
    what = "allegation" if cue.row.get("type") == "wrongdoing" else "categorical claim"
    head = f"{what} ('{cue.text}')"
    if att is None:
        return f"{head} with no identifiable source"
    if att.kind == "none":
        return f"{head} with no identifiable source (only '{att.cue}')"
    article = "an anonymous" if att.kind == "anonymous" else "a vague"
    # A cue whose source phrase lies in another sentence ("..., he added") has no phrase to quote.
    shown = f"'{att.source}'" if att.source is not None else f"cue '{att.cue}'"
    return f"{head} attributed only to {article} source ({shown})"


def _strength(cues: list[Match], state: str) -> float:
    base = max(config.UNSOURCED_WRONGDOING_STRENGTH if c.row.get("type") == "wrongdoing"
               else config.UNSOURCED_ASSERTION_STRENGTH for c in cues)
    bonus = config.UNSOURCED_EXTRA_CUE_BONUS * (len(cues) - 1)
    return min(config.UNSOURCED_MAX_STRENGTH, (base + bonus) * config.UNSOURCED_STATE_FACTOR[state])


def _sentence_evidence(doc: Doc, s: Sentence, matches: list[Match], atts: Sequence[Attribution]) -> Evidence | None:
    text = doc.text
    cues = [m for m in matches if not is_reference(text, m, s)]
    if not cues:
        return None
    att = _best(_covering(text, cues, s, atts))
    state = att.kind if att is not None else "none"
    if state not in config.UNSOURCED_STATE_FACTOR:
        return None  # named or document: the claim has an accountable source
    spans = [Span(c.start, c.end, c.text) for c in cues]
    if att is not None and att.source_start is not None and s.start <= att.source_start \
            and att.source_end <= s.end:
        spans.append(Span(att.source_start, att.source_end, att.source))
    # Wrongdoing cues explain the flag best; name the first one.
    lead = next((c for c in cues if c.row.get("type") == "wrongdoing"), cues[0])
    return Evidence(MARKER, s.index, s.start, s.end, round(_strength(cues, state), 4),
                    tuple(sorted(spans, key=lambda sp: sp.start)), _why(lead, att))


def extract(doc: Doc, attributions: Sequence[Attribution]) -> list[Evidence]:
    """Flag sentences whose allegation or categorical claim lacks an accountable source.

    Args:
        doc: The parsed document.
        attributions: All attributions of the document (:func:`reliability.attribution.find_attributions`).

    Returns:
        At most one :class:`Evidence` per sentence, in sentence order; boilerplate is skipped.
    """
    by_sentence: dict[int, list[Attribution]] = {}
    for a in attributions:
        by_sentence.setdefault(a.sentence, []).append(a)
    out: list[Evidence] = []
    # Only sentences holding a cue can be flagged: one matcher pass finds them (boilerplate skipped).
    for s, matches in sentence_matches(LEXICON, doc.text, doc.sentences):
        # Attributions from neighbouring sentences matter when their content (a quote) reaches here.
        near = [a for i in (s.index - 1, s.index, s.index + 1) for a in by_sentence.get(i, ())]
        ev = _sentence_evidence(doc, s, matches, near)
        if ev is not None:
            out.append(ev)
    return out
