"""Labelled evaluation set of the duplicate-construction check, generated so that it can be rebuilt and read.

Run ``python -m govproj.demo.evalset`` to (re)write ``tests/data/corpus.jsonl`` (the
projects already on record) and ``tests/data/queries.jsonl`` (new declarations, each with the
ids of the record projects it duplicates). The output depends only on ``SEED``.

Why generated rather than collected: real declarations of Qinzhou are not public in bulk, and a
hand-labelled set of a few hundred pairs would hide how it was made. Here every project is a
*subject* of a department's work (路灯, 公交, 河湖长制 …) built as one *kind* of system (监测预警、
综合管理、移动巡查、指挥调度、公众服务、数据资源、视频监控). A corpus holds most subject × kind
pairs once, so next to every target stand its hardest negatives: the same subject built as
another kind of system, other subjects of the same department built as the same kind, and
umbrella projects (“智慧城管综合平台”) that name one module of many subjects. All of them share
the unit, the category and the generic words (智慧、平台、系统、建设 …) with the target.

A query is a redeclaration of one corpus project as another unit would write it: other
phrasings of the subject, the kind and each module (the phrasing pools of ``evalset_vocabulary`` are written for
this set and are not the engine's synonym table, so the engine meets spellings it was never
told about), modules reordered, one dropped or a generic one added, every sentence of the
content said in other words (a background or scale sentence sometimes dropped, the figures kept
half of the time) or the content left out, the unit a county's counterpart or the bureau's other
name. Each query has exactly one relevant project: its source. Siblings of the source (same
subject, another kind) count as wrong answers, which makes top-1 precision a strict measure:
a reviewer would also want to see them, just below.
``bench/similarity.py`` uses ``synthetic_project`` and ``rewrite`` for its 50,000 projects.
"""

import json
import random
from dataclasses import dataclass
from pathlib import Path

from govproj.demo.evalset_vocabulary import (
    BACKGROUNDS,
    COUNTIES,
    DOMAINS,
    EXTRAS,
    GENERIC_MODULES,
    GOAL_SENTENCES,
    KINDS,
    MODULE_SENTENCES,
    NAME_DECOR,
    NAME_SUFFIX,
    SEPARATORS,
    Domain,
    Kind,
    Subject,
)

SEED = 20241206
DATA = Path(__file__).parent / "tests" / "data"
SUBJECT_KINDS = 5  # kinds built per subject in the corpus (of the seven)
UMBRELLAS = 2  # umbrella projects per domain
QUERIES = 240


@dataclass(frozen=True)
class Project:
    """A project of the set, with what it was made of so that ``rewrite`` can say the same thing otherwise."""

    domain: Domain
    subject: Subject
    kind: Kind
    modules: tuple[tuple[tuple[str, ...], int], ...]  # (a module's phrasings, the phrasing used)
    subject_name: int
    kind_name: int
    county: str  # "" for a city project
    plan: tuple[tuple[str, int, int], ...]  # the content's sentences: (part, which statement, which phrasing)
    numbers: dict
    fields: dict

    def as_json(self, key: str) -> dict:
        return {"id": key, **self.fields}


def _unit(domain: Domain, county: str, rng: random.Random) -> str:
    return f"{county}{domain.county_unit}" if county else rng.choice(domain.units)


def _name(rng, county, subject_name, kind_name) -> str:
    return f"{county or rng.choice(('钦州市', '钦州市', ''))}{rng.choice(NAME_DECOR)}{subject_name}{kind_name}" \
           f"{rng.choice(NAME_SUFFIX)}"


def _numbers(rng) -> dict:
    return {"amount": rng.randrange(80, 3000, 10), "months": rng.choice((6, 8, 10, 12, 18, 24)),
            "towns": rng.randint(8, 70)}


def _plan(rng, kind: Kind) -> tuple[tuple[str, int, int], ...]:
    """Two to five sentences a declaration would use: background, goal, modules, and scale or links."""
    plan = [("goal", rng.randrange(len(GOAL_SENTENCES)), rng.randrange(len(kind.goals)))]
    if rng.random() < 0.7:
        plan.insert(0, ("background", rng.randrange(len(BACKGROUNDS)), rng.randrange(3)))
    if rng.random() < 0.8:
        plan.append(("modules", rng.randrange(len(MODULE_SENTENCES)), 0))
    plan += [("extra", group, rng.randrange(3)) for group in rng.sample(range(len(EXTRAS)), rng.randint(0, 2))]
    return tuple(plan)


def _content(rng, plan, numbers, subject_name, objects, kind, modules, unit) -> str:
    sentences = []
    for part, which, phrasing in plan:
        if part == "background":
            sentences.append(BACKGROUNDS[which][phrasing].format(subject=subject_name, unit=unit))
        elif part == "goal":
            goal = kind.goals[phrasing].format(subject=subject_name, objects=objects)
            sentences.append(GOAL_SENTENCES[which].format(objects=objects, goal=goal))
        elif part == "modules":
            listed = "、".join(rng.sample(modules, min(3, len(modules))))
            sentences.append(MODULE_SENTENCES[which].format(modules=listed))
        else:
            sentences.append(EXTRAS[which][phrasing].format(**numbers))
    return "".join(sentences)


def _build(rng, domain, subject, kind, modules, subject_name, kind_name, county, plan, numbers, category) -> Project:
    texts = [phrasings[i] for phrasings, i in modules]
    unit = _unit(domain, county, rng)
    fields = {
        "name": _name(rng, county, subject.names[subject_name], kind.names[kind_name]),
        "content": _content(rng, plan, numbers, subject.names[subject_name], subject.objects, kind, texts, unit),
        "functions": rng.choice(SEPARATORS).join(texts),
        "unit": unit,
        "category": category,
    }
    return Project(domain, subject, kind, tuple(modules), subject_name, kind_name, county, plan, numbers, fields)


def _pick(rng, pool, count) -> list[tuple[tuple[str, ...], int]]:
    return [(phrasings, rng.randrange(len(phrasings))) for phrasings in rng.sample(pool, min(count, len(pool)))]


def synthetic_project(rng: random.Random, domain: Domain, subject: Subject, kind: Kind) -> Project:
    """A declaration of ``subject`` built as ``kind``: three or four of the subject's modules, two or three of the kind's."""
    modules = _pick(rng, subject.modules, rng.randint(3, 4)) + _pick(rng, kind.modules, rng.randint(2, 3))
    if rng.random() < 0.5:
        modules += _pick(rng, GENERIC_MODULES, 1)
    rng.shuffle(modules)
    county = rng.choice(COUNTIES) if rng.random() < 0.25 else ""
    return _build(rng, domain, subject, kind, modules, rng.randrange(len(subject.names)),
                  rng.randrange(len(kind.names)), county, _plan(rng, kind), _numbers(rng), domain.category)


def _umbrella(rng: random.Random, domain: Domain) -> dict:
    """A department-wide platform naming one module of each of many subjects: it shares words with every target."""
    subjects = rng.sample(domain.subjects, min(5, len(domain.subjects)))
    kind = rng.choice(KINDS)
    texts = [rng.choice(rng.choice(s.modules)) for s in subjects] + [rng.choice(m) for m in rng.sample(kind.modules, 2)]
    field = domain.name
    goal = rng.choice(kind.goals).format(subject=field, objects=field + "各类对象")
    content = (f"整合{field}领域现有业务系统，建设统一的{field}综合平台，{goal}。"
               f"平台涵盖{'、'.join(s.names[0] for s in subjects)}等业务，主要建设{'、'.join(texts[:4])}等功能。")
    return {"name": f"钦州市{rng.choice(('智慧', '数字'))}{field}综合{rng.choice(('管理平台', '服务平台', '应用平台'))}",
            "content": content, "functions": "、".join(texts), "unit": rng.choice(domain.units),
            "category": domain.category}


def _other(rng: random.Random, count: int, current: int) -> int:
    """Another index than ``current`` among ``count``, when there is one."""
    return rng.choice([i for i in range(count) if i != current] or [current])


def _reworded(rng, plan: tuple, kind: Kind) -> tuple:
    """The same sentences said otherwise: another phrasing of each statement, a background or extra sometimes left out."""
    out = []
    for part, which, phrasing in plan:
        if part in ("background", "extra") and rng.random() < 0.25:
            continue
        if part == "goal":
            out.append((part, rng.randrange(len(GOAL_SENTENCES)), _other(rng, len(kind.goals), phrasing)))
        elif part == "modules":
            out.append((part, rng.randrange(len(MODULE_SENTENCES)), 0))
        else:
            out.append((part, which, _other(rng, 3, phrasing)))
    return tuple(out)


def rewrite(rng: random.Random, project: Project) -> dict:
    """The same system as another unit would declare it (see the module docstring)."""
    subject_name = _other(rng, len(project.subject.names), project.subject_name) if rng.random() < 0.6 \
        else project.subject_name
    kind_name = _other(rng, len(project.kind.names), project.kind_name) if rng.random() < 0.6 else project.kind_name
    modules = [(phrasings, _other(rng, len(phrasings), used) if rng.random() < 0.7 else used)
               for phrasings, used in project.modules]
    rng.shuffle(modules)
    if len(modules) >= 4 and rng.random() < 0.4:
        modules.pop()
    if rng.random() < 0.3:
        modules += _pick(rng, GENERIC_MODULES, 1)
    roll = rng.random()
    if project.county:
        county = "" if roll < 0.5 else rng.choice([c for c in COUNTIES if c != project.county])
    else:
        county = rng.choice(COUNTIES) if roll < 0.5 else ""
    numbers = project.numbers if rng.random() < 0.5 else _numbers(rng)  # another unit's scale differs
    rewritten = _build(rng, project.domain, project.subject, project.kind, modules, subject_name, kind_name, county,
                       _reworded(rng, project.plan, project.kind), numbers,
                       project.fields["category"] if rng.random() < 0.7 else "")
    fields = dict(rewritten.fields)
    if not county and roll >= 0.75:
        fields["unit"] = project.fields["unit"]  # the same unit declaring its own system again
    if rng.random() < 0.2:
        fields["content"] = ""  # a partial declaration: name and modules only
    return fields


def build(seed: int = SEED) -> tuple[list[dict], list[dict]]:
    """Corpus rows and query rows (each with ``relevant``), the same for the same seed."""
    rng = random.Random(seed)
    projects, rows = [], []
    for domain in DOMAINS:
        for subject in domain.subjects:
            for kind in rng.sample(KINDS, SUBJECT_KINDS):
                projects.append(synthetic_project(rng, domain, subject, kind))
        rows += [_umbrella(rng, domain) for _ in range(UMBRELLAS)]
    order = list(range(len(projects) + len(rows)))
    rng.shuffle(order)  # ids say nothing about what a row is
    keyed = [*projects, *rows]
    ids = {position: f"P{n + 1:04d}" for n, position in enumerate(order)}
    corpus = sorted((item.as_json(ids[i]) if isinstance(item, Project) else {"id": ids[i], **item}
                     for i, item in enumerate(keyed)), key=lambda row: row["id"])
    queries = []
    for number, i in enumerate(sorted(rng.sample(range(len(projects)), QUERIES)), start=1):
        queries.append({"id": f"Q{number:04d}", **rewrite(rng, projects[i]), "relevant": [ids[i]]})
    return corpus, queries


def write(folder: Path = DATA) -> tuple[Path, Path]:
    corpus, queries = build()
    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / "corpus.jsonl", folder / "queries.jsonl"
    for path, rows in zip(paths, (corpus, queries), strict=True):
        path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return paths


if __name__ == "__main__":
    for path in write():
        print(path)
