"""Duplicate-construction check (重复建设比对): the per-process index, the rule facts, judgements and the register.

One engine ``Index`` per process holds every platform project that has left the drafting desk (not a
draft, not withdrawn) and every item of the region register, under the keys ``p:<id>`` and ``r:<id>``:
one corpus, so a score means the same whichever kind of item it is measured against. It is filled
lazily on first use and kept current two ways: a save or delete in this process updates that one row
once the transaction commits (the receivers in ``apps.py``), and before every query ``sync`` reads the
rows changed since the last watermark, because a deployment runs several processes and some
changes (state transitions) are written with ``QuerySet.update``, which sends no signal.
"""

import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common.errors import WorkflowError
from govproj.common.importing import Importer
from govproj.common.roles import Perm
from govproj.projects.models import Event, Project
from govproj.projects.selectors import lead_department
from govproj.projects.states import State

from . import importing
from .engine import Doc, Index, Match
from .models import Judgement, RegionProject, Stage, Verdict

# A register item this similar to a project raises the L2 warning. On the engine's evaluation set, 73 % of
# rewrites of one system score at least 0.5, a different system of the same subject does for 0.27 per query
# and a project of another domain never does: a warning a reviewer should read, rarely a false alarm.
REGION_RULE_THRESHOLD = 0.5
# Below this a match is noise for a reader (99 % of rewrites score above it; at 0.2, 23 unrelated projects
# per query would show), so it is not shown.
SHOW_THRESHOLD = 0.3
TOP = 10
# How far down the common ranking the rule and a judgement look for one item: platform projects
# outrank register items only when dozens of them say the same, and then the project is no news.
LOOKUP_TOP = 50
# A row committed a little after a later-stamped one must still be seen by the next sync.
SYNC_OVERLAP = timedelta(minutes=2)
NOT_INDEXED = (State.DRAFT, State.WITHDRAWN)
# Where the warning helps: while a project is drafted, declared and reviewed. Later steps still see a
# 重复建设 verdict (it blocks the approval request of a special declaration) but no engine query.
CHECKED_STATES = {State.DRAFT, State.RETURNED, State.DECLARED, State.SPECIAL_REVIEW, State.EVALUATING}
JUDGE_STATES = {State.DECLARED: Stage.DECLARATION, State.SPECIAL_REVIEW: Stage.DECLARATION,
                State.EVALUATING: Stage.EVALUATION}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# ---------------------------------------------------------------- the index


def project_doc(project: Project) -> Doc:
    unit = project.unit.name if project.unit_id else ""
    category = str(project.get_category_display()) if project.category else ""
    return Doc(name=project.name or "", content=project.content or "", functions=project.functions or "",
               unit=unit, category=category)


def region_doc(item: RegionProject) -> Doc:
    return Doc(name=item.name, content=item.content, functions=item.functions, unit=item.region_department)


def key_of(obj) -> str:
    return f"r:{obj.pk}" if isinstance(obj, RegionProject) else f"p:{obj.pk}"


class _Table:
    """The rows of one model in the shared index, with the change stamp each was indexed at."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.stamps: dict[int, datetime] = {}
        self.watermark: datetime | None = None

    def all_rows(self):
        raise NotImplementedError

    def indexable(self, row) -> bool:
        return True

    def indexed_rows(self):
        return self.all_rows()

    def doc(self, row) -> Doc:
        raise NotImplementedError

    def put(self, row) -> None:
        if self.indexable(row):
            _index.add(f"{self.prefix}{row.pk}", self.doc(row))
            self.stamps[row.pk] = row.updated_at
        else:
            self.drop(row.pk)

    def drop(self, pk: int) -> None:
        _index.remove(f"{self.prefix}{pk}")
        self.stamps.pop(pk, None)

    def sync(self) -> None:
        if self.watermark is None:
            rows = list(self.indexed_rows())
            for row in rows:
                self.put(row)
            self.watermark = max((r.updated_at for r in rows), default=EPOCH)
            return
        for row in self.all_rows().filter(updated_at__gt=self.watermark - SYNC_OVERLAP):
            if self.stamps.get(row.pk) != row.updated_at:
                self.put(row)
            self.watermark = max(self.watermark, row.updated_at)
        # Rows deleted (or rolled back) elsewhere leave the count short; only then compare keys.
        if self.indexed_rows().count() != len(self.stamps):
            present = set(self.indexed_rows().values_list("pk", flat=True))
            for pk in set(self.stamps) - present:
                self.drop(pk)
            for row in self.indexed_rows().filter(pk__in=present - set(self.stamps)):
                self.put(row)

    def refresh(self, pk: int) -> None:
        """One row saved or deleted in this process: index it as it now stands in the database."""
        if self.watermark is None:
            return  # not loaded yet: the first sync reads it
        row = self.all_rows().filter(pk=pk).first()
        if row is None:
            self.drop(pk)
        else:
            self.put(row)


class _Projects(_Table):
    """Classified projects (涉密, Art. 34) stay out: a match would show their name and phrases to any
    declaring unit, and free text typed into the check would probe their content."""

    def all_rows(self):
        return Project.objects.select_related("unit").only(
            "name", "content", "functions", "category", "state", "classified", "updated_at", "unit__name")

    def indexable(self, row) -> bool:
        return row.state not in NOT_INDEXED and not row.classified

    def indexed_rows(self):
        return self.all_rows().exclude(state__in=NOT_INDEXED).exclude(classified=True)

    def doc(self, row) -> Doc:
        return project_doc(row)


class _Region(_Table):
    def all_rows(self):
        return RegionProject.objects.all()

    def doc(self, row) -> Doc:
        return region_doc(row)


_lock = threading.RLock()
_index = Index()
_tables = {Project: _Projects("p:"), RegionProject: _Region("r:")}


def reset_index() -> None:
    """Forget everything indexed; the next query reloads from the database (tests, after a restore)."""
    global _index
    with _lock:
        _index = Index()
        for table in _tables.values():
            table.stamps.clear()
            table.watermark = None


def sync() -> Index:
    """The index, caught up with every row changed since the last call (a few cheap queries)."""
    with _lock:
        for table in _tables.values():
            table.sync()
        return _index


def row_changed(model, pk: int) -> None:
    """Receiver body (``apps.py``): after commit, re-index the one row that was saved or deleted."""
    table = _tables[model]

    def refresh():
        with _lock:
            table.refresh(pk)

    transaction.on_commit(refresh)


def search(doc: Doc, *, top: int = TOP, exclude: tuple[str, ...] = ()) -> list[Match]:
    return sync().query(doc, top=top, exclude=exclude)


def subject_doc(subject) -> tuple[Doc, tuple[str, ...]]:
    """What to query with, and which key is the subject itself (a saved project never matches itself)."""
    if isinstance(subject, Doc):
        return subject, ()
    return project_doc(subject), ((key_of(subject),) if subject.pk else ())


# ---------------------------------------------------------------- rule facts (L2), provided to projects.services.facts


def project_facts(project: Project, on: date | None = None) -> dict:
    """Facts for rule L2 from the register: the closest item not cleared by a reviewer, and a 重复建设 verdict.

    ``region_duplicate_of`` stands as long as the reviewer's verdict does, whatever the text says now;
    ``region_similar*`` name the best register item scoring at least ``REGION_RULE_THRESHOLD`` that no
    reviewer has cleared as 不重复 (部分重叠 keeps the warning; 重复建设 is already the block).
    """
    judged = {}
    if project.pk:
        judged = {j.matched_region_id: j for j in Judgement.objects.filter(
            project=project, matched_region__isnull=False).select_related("matched_region")}
    facts = {}
    duplicate = next((j for j in judged.values() if j.verdict == Verdict.DUPLICATE), None)
    if duplicate:
        facts["region_duplicate_of"] = duplicate.matched_region.name
    if project.state not in CHECKED_STATES:
        return facts
    settled = {pk for pk, j in judged.items() if j.verdict in (Verdict.DISTINCT, Verdict.DUPLICATE)}
    doc, own = subject_doc(project)
    strong = [m for m in search(doc, top=LOOKUP_TOP, exclude=own)
              if m.key.startswith("r:") and m.score >= REGION_RULE_THRESHOLD and int(m.key[2:]) not in settled]
    item = RegionProject.objects.filter(pk=int(strong[0].key[2:])).first() if strong else None
    if item is not None:
        facts.update(region_similar=item.name, region_similar_status=str(item.get_status_display()),
                     region_similar_score=round(strong[0].score * 100))
    return facts


# ---------------------------------------------------------------- judgements


def may_judge(user, project: Project, on: date | None = None) -> bool:
    """Only the lead department of the day judges, and only while the project is declared or evaluated."""
    return (project.state in JUDGE_STATES and user.has_perm(Perm.REVIEW_PROJECTS.full)
            and user.organisation_id == lead_department(on or timezone.localdate()).pk)


def current_score(project: Project, key: str) -> float:
    doc, own = subject_doc(project)
    return next((m.score for m in search(doc, top=LOOKUP_TOP, exclude=own) if m.key == key), 0.0)


@transaction.atomic
def judge(*, by, project: Project, matched, verdict: str, reason: str, on: date | None = None) -> Judgement:
    """Record or revise the verdict on ``project`` against ``matched`` (a platform project or register item)."""
    on = on or timezone.localdate()
    p = Project.objects.select_for_update(of=("self",)).select_related("unit").get(pk=project.pk)
    if not (by.has_perm(Perm.REVIEW_PROJECTS.full) and by.organisation_id == lead_department(on).pk):
        raise PermissionDenied(_("查重研判应由{org}作出。").format(org=lead_department(on).short_name))
    if p.state not in JUDGE_STATES:
        raise WorkflowError(_("项目当前状态为“{state}”，只有已申报、专项征求意见中或综合评估中的项目可以作出查重研判。").format(
            state=p.get_state_display()))
    if verdict not in Verdict.values:
        raise WorkflowError(_("请选择研判结论：重复建设、部分重叠或不重复。"))
    if not reason.strip():
        raise WorkflowError(_("请写明研判理由。"))
    if isinstance(matched, Project) and matched.pk == p.pk:
        raise WorkflowError(_("不能将项目与其自身比对。"))
    field = "matched_region" if isinstance(matched, RegionProject) else "matched_project"
    judgement = Judgement.objects.select_for_update().filter(project=p, **{field: matched}).first()
    before = audit.snapshot(judgement) if judgement else None
    judgement = judgement or Judgement(project=p, **{field: matched})
    judgement.score = round(current_score(p, key_of(matched)), 4)
    judgement.verdict, judgement.reason, judgement.stage = verdict, reason.strip(), JUDGE_STATES[p.state]
    judgement.by, judgement.at = by, timezone.now()
    judgement.full_clean()
    judgement.save()
    audit.record_change(actor=by, obj=judgement, before=before, action=audit.Action.DECISION)
    Event.objects.create(
        project=p, on=on, actor=by, actor_name=by.full_name or by.username, step="similarity_judge",
        label=_("查重研判"), reason=_("与“{name}”（相似度 {score}%）：{verdict}。{reason}").format(
            name=matched.name, score=round(judgement.score * 100), verdict=judgement.get_verdict_display(),
            reason=judgement.reason),
        data={"match": key_of(matched), "verdict": verdict, "score": judgement.score})
    return judgement


# ---------------------------------------------------------------- the region register


def _require_manager(by) -> None:
    if not by.has_perm(Perm.MANAGE_REGION_REGISTER.full):
        raise PermissionDenied(_("只有牵头部门可以维护自治区统一建设项目登记。"))


REGISTER_FIELDS = ("name", "content", "functions", "region_department", "status", "basis", "year", "note")


def _save(item: RegionProject, by) -> None:
    item.updated_by = by
    try:
        item.full_clean()
    except ValidationError as exc:
        raise WorkflowError([m for messages in exc.message_dict.values() for m in messages]) from exc
    item.save()


@transaction.atomic
def region_project_create(*, by, **fields) -> RegionProject:
    _require_manager(by)
    item = RegionProject(created_by=by, **fields)
    _save(item, by)
    audit.record_change(actor=by, obj=item, before=None)
    return item


@transaction.atomic
def region_project_update(*, by, item: RegionProject, **fields) -> RegionProject:
    _require_manager(by)
    item = RegionProject.objects.select_for_update().get(pk=item.pk)
    before = audit.snapshot(item)
    for key, value in fields.items():
        setattr(item, key, value)
    _save(item, by)
    audit.record_change(actor=by, obj=item, before=before)
    return item


@transaction.atomic
def region_project_delete(*, by, item: RegionProject) -> None:
    """An item a reviewer has judged against stays: the judgement would lose what it was about."""
    _require_manager(by)
    before = audit.snapshot(item)
    try:
        item.delete()
    except ProtectedError:
        raise WorkflowError(_("“{name}”已有查重研判记录，不能删除；如已不再统一建设，请修改其建设状态或备注。").format(
            name=before["name"])) from None
    audit.record(actor=by, action=audit.Action.DELETE, object_type="similarity.regionproject",
                 object_id=str(before["id"]), object_repr=before["name"], before=before)


@dataclass
class ImportResult:
    """What a register import does (its preview) and, once applied, did."""

    rows: int
    created: list[str]
    updated: list[str]
    unchanged: list[str]
    records: list[dict] = field(default_factory=list, repr=False)
    existing: dict = field(default_factory=dict, repr=False)


class RegionRegisterImporter(Importer):
    """Create or update register items from a spreadsheet, by name: importing the same file twice changes nothing.

    Every cell is checked before anything is written; the preview reports what would change and writes nothing.
    """

    kind = "region_register"
    headers = tuple(importing.HEADERS)
    required = tuple(importing.REQUIRED)

    def prepare(self, *, by, commit: bool) -> None:
        _require_manager(by)

    def read(self, rows, *, target, errors):
        return importing.read(rows, errors)

    def plan(self, records, *, target, errors) -> ImportResult:
        existing = {item.name: item for item in RegionProject.objects.select_for_update().filter(
            name__in=[r["name"] for r in records])}
        result = ImportResult(rows=len(records), created=[], updated=[], unchanged=[], records=records,
                              existing=existing)
        for record in records:
            item = existing.get(record["name"])
            if item is None:
                result.created.append(record["name"])
            elif any(getattr(item, k) != v for k, v in record.items()):
                result.updated.append(record["name"])
            else:
                result.unchanged.append(record["name"])
        return result

    def apply(self, plan, *, by, target, filename, sha256) -> ImportResult:
        updated = set(plan.updated)
        for record in plan.records:
            item = plan.existing.get(record["name"])
            if item is None:
                region_project_create(by=by, **record)
            elif record["name"] in updated:
                region_project_update(by=by, item=item, **record)
        return plan

    def audit_entry(self, result, *, target, filename) -> dict:
        return {"object_type": "similarity.regionproject", "object_repr": filename,
                "after": {"rows": result.rows, "created": len(result.created), "updated": len(result.updated),
                          "unchanged": len(result.unchanged)}}
