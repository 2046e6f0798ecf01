"""F1–F2 (Art. 17–18): the finance bureau pools the year's fund; the lead department issues the calls."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common import workflow
from govproj.common.dates import on_or_today
from govproj.common.errors import WorkflowError
from govproj.common.notify import notify
from govproj.common.roles import Perm
from govproj.orgs.models import Organisation
from govproj.projects import selectors as project_selectors

from ..models import (
    Call,
    FundYear,
    PoolLine,
    money,
)
from ._core import _decimal_data, _finance, _fund_for_update, _lead, require_valid

# ---------------------------------------------------------------- F1 pool

@transaction.atomic
def pool_add(*, by, year: int, unit: Organisation, kind: str, amount: Decimal, note: str = "",
             on: date | None = None) -> PoolLine:
    """Art. 17: the finance bureau pools a budget unit's informatization money into the year's special fund."""
    on = on_or_today(on)
    _finance(by, on, _("统筹专项资金"))
    amount = money(amount)
    if amount <= 0:
        raise WorkflowError(_("统筹金额必须大于 0。"))
    fund = _fund_for_update(year)
    line = PoolLine.objects.create(fund=fund, unit=unit, kind=kind, amount=amount, note=note, recorded_on=on,
                                   recorded_by=by)
    FundYear.objects.filter(pk=fund.pk).update(budget=F("budget") + amount, lock_version=F("lock_version") + 1)
    audit.record(actor=by, action=audit.Action.CREATE, obj=line,
                 after=_decimal_data(year=year, unit=unit.code, kind=kind, amount=amount, note=note))
    return line


# ---------------------------------------------------------------- F2 calls

@transaction.atomic
def call_create(*, by, year: int, title: str, directions: str, stage_plan: str, deadline: date, ref: str = "",
                construction_ratio=Decimal("100"), equipment_ratio=Decimal("100"), om_ratio=Decimal("100"),
                on: date | None = None) -> Call:
    on = on_or_today(on)
    version = _lead(by, on, _("发布经费申报通知"))
    if deadline < on:
        raise WorkflowError(_("申报截止日期不能早于今天。"))
    fund = _fund_for_update(year)
    call = Call(fund=fund, title=title, ref=ref, directions=directions, stage_plan=stage_plan, deadline=deadline,
                construction_ratio=construction_ratio, equipment_ratio=equipment_ratio, om_ratio=om_ratio,
                issuer=Organisation.objects.get(code=version.lead_department), created_by=by)
    require_valid(call)
    call.save()
    audit.record_change(actor=by, obj=call, before=None)
    return call


@transaction.atomic
def call_issue(*, by, call: Call, on: date | None = None) -> Call:
    on = on_or_today(on)
    call = Call.objects.select_for_update().get(pk=call.pk)
    workflow.check(by, call, "issue", on)
    call = workflow.move(call, "issue", by=by, issued_on=on)
    units = project_selectors.holders_with(Perm.DECLARE_PROJECTS)
    notify(units, title=_("经费申报通知：{t}").format(t=call.title),
           body=_("申报截止 {d}。").format(d=call.deadline.isoformat()), url=reverse("funds:call", args=[call.pk]),
           dedupe_key=f"call:{call.pk}")
    return call


@transaction.atomic
def call_close(*, by, call: Call, on: date | None = None) -> Call:
    on = on_or_today(on)
    call = Call.objects.select_for_update().get(pk=call.pk)
    workflow.check(by, call, "close", on)
    return workflow.move(call, "close", by=by)
