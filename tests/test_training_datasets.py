"""Article training table: cross-corpus outlet groups, training-only rows, near-duplicates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import DATA
from reliability import config
from reliability.training import datasets
from reliability.training.augment import SYNTHETIC

STORY = ("The senator said on Monday that the bill would cut taxes for families earning less than "
         "fifty thousand dollars a year and would be paid for by closing loopholes for large firms.")
OTHER = ("Heavy rain flooded three villages in the valley overnight and the regional council opened "
         "two shelters in school buildings while engineers inspected the old stone bridge.")

MORE = ("Officials at the port reported that container traffic rose for the fourth month in a row, "
        "helped by new shipping routes, lower fuel costs and a backlog of orders placed before the "
        "holidays, though dock workers warned that staffing had not kept pace with the growth.")


@pytest.mark.parametrize("candidate, expected", [
    (STORY, True),                                  # the same story
    ("BREAKING: " + STORY + " Share this now!", True),  # a repost with a few words around it
    (OTHER, False),                                 # another story
    (OTHER + " " + MORE + " " + STORY[:50], False),  # a short shared phrase is not a copy
    ("", True),                                     # nothing to train on: left out too
    ("Too short to shingle.", True),
])
def test_near_duplicates(candidate: str, expected: bool) -> None:
    assert datasets.near_duplicates([candidate], [STORY, "unrelated words " * 20]).tolist() == [expected]


def test_near_duplicates_is_case_and_punctuation_blind() -> None:
    shouted = STORY.upper().replace(",", " ,").replace(".", "!!")
    assert datasets.near_duplicates([shouted], [STORY]).tolist() == [True]
    assert datasets.near_duplicates([], [STORY]).shape == (0,)


def test_overlap_threshold_is_the_configured_share() -> None:
    words = OTHER.split()
    n = config.DUPLICATE_SHINGLE
    # A candidate of which exactly k shingles come from the reference.
    reference = " ".join(words[:n + 1])  # two shingles
    k_of = len(words) - n + 1
    share = 2 / k_of
    assert datasets.near_duplicates([OTHER], [reference]).tolist() == [share > config.DUPLICATE_OVERLAP]


def test_measured_rows() -> None:
    table = pd.DataFrame({"dataset": ["hyperpartisan2019", "golbeck2018", SYNTHETIC, "horne2017"]})
    assert datasets.measured_rows(table).tolist() == [True, False, False, True]


@pytest.mark.skipif(not (DATA / "articles" / "golbeck2018").is_dir(),
                    reason="public corpora (../shared/data or $RELIABILITY_DATA) not present")
def test_article_table_on_the_corpora() -> None:
    table = datasets.article_table(DATA)
    measured = datasets.measured_rows(table)
    assert list(dict.fromkeys(table["dataset"])) == [*datasets.ARTICLE_SETS, *datasets.TRAINING_ONLY_SETS]
    extra = table[~measured]
    # Golbeck's satire is dropped, so the training-only rows are all fake; none repeats a measured one.
    assert len(extra) > 150 and set(extra["label"]) == {1}
    assert not datasets.near_duplicates(extra["text"], table.loc[measured, "text"]).any()
    # An outlet found in two corpora is one group, so grouped folds cannot split it.
    outlets = table["group"][table["group"].str.contains(".", regex=False)]
    assert not outlets.str.contains(":").any()
    by_outlet = table.groupby("group")["dataset"].nunique()
    assert (by_outlet > 1).any()
    # Groups without an outlet keep their corpus: Horne's collections never merge with others.
    assert set(table.loc[table["dataset"] == "horne2017", "group"]) == {"horne2017:buzzfeed", "horne2017:random"}
    assert np.isin(table.loc[measured, "label"], [0, 1]).all()
