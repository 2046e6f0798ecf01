"""Duplicate-construction check at 50,000 projects: index build time, query latency, incremental updates.

Run: ``.venv/bin/python bench/similarity.py [--projects 50000] [--queries 500]``. Needs no database:
the engine is pure Python and the platform keeps it in memory. The projects are drawn from the
vocabulary of the evaluation set (``govproj/demo/evalset_vocabulary.py``: every department's subjects ×
seven kinds of system, random modules, phrasings, units and content), so the corpus repeats the
same few thousand distinctive words far more often than a real one would: many postings per term,
a pessimistic case for query time. Queries are rewrites of indexed projects, as ``evalset.rewrite``
makes them.

Printed from one run: build time in total and per 1,000 projects; query latency p50 / p95 / max
and queries per second; how much of the exact top 10 the bounded query keeps (the engine reads at
most ``POSTINGS_BUDGET`` postings and rescores ``RERANK`` candidates; here compared with reading
all postings and rescoring every candidate); add, replace and remove times at full size; and,
since the machine may be noisy, each latency also as a multiple of segmenting one project's text
(jieba), the part of a query that does not depend on the size of the index. Not a test: pytest never collects it
(``testpaths = govproj``, file not named ``test_*``).
"""

import argparse
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from govproj.demo import evalset  # noqa: E402
from govproj.similarity import engine  # noqa: E402


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def doc(fields: dict) -> engine.Doc:
    return engine.Doc(fields["name"], fields["content"], fields["functions"], fields["unit"], fields["category"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=500)
    options = parser.parse_args()
    rng = random.Random(11)
    pairs = [(d, s) for d in evalset.DOMAINS for s in d.subjects]
    start = time.perf_counter()
    projects = []
    for _ in range(options.projects):
        domain, subject = rng.choice(pairs)
        projects.append(evalset.synthetic_project(rng, domain, subject, rng.choice(evalset.KINDS)))
    docs = [doc(p.fields) for p in projects]
    print(f"generated {len(docs)} projects in {time.perf_counter() - start:.1f} s "
          f"({len(pairs)} subjects × {len(evalset.KINDS)} kinds)")

    segment = [timed(engine._doc_terms, d)[0] for d in docs[:2000]]
    unit = statistics.median(segment)
    print(f"segmenting one project (jieba + terms): p50 {unit * 1000:.2f} ms — the yardstick below")

    index = engine.Index()
    build, _ = timed(lambda: [index.add(f"project:{i}", d) for i, d in enumerate(docs)])
    print(f"index build: {build:.1f} s for {len(index)} projects = {build / len(index) * 1000:.2f} s per 1,000 "
          f"({build / len(index) / unit:.1f}× segmenting); terms in the vocabulary: {len(index._term_ids)}")

    targets = rng.sample(range(len(projects)), options.queries)
    queries = [doc(evalset.rewrite(rng, projects[i])) for i in targets]
    index.query(queries[0])  # warm caches once
    latencies, found = [], 0
    for i, query in zip(targets, queries, strict=True):
        seconds, matches = timed(index.query, query, top=10)
        latencies.append(seconds)
        found += f"project:{i}" in [m.key for m in matches]
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    print(f"query (top 10) over {len(index)}: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
          f"max {max(latencies) * 1000:.1f} ms, {len(latencies) / sum(latencies):.0f} queries/s; "
          f"p50 = {p50 / unit:.1f}× segmenting one project")
    print(f"  the rewritten project itself among the top 10: {found}/{len(queries)} "
          f"(the synthetic corpus holds ~{len(projects) // (len(pairs) * len(evalset.KINDS))} projects of each "
          f"subject × kind, so many near-twins compete)")

    bounded = [index.query(query, top=10) for query in queries[:30]]
    limits = engine.POSTINGS_BUDGET, engine.RERANK
    engine.POSTINGS_BUDGET = engine.RERANK = len(index) * 1000  # no bound: every posting, every candidate
    exact = [index.query(query, top=10) for query in queries[:30]]
    engine.POSTINGS_BUDGET, engine.RERANK = limits
    kept = sum(len({m.key for m in a} & {m.key for m in b}) for a, b in zip(bounded, exact, strict=True))
    print(f"  bounded query keeps {kept / sum(len(e) for e in exact):.1%} of the exact top 10 "
          f"(budget {limits[0]:,} postings, {limits[1]} rescored); same best match in "
          f"{sum(a[0].key == b[0].key for a, b in zip(bounded, exact, strict=True))}/{len(exact)}")

    adds, replaces, removes = [], [], []
    for n in range(200):
        extra = doc(evalset.rewrite(rng, rng.choice(projects)))
        adds.append(timed(index.add, f"new:{n}", extra)[0])
        replaces.append(timed(index.add, f"project:{n}", extra)[0])
    for n in range(200):
        removes.append(timed(index.remove, f"new:{n}")[0])
    for label, values in (("add", adds), ("replace", replaces), ("remove", removes)):
        print(f"{label} one project at {len(index)}: p50 {statistics.median(values) * 1000:.2f} ms, "
              f"p95 {percentile(values, 0.95) * 1000:.2f} ms")
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
