"""Synthetic contradiction copies: training rows only, with their parent's outlet group."""

from __future__ import annotations

import pandas as pd

from reliability.training.augment import SYNTHETIC, contradicted_copies, parent_key, real_rows

ARTICLE = ("Harbour deal\n\nThe port authority approved a contract for 40 new cranes on Monday, officials said.\n\n"
           "The cranes will be delivered in March 2026 by a Finnish supplier, the authority added.\n\n"
           "Dock workers welcomed the decision and said the old cranes had been failing for years.\n\n"
           "The authority will publish the full contract next week on its website for the public.\n")


def _table(n: int = 10) -> pd.DataFrame:
    return pd.DataFrame({"id": [str(i) for i in range(n)], "dataset": "setA", "text": ARTICLE,
                         "label": [i % 2 for i in range(n)], "group": [f"setA:o{i % 3}" for i in range(n)]})


def test_copies_are_labelled_unreliable_and_keep_their_parent_group() -> None:
    table = _table()
    copies = contradicted_copies(table, share=1.0)
    parents = table.set_index(table.apply(parent_key, axis=1))
    assert len(copies) == (table["label"] == 0).sum()  # every reliable article has an editable sentence
    assert set(copies["dataset"]) == {SYNTHETIC} and set(copies["label"]) == {1}
    for row in copies.itertuples():
        parent = parents.loc[row.parent]
        assert parent["label"] == 0 and row.group == parent["group"]
        assert len(row.text) > len(parent["text"])  # one sentence inserted, nothing removed
    assert contradicted_copies(table, share=1.0).equals(copies)  # seeded


def test_real_rows_mask_and_empty_inputs() -> None:
    table = _table()
    both = pd.concat([table, contradicted_copies(table, share=0.5)], ignore_index=True)
    assert real_rows(both).sum() == len(table)
    assert contradicted_copies(table[table["label"] == 1], share=1.0).empty
