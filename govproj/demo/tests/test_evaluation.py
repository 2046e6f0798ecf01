"""The engine against the labelled evaluation set (see ``evalset.py`` for how it is made and why).

Floors sit a little below what the engine measures today, so that a change which makes the
check worse fails here; the figures are part of every assertion message.
"""

import json

import pytest

from govproj.demo import evalset
from govproj.similarity.engine import Doc, Index

RECALL_AT_5_FLOOR = 0.96  # measured 0.992 (238 of 240)
TOP_HIT_PRECISION_FLOOR = 0.80  # measured 0.850 (204 of 240)


def _rows(name: str) -> list[dict]:
    with open(evalset.DATA / name, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _doc(row: dict) -> Doc:
    return Doc(row["name"], row["content"], row["functions"], row["unit"], row["category"])


@pytest.fixture(scope="module")
def figures() -> dict:
    corpus, queries = _rows("corpus.jsonl"), _rows("queries.jsonl")
    index = Index()
    for row in corpus:
        index.add(row["id"], _doc(row))
    found_in_5 = top_hit = 0
    for query in queries:
        keys = [m.key for m in index.query(_doc(query), top=5)]
        found_in_5 += bool(set(query["relevant"]) & set(keys))
        top_hit += bool(keys) and keys[0] in query["relevant"]
    n = len(queries)
    return {"corpus": len(corpus), "queries": n, "recall@5": found_in_5 / n, "top-1 precision": top_hit / n}


def test_the_set_is_what_the_generator_writes():
    corpus, queries = evalset.build()
    assert _rows("corpus.jsonl") == corpus and _rows("queries.jsonl") == queries, \
        "run `python -m govproj.demo.evalset` after changing the generator"
    assert len(corpus) >= 600 and len(queries) >= 200
    ids = {row["id"] for row in corpus}
    assert all(query["relevant"] and set(query["relevant"]) <= ids for query in queries)


def test_recall_at_5(figures):
    assert figures["recall@5"] >= RECALL_AT_5_FLOOR, figures


def test_precision_of_the_top_hit(figures):
    assert figures["top-1 precision"] >= TOP_HIT_PRECISION_FLOOR, figures
