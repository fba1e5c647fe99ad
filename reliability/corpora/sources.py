"""Outlet ratings keyed by normalised domain: Baly et al. 2018, MBFC (OSoMe 2023), Lin et al. 2023.

Every reader returns a DataFrame with a ``domain`` column built by :func:`normalise_domain`, so
ratings from different sets, and article URLs, join on the same key. :func:`outlet_key` goes one
step further (registrable domain, known news shortlinks resolved) and is what article corpora use
as the cross-validation group: two URLs with the same outlet key must never sit in different folds.
"""

from __future__ import annotations

import json
import os
from urllib.parse import urlsplit

import pandas as pd

from reliability.corpora import DataMissing, data_dir

NAMES = ("baly2018", "mbfc_osome2023", "lin2023")

# Baly et al.'s three-way factuality; MBFC's six levels map onto it. "mostly factual" (an MBFC level
# added after Baly et al. 2018) goes to "mixed": anything short of MBFC's "high" is not high.
FACT3 = {"very high": "high", "high": "high", "mostly factual": "mixed", "mixed": "mixed",
         "low": "low", "very low": "low"}
# Ordinal position of each MBFC factual-reporting level, lowest first.
MBFC_FACT_ORDER = ("very low", "low", "mixed", "mostly factual", "high", "very high")

# News shortlink hosts that stand for exactly one outlet (seen in FakeNewsNet sources). Generic
# shorteners (goo.gl, bit.ly, fb.me) are NOT here: they say nothing about the outlet.
SHORTLINKS = {
    "politi.co": "politico.com", "cnn.it": "cnn.com", "abcn.ws": "go.com", "nyti.ms": "nytimes.com",
    "wapo.st": "washingtonpost.com", "fxn.ws": "foxnews.com", "nbcnews.to": "nbcnews.com",
    "reut.rs": "reuters.com", "usat.ly": "usatoday.com", "huff.to": "huffingtonpost.com",
    "bbc.in": "bbc.co.uk", "hill.cm": "thehill.com", "n.pr": "npr.org", "wpo.st": "washingtonpost.com",
}
# Second-level labels under which a country-code TLD sells names (news.co.uk -> keep 3 labels).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go", "gv"})


def normalise_domain(url_or_name: str | None) -> str:
    """Return the lower-case host of a URL or bare domain, without ``www.``, port or trailing dot.

    ``"https://WWW.Example.com:8080/a"``, ``"example.com/a"`` and ``"www.example.com"`` all give
    ``"example.com"``. Anything without a host gives ``""``.
    """
    if not isinstance(url_or_name, str):
        return ""
    s = url_or_name.strip()
    if not s:
        return ""
    # urlsplit only finds the host after "//"; bare names ("example.com/x") need it added.
    if "://" not in s:
        s = "//" + s.lstrip("/")
    try:
        host = urlsplit(s).hostname or ""
    except ValueError:  # malformed IPv6 brackets and the like
        return ""
    host = host.strip(".")
    first, _, rest = host.partition(".")
    if rest and (first == "www" or (first.startswith("www") and first[3:].isdigit())):
        host = rest
    return host


def outlet_key(url_or_name: str | None) -> str:
    """Return the outlet a URL belongs to, for grouping: registrable domain, shortlinks resolved.

    ``"http://author.example.org/x"`` -> ``"example.org"``, ``"http://politi.co/x"`` ->
    ``"politico.com"``. Collapsing subdomains may merge unrelated blogs on one host
    (``*.blogspot.com``); for cross-validation grouping that errs on the safe side.
    """
    host = normalise_domain(url_or_name)
    if host in SHORTLINKS:
        return SHORTLINKS[host]
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def ratings(name: str, data: str | os.PathLike | None = None, version: str = "emnlp18") -> pd.DataFrame:
    """Read one outlet-rating set.

    Args:
        name: ``baly2018``, ``mbfc_osome2023`` or ``lin2023``.
        data: Data folder (default ``$RELIABILITY_DATA`` or ``../shared/data``).
        version: For ``baly2018`` only: ``emnlp18`` (1,066 outlets) or ``acl2020``.

    Returns:
        Always ``domain`` (see :func:`normalise_domain`) and ``outlet`` (:func:`outlet_key`), plus:
        baly2018: ``source_id`` (their key, used in their splits), ``url``, ``fact``
        (high/mixed/low), ``bias``; mbfc_osome2023: ``name``, ``url``, ``factual`` (six MBFC
        levels, lower case), ``factual_rank`` (0 = very low .. 5 = very high, NA if unrated),
        ``fact`` (three levels, see ``FACT3``), ``bias``, ``credibility``, ``country``,
        ``media_type``; lin2023: ``pc1`` (0 = lowest .. 1 = highest quality) and the component
        ratings as published. Domains may repeat (MBFC rates some sister stations apart).

    Raises:
        DataMissing: The files are not there.
        ValueError: Unknown ``name``.
    """
    readers = {"baly2018": lambda root: _baly(root, version), "mbfc_osome2023": _mbfc, "lin2023": _lin}
    if name not in readers:
        raise ValueError(f"unknown rating set {name!r}; choose from {NAMES}")
    root = data_dir(data) / "sources" / name
    if not root.is_dir():
        raise DataMissing(f"{name} not found under {root}")
    df = readers[name](root)
    df["outlet"] = df["domain"].map(outlet_key)
    return df


def baly_splits(data: str | os.PathLike | None = None,
                version: str = "emnlp18") -> dict[int, dict[str, list[str]]]:
    """Return Baly et al.'s own 5 folds: ``{fold: {"train": [source_id...], "test": [...]}}``."""
    path = data_dir(data) / "sources" / "baly2018" / version / "splits.json"
    if not path.is_file():
        raise DataMissing(f"Baly splits not found at {path}")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {int(k): {part: list(ids) for part, ids in v.items()} for k, v in raw.items()}


def _baly(root, version: str) -> pd.DataFrame:
    path = root / version / "corpus.tsv"
    if not path.is_file():
        raise DataMissing(f"Baly corpus not found at {path}")
    df = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    return pd.DataFrame({
        "domain": df["source_url"].map(normalise_domain),
        "source_id": df["source_url_normalized"],
        "url": df["source_url"],
        "fact": df["fact"].str.strip().str.lower(),
        "bias": df["bias"].str.strip().str.lower(),
    })


def _mbfc(root) -> pd.DataFrame:
    df = pd.read_csv(root / "mbfc_ratings.csv", dtype=str)
    factual = df["factual_reporting"].str.strip().str.lower()
    rank = {level: i for i, level in enumerate(MBFC_FACT_ORDER)}
    # The domain column is usually a bare host but sometimes carries a path; fall back to the URL.
    domain = df["domain"].fillna(df["source"]).map(normalise_domain)
    return pd.DataFrame({
        "domain": domain,
        "name": df["page"],
        "url": df["source"],
        "factual": factual,
        "factual_rank": factual.map(rank).astype("Int64"),
        "fact": factual.map(FACT3),
        "bias": df["bias_rating"].str.strip().str.lower(),
        "credibility": df["credibility_rating"].str.strip().str.lower(),
        "country": df["country"],
        "media_type": df["media_type"],
    })


def _lin(root) -> pd.DataFrame:
    path = root / "domain_ratings.csv"
    df = pd.read_csv(path if path.is_file() else root / "domain_pc1.csv")
    df.insert(0, "domain_raw", df.pop("domain"))
    df.insert(0, "domain", df["domain_raw"].map(normalise_domain))
    return df
