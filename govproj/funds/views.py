"""Fund pages: the ledger with drill-down, and one page per record with the operations open to this user.

Every page that shows one record is an ``OpsPage``: it finds the record within the user's scope
(404 outside it), lists the operations whose ``available`` says this user may take them now, and
on POST runs one through its service. A refused operation re-renders the page with what the user
typed and the reasons with their citations (400); an operation the user may not take is 403.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from govproj.audit import services as audit
from govproj.common import workflow
from govproj.common.documents import DOCX_MIME
from govproj.common.export import download, xlsx_response
from govproj.common.ops import Op
from govproj.common.ops import OpsPage as BaseOpsPage
from govproj.common.roles import Perm
from govproj.common.scoping import restrict
from govproj.common.views import RoleRequiredMixin, ScopedListView
from govproj.projects.models import Project
from govproj.projects.services import is_unit_member
from govproj.rulebook.versions import version_on

from . import documents, filters, forms, selectors, services, tables
from .models import (
    Adjustment,
    Application,
    ArrangementPlan,
    Call,
    FundDocument,
    FundReport,
    FundYear,
    NonCompliance,
    PerformanceEvaluation,
)


def _in_department(user, code: str, perm: str = Perm.MANAGE_FUNDS) -> bool:
    return bool(user.has_perm(f"govproj.{perm}") and user.organisation_id and user.organisation.code == code)


def is_lead(user) -> bool:
    return _in_department(user, version_on(timezone.localdate()).lead_department)


def is_finance(user) -> bool:
    return _in_department(user, version_on(timezone.localdate()).finance_department)


def is_government(user) -> bool:
    return user.has_perm(Perm.GOVERNMENT_DECIDE.full)


class OpsPage(BaseOpsPage):
    permission_required = Perm.VIEW_FUNDS


# ---------------------------------------------------------------- ledger


def _chart(rows: list[dict], label_key: str) -> dict:
    """ECharts options for planned vs allocated vs paid; rendered by static/funds/chart.js."""
    return {
        "labels": [str(r[label_key]) for r in rows],
        "series": [
            {"name": _("计划安排"), "data": [float(r["planned"]) for r in rows]},
            {"name": _("已下达"), "data": [float(r["allocated"]) for r in rows]},
            {"name": _("已拨付"), "data": [float(r["paid"]) for r in rows]},
        ],
    }


class LedgerView(OpsPage):
    template_name = "funds/ledger.html"
    ops = {
        "pool": Op(gettext_lazy("统筹资金入专项资金预算"), forms.PoolForm,
                   lambda d, o, u: services.pool_add(by=u, year=d["year"], unit=d["unit"], kind=d["kind"],
                                                     amount=d["amount"], note=d["note"]),
                   lambda o, u: is_finance(u)),
    }

    def get_object(self):
        return None

    def extra_context(self, obj):
        rows = selectors.year_totals(self.request.user)
        chart_rows = [{"year": r["fund"].year, **r} for r in reversed(rows)]
        return {"title": _("资金台账"), "rows": rows, "chart": _chart(chart_rows, "year"),
                "overdue_reports": selectors.overdue_reports(self.request.user).count()}


class YearView(OpsPage):
    template_name = "funds/year.html"
    ops = {
        "plan": Op(gettext_lazy("编制经费安排计划（新批次）"), forms.Confirm,
                   lambda d, o, u: services.plan_create(by=u, year=o.year), lambda o, u: is_lead(u)),
    }

    def get_object(self):
        return get_object_or_404(FundYear, year=self.kwargs["year"])

    def get(self, request, *args, **kwargs):
        fund = self.get_object()
        if request.GET.get("_export") == "xlsx":
            return self.export(fund)
        return self.render(fund)

    def units(self, fund):
        return selectors.by_unit(self.request.user, fund.year)

    def extra_context(self, fund):
        units = self.units(fund)
        user = self.request.user
        return {
            "title": str(fund), "fund": fund, "units": units, "chart": _chart(units, "project__unit__short_name"),
            "pool_lines": fund.pool_lines.select_related("unit") if is_finance(user) or is_lead(user) else [],
            "calls": fund.calls.all(), "plans": fund.plans.all(),
            "can_export": user.has_perm(Perm.EXPORT_FUNDS.full),
        }

    def export(self, fund):
        if not self.request.user.has_perm(Perm.EXPORT_FUNDS.full):
            raise PermissionDenied
        rows = [[r["project__unit__short_name"], r["projects"], r["planned"], r["allocated"], r["contracted"],
                 r["paid"], r["recovered"]] for r in self.units(fund)]
        headers = [_("建设单位"), _("项目数"), _("计划安排（元）"), _("已下达（元）"), _("已签合同（元）"),
                   _("已拨付（元）"), _("已收回（元）")]
        response, count = xlsx_response(title=str(fund), headers=headers, rows=iter(rows))
        audit.record(actor=self.request.user, action=audit.Action.EXPORT, obj=fund, after={"rows": count,
                                                                                          "by": "unit"})
        return response


class YearProjectsView(ScopedListView):
    model = Project
    table_class = tables.FundProjectTable
    filterset_class = filters.ProjectFilter
    permission_required = Perm.VIEW_FUNDS
    export_permission = Perm.EXPORT_FUNDS

    @property
    def title(self):
        return _("{year}年专项资金项目台账").format(year=self.kwargs["year"])

    def get_queryset(self):
        get_object_or_404(FundYear, year=self.kwargs["year"])
        return selectors.by_project(self.request.user, self.kwargs["year"])


# ---------------------------------------------------------------- calls and applications


class CallListView(OpsPage):
    template_name = "funds/calls.html"
    ops = {
        "create": Op(gettext_lazy("起草经费申报通知"), forms.CallForm,
                     lambda d, o, u: services.call_create(by=u, **d), lambda o, u: is_lead(u)),
    }

    def get_object(self):
        return None

    def extra_context(self, obj):
        page = Paginator(Call.objects.select_related("fund", "issuer"), 25).get_page(self.request.GET.get("page"))
        return {"title": _("经费申报通知"), "page": page}


def _create_application(d, call, user):
    app = services.application_create(by=user, call=call, **d)
    return app


class CallView(OpsPage):
    template_name = "funds/call.html"
    ops = {
        "issue": Op(gettext_lazy("发布通知"), forms.Confirm, lambda d, o, u: services.call_issue(by=u, call=o),
                    step="issue"),
        "close": Op(gettext_lazy("截止申报"), forms.Confirm, lambda d, o, u: services.call_close(by=u, call=o),
                    step="close"),
        "apply": Op(gettext_lazy("申请经费"), forms.ApplicationForm, _create_application,
                    lambda o, u: o.status == Call.Status.OPEN and u.has_perm(Perm.DECLARE_PROJECTS.full)),
    }

    def get_object(self):
        call = get_object_or_404(Call.objects.select_related("fund", "issuer"), pk=self.kwargs["pk"])
        if call.status == Call.Status.DRAFT and not is_lead(self.request.user):
            raise Http404
        return call

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if request.POST.get("_op") == "apply" and response.status_code == 302:
            latest = Application.objects.filter(call_id=self.kwargs["pk"], created_by=request.user).order_by(
                "-pk").first()
            return redirect("funds:application", pk=latest.pk)
        return response

    def extra_context(self, call):
        apps = restrict(call.applications.select_related("project", "project__unit"), self.request.user,
                        Perm.VIEW_FUNDS)
        return {"title": call.title, "call": call, "page": Paginator(apps, 50).get_page(self.request.GET.get("page"))}


def _unit_op(obj, user, *statuses) -> bool:
    return obj.status in statuses and is_unit_member(user, obj.project)


def _verify(d, app, user):
    services.application_verify(by=user, application=app, verified_amount=d["verified_amount"], note=d["note"],
                                third_party=d["third_party"], report=d["report"])


class ApplicationView(OpsPage):
    template_name = "funds/application.html"
    ops = {
        "upload": Op(gettext_lazy("上传申报材料"), forms.UploadForm,
                     lambda d, o, u: services.application_upload(by=u, application=o, kind=d["kind"], upload=d["file"]),
                     lambda o, u: _unit_op(o, u, Application.Status.DRAFT), multipart=True),
        "submit": Op(gettext_lazy("提交经费申请"), forms.Confirm,
                     lambda d, o, u: services.application_submit(by=u, application=o), step="submit"),
        "withdraw": Op(gettext_lazy("撤回经费申请"), forms.Confirm,
                       lambda d, o, u: services.application_withdraw(by=u, application=o), step="withdraw"),
        "verify": Op(gettext_lazy("核定经费"), forms.VerifyForm, _verify, multipart=True, step="verify"),
    }

    def get_object(self):
        qs = Application.objects.select_related("call", "call__fund", "project", "project__unit", "verified_by")
        return get_object_or_404(restrict(qs, self.request.user, Perm.VIEW_FUNDS), pk=self.kwargs["pk"])

    def extra_context(self, app):
        result = selectors.application_findings(app)
        return {"title": str(app), "app": app, "documents": app.documents.all(), "result": result,
                "cap": app.verification_cap}


class DocumentDownloadView(RoleRequiredMixin, View):
    permission_required = Perm.VIEW_FUNDS

    def get(self, request, pk):
        doc = get_object_or_404(restrict(FundDocument.objects.all(), request.user, Perm.VIEW_FUNDS), pk=pk)
        return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name)


# ---------------------------------------------------------------- arrangement plans


def _plan_decide(d, plan, user):
    services.plan_decide(by=user, plan=plan, approve=d["decision"] == "yes", decision_ref=d["decision_ref"],
                         reason=d["reason"])


class PlanView(OpsPage):
    template_name = "funds/plan.html"
    ops = {
        "add": Op(gettext_lazy("列入安排计划"), forms.PlanLineForm,
                  lambda d, o, u: services.plan_add_line(by=u, plan=o, application=d["application"],
                                                         amount=d["amount"]),
                  step="edit"),
        "remove": Op(gettext_lazy("移出"), forms.LineForm,
                     lambda d, o, u: services.plan_remove_line(by=u, line=d["line"]), step="edit"),
        "submit": Op(gettext_lazy("报市人民政府审定"), forms.Confirm,
                     lambda d, o, u: services.plan_submit(by=u, plan=o), step="submit"),
        # Approving and returning are one decision of the same actor from the same state.
        "decide": Op(gettext_lazy("市人民政府审定"), forms.DecisionForm, _plan_decide, step="approve"),
        "allocate": Op(gettext_lazy("下达资金"), forms.AllocateForm,
                       lambda d, o, u: services.allocate(by=u, plan=o, allocation_ref=d["allocation_ref"]),
                       step="allocate"),
    }

    def get_object(self):
        return get_object_or_404(ArrangementPlan.objects.select_related("fund"), pk=self.kwargs["pk"])

    def visible_lines(self, plan):
        """The plan's lines the user's scope reaches: the page and its Word file show the same ones."""
        return restrict(plan.lines.all(), self.request.user, Perm.VIEW_FUNDS)

    def extra_context(self, plan):
        lines = list(self.visible_lines(plan).select_related("application", "application__project",
                                                             "application__project__unit"))
        total = sum((line.amount for line in lines), Decimal("0"))
        return {"title": str(plan), "plan": plan, "lines": lines, "total": total}


class PlanDocxView(PlanView):
    def get(self, request, *args, **kwargs):
        plan = self.get_object()
        content = documents.plan_docx(plan, self.visible_lines(plan))
        audit.record(actor=request.user, action=audit.Action.EXPORT, obj=plan, after={"docx": True})
        return download(content, f"{plan}.docx", DOCX_MIME)


# ---------------------------------------------------------------- a project's ledger


def _decided(d) -> bool:
    return d["decision"] == "yes"


def _unit_of(project, user) -> bool:
    return is_unit_member(user, project)


def _change_open(step: str):
    """Whether the user may take ``step`` on one of the project's content changes now."""
    return lambda project, user: any(workflow.can(user, c, step) for c in project.content_changes.all())


class ProjectFundsView(OpsPage):
    template_name = "funds/project.html"
    ops = {
        "spending_plan": Op(gettext_lazy("编制用款计划"), forms.SpendingPlanForm,
                            lambda d, o, u: services.spending_plan_set(by=u, **d),
                            lambda o, u: _unit_of(o, u) and o.allocations.exists()),
        "contract": Op(gettext_lazy("登记合同"), forms.ContractForm,
                       lambda d, o, u: services.contract_register(
                           by=u, allocation=d["allocation"], number=d["number"], title=d["title"],
                           supplier=d["supplier"], amount=d["amount"], fund_amount=d["fund_amount"],
                           signed_on=d["signed_on"], advance_percent=d["advance_percent"],
                           procurement=d["procurement"], upload=d["file"]),
                       lambda o, u: _unit_of(o, u) and o.allocations.exists(), multipart=True),
        "payment": Op(gettext_lazy("拨付资金"), forms.PaymentForm,
                      lambda d, o, u: services.payment_record(by=u, **d),
                      lambda o, u: _unit_of(o, u) and o.allocations.filter(contracts__isnull=False).exists()),
        "report": Op(gettext_lazy("报送资金使用情况"), forms.ReportForm,
                     lambda d, o, u: services.report_submit(by=u, **d),
                     lambda o, u: _unit_of(o, u) and o.fund_reports.filter(submitted_on__isnull=True).exists()),
        "content_change": Op(gettext_lazy("申请调整建设内容（第二十条）"), forms.ContentChangeForm,
                             lambda d, o, u: services.content_change_request(by=u, project=o, **d),
                             lambda o, u: _unit_of(o, u) and o.approved_investment is not None),
        "content_consent": Op(gettext_lazy("市人民政府同意调整（超概算）"), forms.ContentConsentForm,
                              lambda d, o, u: services.content_change_consent(
                                  by=u, change=d["change"], approve=_decided(d), ref=d["ref"], note=d["note"]),
                              _change_open("consent")),
        "content_decide": Op(gettext_lazy("审批建设内容调整"), forms.ContentDecideForm,
                             lambda d, o, u: services.content_change_decide(
                                 by=u, change=d["change"], approve=_decided(d), ref=d["ref"], note=d["note"]),
                             _change_open("approve")),
        "content_found": Op(gettext_lazy("认定擅自变更建设内容"), forms.ContentFoundForm,
                            lambda d, o, u: services.content_change_found(by=u, project=o, **d),
                            lambda o, u: is_lead(u) and o.approved_investment is not None),
        "recover": Op(gettext_lazy("收回资金"), forms.RecoveryForm,
                      lambda d, o, u: services.recover(by=u, **d),
                      lambda o, u: is_finance(u) and o.allocations.exists()),
    }

    def get_object(self):
        qs = restrict(Project.objects.select_related("unit", "approver"), self.request.user, Perm.VIEW_FUNDS)
        return get_object_or_404(qs.prefetch_related("content_changes"), pk=self.kwargs["pk"])

    def extra_context(self, project):
        ledger = selectors.project_ledger(project)
        selectors.attach_limits(ledger["allocations"], timezone.localdate())
        return {"title": project.name, "project": project, **ledger}


# ---------------------------------------------------------------- adjustments, reports, evaluations, security


def _adjust(d, obj, user):
    services.adjustment_request(by=user, year=d["year"], change=d["change"], project=d["project"], kind=d["kind"],
                                amount=d["amount"], reason=d["reason"], source=d["source"])


def _adjust_decide(d, obj, user):
    services.adjustment_decide(by=user, adjustment=d["adjustment"], approve=_decided(d),
                               decision_ref=d["decision_ref"], note=d["reason"])


class AdjustmentListView(OpsPage):
    template_name = "funds/adjustments.html"
    ops = {
        "request": Op(gettext_lazy("提出资金调整（报市人民政府批准）"), forms.AdjustmentForm, _adjust,
                      lambda o, u: is_lead(u) or is_finance(u)),
        "decide": Op(gettext_lazy("批准资金调整"), forms.AdjustmentDecideForm, _adjust_decide,
                     lambda o, u: is_government(u)),
    }

    def get_object(self):
        return None

    def extra_context(self, obj):
        qs = restrict(Adjustment.objects.select_related("fund", "project", "project__unit", "source__project"),
                      self.request.user, Perm.VIEW_FUNDS)
        return {"title": _("资金调整"), "page": Paginator(qs, 25).get_page(self.request.GET.get("page"))}


class ReportListView(ScopedListView):
    model = FundReport
    table_class = tables.ReportTable
    filterset_class = filters.ReportFilter
    permission_required = Perm.VIEW_FUNDS
    export_permission = Perm.EXPORT_FUNDS
    title = gettext_lazy("资金使用情况报告")

    def base_queryset(self):
        return FundReport.objects.select_related("project", "project__unit")


def _open_evaluation(d, obj, user):
    ev = services.evaluation_open(by=user, project=d["project"], year=d["year"])
    return ev


class EvaluationListView(OpsPage):
    template_name = "funds/evaluations.html"
    ops = {"open": Op(gettext_lazy("启动绩效评价"), forms.EvaluationOpenForm, _open_evaluation,
                      lambda o, u: is_finance(u))}

    def get_object(self):
        return None

    def extra_context(self, obj):
        qs = restrict(PerformanceEvaluation.objects.select_related("project", "project__unit"), self.request.user,
                      Perm.VIEW_FUNDS)
        return {"title": _("绩效评价"), "page": Paginator(qs, 25).get_page(self.request.GET.get("page"))}


class EvaluationView(OpsPage):
    template_name = "funds/evaluation.html"
    ops = {"conclude": Op(gettext_lazy("作出评价结论"), forms.EvaluationConcludeForm,
                          lambda d, o, u: services.evaluation_conclude(by=u, evaluation=o, **d), step="conclude")}

    def get_object(self):
        qs = restrict(PerformanceEvaluation.objects.select_related("project", "project__unit"), self.request.user,
                      Perm.VIEW_FUNDS)
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def extra_context(self, ev):
        return {"title": _("{p} {y}年度绩效评价").format(p=ev.project.name, y=ev.year), "ev": ev}


def _may_determine(user) -> bool:
    org = user.organisation
    return bool(user.has_perm(Perm.DETERMINE_SECURITY.full) and org
                and org.code in version_on(timezone.localdate()).security_determiners)


class NonComplianceListView(OpsPage):
    """Art. 32 findings: recorded by the departments the version names, read by finance and the lead."""

    template_name = "funds/security.html"
    permission_required = ""
    ops = {
        "record": Op(gettext_lazy("认定信息系统不符合安全要求"), forms.NonComplianceForm,
                     lambda d, o, u: services.noncompliance_record(by=u, **d), lambda o, u: _may_determine(u)),
        "resolve": Op(gettext_lazy("复核解除认定"), forms.ResolveForm,
                      lambda d, o, u: services.noncompliance_resolve(by=u, finding=d["finding"],
                                                                     resolution=d["resolution"]),
                      lambda o, u: _may_determine(u)),
    }

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not (user.has_perm(Perm.VIEW_FUNDS.full)
                                          or user.has_perm(Perm.DETERMINE_SECURITY.full)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        return None

    def extra_context(self, obj):
        user = self.request.user
        qs = NonCompliance.objects.select_related("project", "project__unit", "department")
        if not user.has_perm(Perm.VIEW_FUNDS.full):
            qs = qs.filter(department_id=user.organisation_id)
        else:
            qs = restrict(qs, user, Perm.VIEW_FUNDS)
        page = Paginator(qs, 25).get_page(self.request.GET.get("page"))
        return {"title": _("安全不合规认定（第三十二条）"), "page": page}
