"""The yearly city and county catalogues and the December assessment (钦政办〔2019〕5号 二（一）4).

The city's catalogue is published by the end of October, a county's by the end of November; in December the
city assesses the shared resources of every level and circulates the result.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common import workflow
from govproj.common.dates import on_or_today
from govproj.common.errors import ConcurrentChange, WorkflowError
from govproj.common.notify import notify
from govproj.common.roles import Perm

from .. import selectors
from ..models import SHAREABLE, AccessRequest, Area, Assessment, AssessmentRow, CatalogueEntry, CityCatalogue, Resource
from ..states import RequestStatus
from ._core import _people

REMIND_DAYS_BEFORE = (30, 14, 7, 3, 1, 0)


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
    workflow.check(by, catalogue, "publish", on)
    if not catalogue.entries.exists():
        raise WorkflowError(_("目录没有任何信息资源，不能发布。"))
    catalogue = workflow.move(catalogue, "publish", by=by, detail={"late": on > catalogue.deadline}, published_on=on,
                              published_by=by, note=note.strip())
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
