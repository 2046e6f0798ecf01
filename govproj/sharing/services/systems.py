"""The government information system register and its zombie determinations (钦政办〔2019〕5号; Art. 32).

A zombie system must be shut down and its project gets no more O&M money (rule S5).
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common import workflow
from govproj.common.dates import on_or_today
from govproj.common.errors import WorkflowError
from govproj.common.notify import notify
from govproj.common.roles import Perm
from govproj.projects import selectors as project_selectors

from .. import selectors
from ..models import InformationSystem, ZombieDetermination
from ._core import _save

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
        raise WorkflowError(_("上一次认定于 {d} 撤销，新的认定日期不能早于该日。").format(
            d=last.cleared_on.isoformat()))
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
    if system.status == InformationSystem.Status.SHUT_DOWN:  # says since when, where the machine names the status
        raise WorkflowError(_("该系统已于 {d} 关停。").format(d=system.shut_down_on.isoformat()))
    workflow.check(by, system, "shut_down", on)
    return workflow.move(system, "shut_down", by=by, action=audit.Action.DECISION, shut_down_on=on)
