"""A project's information-resource catalogue: its resources, their items, the collaboration scenario, the
statement that the project produces no data, and the catalogue import (Art. 10, 29)."""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common.dates import on_or_today
from govproj.common.errors import WorkflowError, validate
from govproj.common.importing import Importer
from govproj.common.tabular import CellError
from govproj.projects.models import Project
from govproj.projects.services import is_unit_member

from .. import importing
from ..models import AccessRequest, Catalogue, Item, Resource
from ..states import RequestStatus
from ._core import _save

RESOURCE_FIELDS = ("name", "summary", "source_unit", "update_cycle", "share_type", "share_conditions", "legal_basis",
                   "open_type", "data_format")
ITEM_FIELDS = ("name", "data_type", "description", "classified")


def _require_unit_member(by, project: Project, label) -> None:
    if not is_unit_member(by, project):
        raise PermissionDenied(_("“{step}”应由建设单位{unit}办理。").format(step=label, unit=project.unit.short_name))


def _editable_catalogue(by, project: Project, label) -> Catalogue:
    _require_unit_member(by, project, label)
    Catalogue.objects.get_or_create(project=project)
    return Catalogue.objects.select_for_update().select_related("project__unit").get(project=project)


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
        raise WorkflowError(_("信息项“{item}”在{orgs}的有效授权或待授权申请中，不能删除；请先撤销授权或办理申请。")
                            .format(item=item.name, orgs="、".join(holders)))
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
    before = audit.snapshot(catalogue)
    declared = {"produces_no_data": True, "no_data_statement": statement.strip(), "stated_by": by,
                "stated_on": on_or_today(on)}
    for name, value in declared.items():
        setattr(catalogue, name, value)
    validate(catalogue)
    count = catalogue.resources.count()
    if count:
        raise WorkflowError(_("目录中已有 {n} 项信息资源，不能声明项目不产生数据。").format(n=count))
    Catalogue.objects.filter(pk=catalogue.pk).update(**declared)
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
