"""Every change to catalogues, access grants, yearly catalogues and the system register goes through here.

Each function checks who may act, validates, changes the data in one transaction, writes the audit
record and notifies whoever must act next. ``on`` is the business date (today unless a caller
records an earlier act, as the demo loader does).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from govproj.accounts.models import User
from govproj.audit import services as audit
from govproj.common.dates import on_or_today
from govproj.common.errors import ConcurrentChange, WorkflowError
from govproj.common.importing import Importer
from govproj.common.notify import notify
from govproj.common.roles import Perm
from govproj.common.tabular import CellError
from govproj.projects import selectors as project_selectors
from govproj.projects.models import Project
from govproj.projects.services import is_unit_member

from . import importing, selectors
from .models import (
    PROVIDER_UNDERTAKING_MISSING,
    PROVIDER_UNDERTAKINGS,
    SHAREABLE,
    UNDERTAKING_MISSING,
    UNDERTAKING_VERSION,
    AccessRequest,
    Area,
    Assessment,
    AssessmentRow,
    Catalogue,
    CatalogueEntry,
    CityCatalogue,
    InformationSystem,
    Item,
    Resource,
    ZombieDetermination,
)
from .states import STEPS, Party, RequestStatus

RESOURCE_FIELDS = ("name", "summary", "source_unit", "update_cycle", "share_type", "share_conditions", "legal_basis",
                   "open_type", "data_format")
ITEM_FIELDS = ("name", "data_type", "description", "classified")
REMIND_DAYS_BEFORE = (30, 14, 7, 3, 1, 0)


def _invalid(exc: ValidationError) -> WorkflowError:
    return WorkflowError([m for messages in exc.message_dict.values() for m in messages])


def _people(organisation_ids, perm: str):
    return User.objects.filter(organisation_id__in=list(organisation_ids), is_active=True,
                               role_assignments__role__in=project_selectors.roles_with(perm)).distinct()


# ---------------------------------------------------------------- project catalogue (Art. 10, 29)

def _require_unit_member(by, project: Project, label) -> None:
    if not is_unit_member(by, project):
        raise PermissionDenied(_("“{step}”应由建设单位{unit}办理。").format(step=label, unit=project.unit.short_name))


def _editable_catalogue(by, project: Project, label) -> Catalogue:
    _require_unit_member(by, project, label)
    Catalogue.objects.get_or_create(project=project)
    return Catalogue.objects.select_for_update().select_related("project__unit").get(project=project)


def _save(by, obj, fields, data: dict):
    """Set ``fields`` present in ``data``, validate as the model does, save and audit the change."""
    before = audit.snapshot(obj) if obj.pk else None
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise _invalid(exc) from exc
    obj.save()
    audit.record_change(actor=by, obj=obj, before=before)
    return obj


def _needs_data(catalogue: Catalogue) -> None:
    if catalogue.produces_no_data:
        raise WorkflowError(_("该项目已声明不产生任何数据；如需编制信息资源，请先撤销该声明。"))


@transaction.atomic
def resource_save(*, by, project: Project, data: dict, resource: Resource | None = None) -> Resource:
    """Add a resource to the project's catalogue, or change one; restrictions must name their legal basis."""
    catalogue = _editable_catalogue(by, project, _("编制信息资源目录"))
    _needs_data(catalogue)
    if resource is not None and resource.catalogue_id != catalogue.pk:
        raise PermissionDenied
    return _save(by, resource or Resource(catalogue=catalogue), RESOURCE_FIELDS, data)


@transaction.atomic
def resource_delete(*, by, resource: Resource) -> None:
    _editable_catalogue(by, resource.catalogue.project, _("删除信息资源"))
    if resource.requests.exists():
        raise WorkflowError(_("该资源已有共享申请记录，不能删除；如不再共享，请将共享类型改为“不予共享”并写明依据。"))
    audit.record(actor=by, action=audit.Action.DELETE, obj=resource, before=audit.snapshot(resource))
    resource.delete()


@transaction.atomic
def item_save(*, by, resource: Resource, data: dict, item: Item | None = None) -> Item:
    _editable_catalogue(by, resource.catalogue.project, _("编制信息项"))
    return _save(by, item or Item(resource=resource), ITEM_FIELDS, data)


@transaction.atomic
def item_delete(*, by, item: Item, on: date | None = None) -> None:
    """Remove an item no one holds or awaits; deleting it would otherwise narrow grants already made, unseen.

    Art. 30 has the owner authorise a scope, and a grant's scope changes only by a decision on that grant:
    an item in a grant in force or a pending request is refused until the owner revokes the grant or
    decides the request. Grants that ended keep the item's name in their audit records.
    """
    on = on_or_today(on)
    _editable_catalogue(by, item.resource.catalogue.project, _("删除信息项"))
    holding = AccessRequest.objects.filter(
        Q(status=RequestStatus.PENDING, requested_items=item)
        | Q(status=RequestStatus.GRANTED, valid_until__gte=on, granted_items=item)).select_related("organisation")
    holders = sorted({str(r.organisation) for r in holding})
    if holders:
        raise WorkflowError(_("信息项“{item}”在{orgs}的有效授权或待授权申请中，不能删除；请先撤销授权或办理申请。").format(
            item=item.name, orgs="、".join(holders)))
    audit.record(actor=by, action=audit.Action.DELETE, obj=item, before=audit.snapshot(item))
    item.delete()


@transaction.atomic
def collaboration_set(*, by, project: Project, text: str) -> Catalogue:
    """The business-collaboration scenario: a project may support Art. 29 by collaboration, not only by sharing data."""
    catalogue = _editable_catalogue(by, project, _("填写业务协同场景"))
    before = audit.snapshot(catalogue)
    catalogue.collaboration = text.strip()
    catalogue.save(update_fields=["collaboration", "updated_at"])
    audit.record_change(actor=by, obj=catalogue, before=before)
    return catalogue


@transaction.atomic
def no_data_declare(*, by, project: Project, statement: str, on: date | None = None) -> Catalogue:
    """Art. 29 exempts a project that produces no data; the unit says so explicitly, with its reasons."""
    catalogue = _editable_catalogue(by, project, _("声明不产生数据"))
    if not statement.strip():
        raise WorkflowError(_("请说明项目为何不产生任何数据。"))
    count = catalogue.resources.count()
    if count:
        raise WorkflowError(_("目录中已有 {n} 项信息资源，不能声明项目不产生数据。").format(n=count))
    before = audit.snapshot(catalogue)
    Catalogue.objects.filter(pk=catalogue.pk).update(produces_no_data=True, no_data_statement=statement.strip(),
                                                     stated_by=by, stated_on=on_or_today(on))
    catalogue.refresh_from_db()
    audit.record(actor=by, action=audit.Action.DECISION, obj=catalogue, before=before,
                 after={**audit.snapshot(catalogue), "step": "no_data_declare"})
    return catalogue


@transaction.atomic
def no_data_withdraw(*, by, project: Project, on: date | None = None) -> Catalogue:
    catalogue = _editable_catalogue(by, project, _("撤销不产生数据的声明"))
    if not catalogue.produces_no_data:
        raise WorkflowError(_("该项目没有声明不产生数据。"))
    before = audit.snapshot(catalogue)
    Catalogue.objects.filter(pk=catalogue.pk).update(produces_no_data=False, no_data_statement="", stated_by=None,
                                                     stated_on=None)
    catalogue.refresh_from_db()
    audit.record(actor=by, action=audit.Action.DECISION, obj=catalogue, before=before,
                 after={**audit.snapshot(catalogue), "step": "no_data_withdraw"})
    return catalogue


class ImportAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class Change:
    """What importing one row's resource or item does: ``columns`` are the template columns whose value changes."""

    obj: Resource | Item  # carrying the imported values, saved only when the import is applied
    row: int
    action: ImportAction
    before: dict | None = None
    columns: list[str] = field(default_factory=list)
    items: list["Change"] = field(default_factory=list)


@dataclass
class CatalogueImport:
    """The preview of a catalogue import, and once applied its result."""

    resources: list[Change]

    def count(self, action: ImportAction, items: bool = False) -> int:
        changes = [i for r in self.resources for i in r.items] if items else self.resources
        return sum(c.action == action for c in changes)

    @property
    def counts(self) -> dict:
        return {f"{kind}_{action}": self.count(action, kind == "items") for kind in ("resources", "items")
                for action in ImportAction}

    @property
    def changed(self) -> bool:
        return any(c.action != ImportAction.UNCHANGED for r in self.resources for c in (r, *r.items))


def _import_change(obj, fields, data: dict, headers: dict, parent: str, errors: list[CellError]) -> Change:
    """Set the imported values on ``obj``; add the model's own objections to ``errors`` under their column."""
    if obj.pk is None:
        change = Change(obj, data["row"], ImportAction.CREATED)
    else:
        columns = [headers[name] for name in fields if getattr(obj, name) != data[name]]
        change = Change(obj, data["row"], ImportAction.UPDATED if columns else ImportAction.UNCHANGED,
                        audit.snapshot(obj), columns)
    for name in fields:
        setattr(obj, name, data[name])
    if change.action != ImportAction.UNCHANGED:
        try:
            obj.full_clean(exclude=[parent])  # the parent may not be saved yet; names are matched, not duplicated
        except ValidationError as exc:
            errors.extend(CellError(change.row, headers.get(name, ""), m)
                          for name, messages in exc.message_dict.items() for m in messages)
    return change


class CatalogueImporter(Importer):
    """Add or update a project's resources and their items by name from a filled-in template; all or nothing.

    Every cell, resource and item is checked before anything is written, the model's own rules included, each
    fault named by row and column. The preview writes nothing. Importing the same file again finds nothing
    changed and writes nothing but the import's own audit record (whose ``sha256`` tells a repeated confirmation
    it is done).
    """

    kind = "catalogue"
    headers = tuple(importing.HEADERS)
    required = tuple(importing.REQUIRED)

    def prepare(self, *, by, commit: bool, project: Project) -> Catalogue:
        label = _("导入信息资源目录")
        if commit:
            catalogue = _editable_catalogue(by, project, label)
        else:
            _require_unit_member(by, project, label)
            catalogue = Catalogue.objects.filter(project=project).first() or Catalogue(project=project)
        _needs_data(catalogue)
        return catalogue

    def read(self, rows, *, target, errors):
        return importing.read(rows, errors)

    def plan(self, records, *, target, errors) -> CatalogueImport:
        existing = {r.name: r for r in (target.resources.select_related("source_unit").prefetch_related("items")
                                        if target.pk else ())}
        plan = CatalogueImport([])
        for record in records:
            resource = existing.get(record["name"])
            change = _import_change(resource or Resource(catalogue=target), RESOURCE_FIELDS, record,
                                    importing.RESOURCE_HEADER, "catalogue", errors)
            items = {i.name: i for i in resource.items.all()} if resource else {}
            change.items = [_import_change(items.get(data["name"]) or Item(), ITEM_FIELDS, data,
                                           importing.ITEM_HEADER, "resource", errors) for data in record["items"]]
            plan.resources.append(change)
        return plan

    def apply(self, plan, *, by, target, filename, sha256) -> CatalogueImport:
        for change in plan.resources:
            resource = change.obj
            for c in (change, *change.items):
                if c.action == ImportAction.UNCHANGED:
                    continue
                if c is not change:
                    c.obj.resource = resource
                c.obj.save()
                audit.record_change(actor=by, obj=c.obj, before=c.before)
        return plan

    def audit_entry(self, plan, *, target, filename) -> dict:
        return {"obj": target, "after": {
            **plan.counts, "created": [c.obj.name for c in plan.resources if c.action == ImportAction.CREATED],
            "updated": [c.obj.name for c in plan.resources if c.action == ImportAction.UPDATED]}}


# ---------------------------------------------------------------- access requests and grants (Art. 30, 31)

@transaction.atomic
def access_request(*, by, resource: Resource, purpose: str, scope: str, undertaking: bool, items=(),
                   on: date | None = None) -> AccessRequest:
    """A government department asks for a resource (Art. 30) and undertakes to bear the responsibility (Art. 31).

    One pending request per department and resource: the database's partial unique constraint decides,
    so two simultaneous submissions cannot both pass.
    """
    on = on_or_today(on)
    resource = Resource.objects.select_related("catalogue__project__unit").get(pk=resource.pk)
    refusal = selectors.request_refusal(by, resource)
    if refusal:
        raise PermissionDenied(refusal)
    errors = []
    if not purpose.strip() or not scope.strip():
        errors.append(_("请写明用途和使用范围。"))
    if not undertaking:
        errors.append(str(UNDERTAKING_MISSING))
    if any(i.resource_id != resource.pk for i in items):
        errors.append(_("所选信息项不属于该资源。"))
    if errors:
        raise WorkflowError(errors)
    try:
        with transaction.atomic():
            request = AccessRequest.objects.create(
                resource=resource, organisation_id=by.organisation_id, requested_by=by, requested_on=on,
                purpose=purpose.strip(), scope=scope.strip(), undertaking_version=UNDERTAKING_VERSION,
                undertaken_by=by, undertaken_on=on)
    except IntegrityError as exc:  # sharing_one_pending_request
        raise WorkflowError(_("本部门对该资源已有待授权的申请。")) from exc
    request.requested_items.set(items)
    audit.record(actor=by, action=audit.Action.CREATE, obj=request,
                 after={**audit.snapshot(request), "requested_items": [i.name for i in items],
                        "undertaking": request.undertaking_text})
    unit = resource.catalogue.project.unit
    notify(_people([unit.pk], Perm.GRANT_SHARING), title=_("信息资源共享申请待授权：{r}").format(r=resource.name),
           body=_("{org}申请使用，用途：{p}").format(org=by.organisation, p=request.purpose),
           url=reverse("sharing:request", args=[request.pk]))
    return request


def _may_take(by, request: AccessRequest, party: str) -> bool:
    if party == Party.OWNER:
        return selectors.may_decide(by, request.resource)
    return by.organisation_id == request.organisation_id and by.has_perm(Perm.REQUEST_SHARING.full)


def step_open(by, request: AccessRequest, step: str) -> bool:
    """May ``by`` take ``step`` on ``request`` now: the UI asks this before offering the form."""
    spec = STEPS[step]
    return request.status in spec.sources and _may_take(by, request, spec.party)


def request_move(*, by, request: AccessRequest, step: str, on: date, audit_action: str = audit.Action.TRANSITION,
                 detail: dict | None = None, **fields) -> AccessRequest:
    """The one place an access request changes status: party, source state, optimistic lock, audit, notice."""
    spec = STEPS[step]
    if not _may_take(by, request, spec.party):
        raise PermissionDenied(_("“{step}”应由{party}办理。").format(step=spec.label,
                                                                  party=Party(spec.party).label))
    if request.status not in spec.sources:
        raise WorkflowError(_("申请当前状态为“{s}”，不能{step}。").format(s=request.get_status_display(),
                                                                     step=spec.label))
    before = audit.snapshot(request)
    updated = AccessRequest.objects.filter(pk=request.pk, lock_version=request.lock_version).update(
        status=spec.target, lock_version=F("lock_version") + 1, **fields)
    if updated != 1:
        raise ConcurrentChange()
    request.refresh_from_db()
    audit.record(actor=by, action=audit_action, obj=request, before=before,
                 after={**audit.snapshot(request), "step": step, **(detail or {})})
    other = ([request.requested_by] if spec.party == Party.OWNER
             else _people([request.resource.catalogue.project.unit_id], Perm.GRANT_SHARING))
    notify(other, title=_("信息资源共享申请{step}：{r}").format(step=spec.label, r=request.resource.name),
           body=request.reason, url=reverse("sharing:request", args=[request.pk]))
    return request


def _locked(request: AccessRequest) -> AccessRequest:
    return AccessRequest.objects.select_for_update(of=("self",)).select_related(
        "resource__catalogue__project__unit", "requested_by").get(pk=request.pk)


@transaction.atomic
def access_grant(*, by, request: AccessRequest, items, scope: str, purpose: str, valid_until: date, undertaking: bool,
                 named_people=(), on: date | None = None) -> AccessRequest:
    """Art. 30: authorise use free of charge, within a scope; classified items only to named people (minimum scope).
    Art. 31 binds the provider as a party to the sharing, so the grant carries the provider's undertaking."""
    on = on_or_today(on)
    request = _locked(request)
    items, named_people = list(items), list(named_people)
    resource = request.resource
    errors = [] if undertaking else [str(PROVIDER_UNDERTAKING_MISSING)]
    if resource.share_type not in SHAREABLE:
        errors.append(_("不予共享的信息资源不能授权使用。"))
    if not items:
        errors.append(_("请选择授权使用的信息项。"))
    if any(i.resource_id != resource.pk for i in items):
        errors.append(_("所选信息项不属于该资源。"))
    asked = {i.pk for i in request.requested_items.all()}
    if asked and any(i.pk not in asked for i in items):  # a request naming no items asks for the resource
        errors.append(_("授权的信息项不得超出申请的范围。"))
    if not scope.strip() or not purpose.strip():
        errors.append(_("请写明授权使用范围和用途。"))
    years = settings.SHARING_MAX_GRANT_YEARS
    if not on <= valid_until <= date(on.year + years, on.month, min(on.day, 28)):
        errors.append(_("本平台规定授权有效期不超过 {n} 年：授权截止日应在今天至 {n} 年内。").format(n=years))
    classified = [i.name for i in items if i.classified]
    if classified and not named_people:
        errors.append(_("授权涉密信息项（{items}）须指定知悉人员，知悉范围限定在最小范围。").format(items="、".join(classified)))
    if any(p.organisation_id != request.organisation_id for p in named_people):
        errors.append(_("知悉人员须为申请部门的工作人员。"))
    if named_people and not classified:
        errors.append(_("未授权涉密信息项，无需指定知悉人员。"))
    if errors and _may_take(by, request, Party.OWNER):
        raise WorkflowError(errors)
    request.granted_items.set(items)
    request.named_people.set(named_people)
    return request_move(by=by, request=request, step="grant", on=on, audit_action=audit.Action.GRANT,
                        detail={"granted_items": [i.name for i in items],
                                "named_people": [p.username for p in named_people], "free_of_charge": True,
                                "provider_undertaking": str(PROVIDER_UNDERTAKINGS[UNDERTAKING_VERSION])},
                        grant_undertaking_version=UNDERTAKING_VERSION, decided_by_id=by.pk, decided_on=on,
                        granted_scope=scope.strip(),
                        granted_purpose=purpose.strip(), valid_from=on, valid_until=valid_until)


@transaction.atomic
def access_refuse(*, by, request: AccessRequest, reason: str, on: date | None = None) -> AccessRequest:
    on = on_or_today(on)
    request = _locked(request)
    if not reason.strip() and _may_take(by, request, Party.OWNER):
        raise WorkflowError(_("不予授权须写明理由。"))
    return request_move(by=by, request=request, step="refuse", on=on, decided_by_id=by.pk, decided_on=on,
                        reason=reason.strip())


@transaction.atomic
def access_withdraw(*, by, request: AccessRequest, on: date | None = None) -> AccessRequest:
    return request_move(by=by, request=_locked(request), step="withdraw", on=on_or_today(on))


@transaction.atomic
def access_revoke(*, by, request: AccessRequest, reason: str, on: date | None = None) -> AccessRequest:
    on = on_or_today(on)
    request = _locked(request)
    if not reason.strip() and _may_take(by, request, Party.OWNER):
        raise WorkflowError(_("撤销授权须写明理由。"))
    return request_move(by=by, request=request, step="revoke", on=on, audit_action=audit.Action.REVOKE,
                        reason=reason.strip())


# ---------------------------------------------------------------- yearly catalogue (钦政办〔2019〕5号)

def entry_code(resource: Resource) -> str:
    """A stable resource code for exchange platforms: the provider unit's code and the resource's number."""
    return f"QZ-{resource.catalogue.project.unit.code.upper()}-{resource.pk:06d}"


def _require_catalogue_lead(by, area: str, on: date, label) -> None:
    """二（一）4 and its task table: the city catalogue is the city lead units' (by the version in force on ``on``),
    a county's catalogue its own government's."""
    if selectors.may_lead_catalogue(by, area, on):
        return
    if area == Area.CITY:
        raise PermissionDenied(_("“{step}”应由{leads}的政务数据共享管理人员办理。").format(
            step=label, leads=selectors.city_lead_names(on)))
    raise PermissionDenied(_("“{step}”应由{county}人民政府的政务数据牵头人员（县区政务数据牵头）办理。").format(
        step=label, county=Area(area).label))


def _require_city_lead(by, on: date, label) -> None:
    """二（一）4: the December assessment and its circulation cover every level and are the city lead's."""
    if not selectors.is_city_lead(by, on):
        raise PermissionDenied(_("“{step}”由市级牵头单位（{leads}）统一组织。").format(
            step=label, leads=selectors.city_lead_names(on)))


def _draft(by, year: int, area: str, on: date) -> CityCatalogue:
    """The year's draft, locked; created as the next version when there is none.

    Two first compilations of the same year and area both find no draft and both insert the same version: the
    loser's insert fails on the unique version, and it takes the winner's draft instead (the savepoint keeps the
    transaction usable), so the second compilation simply recompiles the same draft.
    """
    drafts = CityCatalogue.objects.select_for_update().filter(year=year, area=area, status=CityCatalogue.Status.DRAFT)
    draft = drafts.first()
    if draft is not None:
        return draft
    last = CityCatalogue.objects.filter(year=year, area=area).aggregate(v=Max("version"))["v"] or 0
    try:
        with transaction.atomic():
            return CityCatalogue.objects.create(year=year, area=area, version=last + 1, compiled_on=on,
                                                compiled_by=by)
    except IntegrityError:
        draft = drafts.first()
        if draft is None:  # the other compilation's draft was published meanwhile
            raise ConcurrentChange() from None
        return draft


@transaction.atomic
def catalogue_compile(*, by, year: int, area: str = Area.CITY, on: date | None = None) -> CityCatalogue:
    """Consolidate every live project's catalogue into the year's draft (a new version after each publication)."""
    on = on_or_today(on)
    if area not in Area.values:
        raise WorkflowError(_("未知的目录范围。"))
    _require_catalogue_lead(by, area, on, _("汇总年度政务信息资源目录"))
    draft = _draft(by, year, area, on)
    CityCatalogue.objects.filter(pk=draft.pk).update(compiled_on=on, compiled_by=by)
    draft.entries.all().delete()
    entries = [CatalogueEntry(
        catalogue=draft, resource=r, code=entry_code(r), name=r.name, summary=r.summary,
        provider=r.catalogue.project.unit, source_unit=r.source_unit.name, project_name=r.catalogue.project.name,
        share_type=r.share_type, share_conditions=r.share_conditions, legal_basis=r.legal_basis,
        open_type=r.open_type, update_cycle=r.update_cycle, data_format=r.data_format,
        items=[{"name": i.name, "type": i.data_type, "description": i.description}
               for i in r.items.all() if not i.classified])
        for r in selectors.resources_for_catalogue(year, area)]
    CatalogueEntry.objects.bulk_create(entries)
    draft.refresh_from_db()
    audit.record(actor=by, action=audit.Action.UPDATE, obj=draft, after={"step": "compile", "entries": len(entries)})
    return draft


@transaction.atomic
def catalogue_publish(*, by, catalogue: CityCatalogue, note: str = "", on: date | None = None) -> CityCatalogue:
    on = on_or_today(on)
    catalogue = CityCatalogue.objects.select_for_update().get(pk=catalogue.pk)
    _require_catalogue_lead(by, catalogue.area, on, _("发布年度政务信息资源目录"))
    if catalogue.status != CityCatalogue.Status.DRAFT:
        raise WorkflowError(_("该版本已发布，不能再次发布；请重新汇总形成新版本。"))
    if not catalogue.entries.exists():
        raise WorkflowError(_("目录没有任何信息资源，不能发布。"))
    before = audit.snapshot(catalogue)
    CityCatalogue.objects.filter(pk=catalogue.pk).update(status=CityCatalogue.Status.PUBLISHED, published_on=on,
                                                         published_by=by, note=note.strip())
    catalogue.refresh_from_db()
    audit.record(actor=by, action=audit.Action.TRANSITION, obj=catalogue, before=before,
                 after={**audit.snapshot(catalogue), "step": "publish", "late": catalogue.published_late})
    providers = catalogue.entries.values_list("provider_id", flat=True).distinct()
    notify(_people(providers, Perm.GRANT_SHARING), title=_("已发布：{c}").format(c=catalogue),
           url=reverse("sharing:catalogue", args=[catalogue.pk]))
    return catalogue


def latest_published(year: int, area: str) -> CityCatalogue | None:
    return CityCatalogue.objects.filter(year=year, area=area, status=CityCatalogue.Status.PUBLISHED).order_by(
        "-version").first()


def _remarks(n: int, shareable: int, overdue: int, ratio: Decimal, days: int) -> list[str]:
    """The platform's criteria (settings), worded as such: 钦政办〔2019〕5号 orders the assessment but sets none."""
    problems = []
    if not shareable:
        problems.append(_("没有可共享的信息资源"))
    elif shareable < ratio * n:
        problems.append(_("可共享资源占比低于 {p}%").format(p=f"{ratio * 100:.0f}"))
    if overdue:
        problems.append(_("{n} 项共享申请超过 {d} 天未办理").format(n=overdue, d=days))
    return problems


@transaction.atomic
def assessment_run(*, by, year: int, on: date | None = None) -> Assessment:
    """December: assess every provider's shared resources in the year's published catalogues, city and counties.

    钦政办〔2019〕5号 二（一）4 has the city assess 全市各级各部门 once, so there is one assessment a year over the
    city catalogue and every county catalogue published by then; a county without one is named in the circulation.
    """
    on = on_or_today(on)
    _require_city_lead(by, on, _("共享政务信息资源考核"))
    if on < date(year, 12, 1):
        raise WorkflowError(_("{year}年度的考核在当年 12 月进行（12 月 1 日起）。").format(year=year))
    catalogues = [c for c in (latest_published(year, area) for area in Area.values) if c is not None]
    if not any(c.area == Area.CITY for c in catalogues):
        raise WorkflowError(_("{year}年度市级目录尚未发布，不能考核。").format(year=year))
    ratio, days = settings.SHARING_ASSESSMENT_MIN_SHAREABLE_RATIO, settings.SHARING_RESPONSE_DAYS
    assessment = Assessment.objects.select_for_update().filter(year=year).first()
    if assessment and assessment.circulated_on:
        raise WorkflowError(_("考核结果已于 {d} 通报，不能重新考核。").format(d=assessment.circulated_on.isoformat()))
    if assessment is None:
        assessment = Assessment.objects.create(year=year, assessed_on=on, assessed_by=by, min_shareable_ratio=ratio,
                                               response_days=days)
    else:
        Assessment.objects.filter(pk=assessment.pk).update(assessed_on=on, assessed_by=by, min_shareable_ratio=ratio,
                                                           response_days=days)
        assessment.rows.all().delete()
    assessment.catalogues.set(catalogues)
    totals = CatalogueEntry.objects.filter(catalogue__in=catalogues).values("provider").annotate(
        n=Count("pk"), shareable=Count("pk", filter=Q(share_type__in=SHAREABLE))).order_by()
    year_requests = AccessRequest.objects.filter(requested_on__year=year, requested_on__lte=on)
    stale = on - timedelta(days=days)
    by_unit = {r["unit"]: r for r in year_requests.values(unit=F("resource__catalogue__project__unit")).annotate(
        n=Count("pk"), granted=Count("pk", filter=Q(status__in=[RequestStatus.GRANTED, RequestStatus.REVOKED])),
        refused=Count("pk", filter=Q(status=RequestStatus.REFUSED)),
        overdue=Count("pk", filter=Q(status=RequestStatus.PENDING, requested_on__lt=stale))).order_by()}
    rows = []
    for t in totals:
        r = by_unit.get(t["provider"], {})
        problems = _remarks(t["n"], t["shareable"], r.get("overdue", 0), ratio, days)
        rows.append(AssessmentRow(assessment=assessment, organisation_id=t["provider"], resources=t["n"],
                                  shareable=t["shareable"], requests=r.get("n", 0), granted=r.get("granted", 0),
                                  refused=r.get("refused", 0), pending_overdue=r.get("overdue", 0),
                                  needs_improvement=bool(problems), remarks="；".join(problems)))
    AssessmentRow.objects.bulk_create(rows)
    assessment.refresh_from_db()
    audit.record(actor=by, action=audit.Action.DECISION, obj=assessment,
                 after={"step": "assess", "catalogues": [str(c) for c in catalogues], "units": len(rows),
                        "circulated_units": sum(r.needs_improvement for r in rows),
                        "min_shareable_ratio": str(ratio), "response_days": days})
    return assessment


@transaction.atomic
def assessment_circulate(*, by, assessment: Assessment, ref: str, on: date | None = None) -> Assessment:
    on = on_or_today(on)
    _require_city_lead(by, on, _("通报考核结果"))
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.circulated_on:
        raise WorkflowError(_("考核结果已于 {d} 通报。").format(d=assessment.circulated_on.isoformat()))
    if not ref.strip():
        raise WorkflowError(_("请填写通报文号。"))
    Assessment.objects.filter(pk=assessment.pk).update(circulated_on=on, circulation_ref=ref.strip())
    assessment.refresh_from_db()
    audit.record(actor=by, action=audit.Action.DECISION, obj=assessment,
                 after={"step": "circulate", "ref": assessment.circulation_ref, "late": on > assessment.due})
    listed = assessment.rows.filter(needs_improvement=True).values_list("organisation_id", flat=True)
    notify(_people(listed, Perm.GRANT_SHARING), title=_("共享政务信息资源考核通报：{a}").format(a=assessment),
           body=_("本单位列入通报，请对照问题整改。"), url=reverse("sharing:assessment", args=[assessment.pk]))
    return assessment


def catalogue_reminders(today: date) -> int:
    """Daily: remind whoever must publish each catalogue (October city, November county) and run the assessment.

    Before a county's deadline its own data leads are reminded; once it has passed, the city lead is too, to press
    the county (the city assesses every level in December). The December assessment is the city lead's alone.
    """
    sent = 0
    url = reverse("sharing:catalogues")
    city_leads = selectors.city_leads(today)
    for area, label in Area.choices:
        deadline = CityCatalogue(year=today.year, area=area).deadline
        left = (deadline - today).days
        if latest_published(today.year, area) is None and (left in REMIND_DAYS_BEFORE or (left < 0 and -left % 7 == 0)):
            title = (_("{year}年度{area}政务信息资源目录应于 {d} 前更新发布，还有 {n} 天").format(
                year=today.year, area=label, d=deadline.isoformat(), n=left) if left >= 0 else
                _("{year}年度{area}政务信息资源目录已超过发布期限 {d}，尚未发布").format(
                    year=today.year, area=label, d=deadline.isoformat()))
            if area == Area.CITY:
                recipients = list(city_leads)
            else:
                recipients = [*selectors.county_leads(area), *(city_leads if left < 0 else ())]
            sent += notify(recipients, title=title, url=url,
                           dedupe_key=f"sharing:catalogue:{area}:{today.isoformat()}")
    if (today.month == 12 and today.day in (1, 15, 24, 31) and latest_published(today.year, Area.CITY)
            and not Assessment.objects.filter(year=today.year, circulated_on__isnull=False).exists()):
        sent += notify(city_leads, title=_("{year}年度全市共享政务信息资源考核应于 12 月底前完成并通报").format(
            year=today.year), url=url, dedupe_key=f"sharing:assess:{today.isoformat()}")
    return sent


# ---------------------------------------------------------------- system register (钦政办〔2019〕5号; Art. 32)

SYSTEM_FIELDS = ("name", "project", "cloud_status", "dengbao_level", "dengbao_filed_on", "dengbao_tested_on",
                 "mipin_tested_on")


def _require_system_keeper(by, owner) -> None:
    if not selectors.may_keep_system(by, owner.pk):
        raise PermissionDenied(_("信息系统登记由运维单位或牵头部门维护。"))


@transaction.atomic
def system_save(*, by, owner, data: dict, system: InformationSystem | None = None) -> InformationSystem:
    if system:
        system = InformationSystem.objects.select_for_update().get(pk=system.pk)  # the project as it is now
    _require_system_keeper(by, system.owner if system else owner)
    project = data.get("project")
    if project is not None and project.unit_id != (system.owner_id if system else owner.pk):
        raise WorkflowError(_("所选项目不是该运维单位建设的项目。"))
    if (system and getattr(project, "pk", None) != system.project_id
            and system.zombie_determinations.exists()):
        # S5 finds the determinations through the project: moving the system would lift (or rewrite) the block
        raise WorkflowError(_("该系统曾被认定为“僵尸”系统，所属项目不能更改。"))
    return _save(by, system or InformationSystem(owner=owner), SYSTEM_FIELDS, data)


def _system_for_decision(by, system: InformationSystem, label, on: date) -> InformationSystem:
    if not selectors.may_determine_zombie(by, on):
        raise PermissionDenied(_("“{step}”应由{lead}办理。").format(step=label, lead=selectors.zombie_lead_name(on)))
    return InformationSystem.objects.select_for_update().select_related("owner").get(pk=system.pk)


@transaction.atomic
def system_flag_zombie(*, by, system: InformationSystem, reason: str, on: date | None = None
                       ) -> ZombieDetermination:
    """A zombie system must be shut down and its project gets no more O&M money (rule S5) from ``on``."""
    on = on_or_today(on)
    system = _system_for_decision(by, system, _("认定“僵尸”系统"), on)
    last = system.zombie_determinations.first()
    if last and last.cleared_on is None:
        raise WorkflowError(_("该系统已于 {d} 认定为“僵尸”系统。").format(d=last.determined_on.isoformat()))
    if last and on < last.cleared_on:
        raise WorkflowError(_("上一次认定于 {d} 撤销，新的认定日期不能早于该日。").format(d=last.cleared_on.isoformat()))
    if not reason.strip():
        raise WorkflowError(_("请写明认定理由。"))
    determination = ZombieDetermination.objects.create(system=system, determined_on=on, determined_by=by,
                                                       reason=reason.strip())
    audit.record(actor=by, action=audit.Action.DECISION, obj=determination,
                 after={**audit.snapshot(determination), "step": "flag_zombie"})
    _tell_system_parties(system, title=_("“僵尸”系统认定：{s}").format(s=system.name),
                         body=_("该系统须及时关停，财政部门不再安排运维经费。"))
    return determination


def _tell_system_parties(system: InformationSystem, *, title: str, body: str) -> None:
    """The running unit and the finance bureau act on a determination: one shuts down, the other stops O&M money."""
    notify([*project_selectors.people(system.owner, Perm.DECLARE_PROJECTS), *project_selectors.holders_with(
        Perm.MANAGE_FUNDS)], title=title, body=body, url=reverse("sharing:system", args=[system.pk]))


@transaction.atomic
def system_clear_zombie(*, by, system: InformationSystem, reason: str, on: date | None = None
                        ) -> ZombieDetermination:
    """Lift the open determination from ``on``: the days it was in force stay refused."""
    on = on_or_today(on)
    system = _system_for_decision(by, system, _("撤销“僵尸”系统认定"), on)
    determination = system.zombie_determinations.filter(cleared_on__isnull=True).first()
    if determination is None:
        raise WorkflowError(_("该系统当前没有“僵尸”系统认定。"))
    if not reason.strip():
        raise WorkflowError(_("请写明撤销理由。"))
    before = audit.snapshot(determination)
    ZombieDetermination.objects.filter(pk=determination.pk).update(
        cleared_on=max(on, determination.determined_on), cleared_by=by, clear_reason=reason.strip())
    determination.refresh_from_db()
    audit.record(actor=by, action=audit.Action.DECISION, obj=determination, before=before,
                 after={**audit.snapshot(determination), "step": "clear_zombie"})
    _tell_system_parties(system, title=_("撤销“僵尸”系统认定：{s}").format(s=system.name),
                         body=_("自 {d} 起撤销认定，理由：{r}").format(d=determination.cleared_on.isoformat(),
                                                                 r=determination.clear_reason))
    return determination


@transaction.atomic
def system_shut_down(*, by, system: InformationSystem, on: date | None = None) -> InformationSystem:
    on = on_or_today(on)
    system = InformationSystem.objects.select_for_update().select_related("owner").get(pk=system.pk)
    _require_system_keeper(by, system.owner)
    if system.status == InformationSystem.Status.SHUT_DOWN:
        raise WorkflowError(_("该系统已于 {d} 关停。").format(d=system.shut_down_on.isoformat()))
    before = audit.snapshot(system)
    InformationSystem.objects.filter(pk=system.pk).update(status=InformationSystem.Status.SHUT_DOWN, shut_down_on=on)
    system.refresh_from_db()
    audit.record(actor=by, action=audit.Action.DECISION, obj=system, before=before,
                 after={**audit.snapshot(system), "step": "shut_down"})
    return system
