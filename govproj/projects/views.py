"""Project pages: thin views that parse a form, call one service and render.

The project page lists the actions open to this user now; each posts to ``ProjectActionView``,
which runs the matching service. A refused step re-renders the page with the user's input and
the reasons (with their citations); a user outside the project's scope gets 404, a user without
the role for a step 403.
"""

from collections.abc import Callable
from dataclasses import dataclass

import django_filters
import django_tables2 as tables
from django import forms as dj_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from govproj.audit import services as audit
from govproj.common.errors import ConcurrentChange, WorkflowError
from govproj.common.export import download
from govproj.common.roles import Perm
from govproj.common.scoping import restrict
from govproj.common.views import RoleRequiredMixin, ScopedListView
from govproj.orgs.models import Organisation

from . import documents, forms, selectors, services
from .models import (
    AnnualPlan,
    ApprovalItem,
    Attachment,
    Category,
    DeclarationType,
    Inspection,
    Opinion,
    Postponement,
    Project,
)
from .states import ANNUAL_ONLY, SPECIAL_ONLY, STEPS, State

# ---------------------------------------------------------------- list


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("项目名称/编号"), method="search")
    plan_year = django_filters.NumberFilter(label=gettext_lazy("计划年度"))
    unit = django_filters.ModelChoiceFilter(label=gettext_lazy("建设单位"), queryset=Organisation.objects.none())
    state = django_filters.MultipleChoiceFilter(label=gettext_lazy("状态"), choices=State.choices,
                                                widget=dj_forms.SelectMultiple(attrs={"size": 3}))
    build_type = django_filters.ChoiceFilter(label=gettext_lazy("建设性质"), choices=forms.Project._meta.get_field(
        "build_type").choices)
    declaration_type = django_filters.ChoiceFilter(label=gettext_lazy("申报类型"), choices=DeclarationType.choices)
    category = django_filters.ChoiceFilter(label=gettext_lazy("项目类别"), choices=Category.choices)
    amount_min = django_filters.NumberFilter(label=gettext_lazy("总投资不少于（元）"), field_name="total_investment",
                                             lookup_expr="gte")
    amount_max = django_filters.NumberFilter(label=gettext_lazy("总投资不超过（元）"), field_name="total_investment",
                                             lookup_expr="lte")
    overdue = django_filters.BooleanFilter(label=gettext_lazy("仅看逾期"), method="filter_overdue",
                                           widget=dj_forms.CheckboxInput)

    class Meta:
        model = Project
        fields = ["q", "plan_year", "unit", "state", "build_type", "declaration_type", "category", "amount_min",
                  "amount_max", "overdue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Organisation.objects.filter(is_active=True).order_by("kind", "code")

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(next_due__lt=timezone.localdate()) if value else queryset


class ProjectTable(tables.Table):
    code = tables.Column(verbose_name=gettext_lazy("项目编号"))
    name = tables.Column(verbose_name=gettext_lazy("项目名称"), linkify=("projects:detail", {"pk": tables.A("pk")}))
    unit = tables.Column(verbose_name=gettext_lazy("建设单位"), accessor="unit__short_name", order_by="unit__code")
    plan_year = tables.Column(verbose_name=gettext_lazy("年度"))
    declaration_type = tables.Column(verbose_name=gettext_lazy("申报类型"))
    build_type = tables.Column(verbose_name=gettext_lazy("建设性质"))
    total_investment = tables.Column(verbose_name=gettext_lazy("总投资（元）"), attrs={"td": {"class": "text-end"}})
    state = tables.Column(verbose_name=gettext_lazy("状态"))
    next_actor = tables.Column(verbose_name=gettext_lazy("待办方"))
    next_due = tables.DateColumn(verbose_name=gettext_lazy("期限"), format="Y-m-d")

    class Meta:
        model = Project
        fields = ["code", "name", "unit", "plan_year", "declaration_type", "build_type", "total_investment", "state",
                  "next_actor", "next_due"]
        empty_text = gettext_lazy("没有符合条件的项目。")
        attrs = {"class": "table table-sm table-hover"}
        row_attrs = {"class": lambda record: "table-danger" if record.next_due and record.next_due < timezone.localdate()
                     and record.state not in (State.TERMINATED, State.OPERATING) else ""}

    def render_total_investment(self, value):
        return f"{value:,.2f}"

    def value_total_investment(self, value):
        return value


class ProjectListView(ScopedListView):
    model = Project
    table_class = ProjectTable
    filterset_class = ProjectFilter
    permission_required = Perm.VIEW_PROJECTS
    export_permission = Perm.EXPORT_PROJECTS
    title = gettext_lazy("项目")
    template_name = "projects/list.html"

    def base_queryset(self):
        return Project.objects.select_related("unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_declare"] = self.request.user.has_perm(Perm.DECLARE_PROJECTS.full)
        return context


# ---------------------------------------------------------------- create / edit


def _unit_of(user) -> Organisation:
    if user.organisation is None:
        raise PermissionDenied(_("您的账户未关联单位，无法申报项目。"))
    return user.organisation


class ProjectFormView(RoleRequiredMixin, TemplateView):
    """Declare a new project or edit a draft; rules run live (htmx) while the form is filled in."""

    permission_required = Perm.DECLARE_PROJECTS
    template_name = "projects/form.html"

    def get_project(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(restrict(Project.objects.select_related("unit"), self.request.user,
                                          Perm.DECLARE_PROJECTS), pk=self.kwargs["pk"])

    def parents(self):
        return restrict(Project.objects.exclude(state=State.TERMINATED), self.request.user, Perm.VIEW_PROJECTS)

    def get(self, request, *args, **kwargs):
        project = self.get_project()
        initial = {"plan_year": timezone.localdate().year + 1}
        form = forms.ProjectForm(instance=project, initial=initial, parents=self.parents())
        return self.render(form, project)

    def render(self, form, project, findings=None):
        return self.render_to_response({"form": form, "project": project, "findings": findings,
                                        "title": _("修改申报") if project else _("申报项目")})

    def post(self, request, *args, **kwargs):
        project = self.get_project()
        form = forms.ProjectForm(request.POST, instance=project, parents=self.parents())
        if request.headers.get("HX-Request") and request.POST.get("_check"):
            return TemplateResponse(request, "projects/_live_findings.html",
                                    {"findings": self.live_findings(form, project)})
        if not form.is_valid():
            return self.render(form, project)
        fields = {k: v for k, v in form.cleaned_data.items()}
        try:
            if project is None:
                project = services.project_create(by=request.user, unit=_unit_of(request.user), **fields)
                messages.success(request, _("项目草稿已保存。请上传申报材料，确认无阻止项后提交申报。"))
            else:
                services.project_update(by=request.user, project=project,
                                        expected_version=int(request.POST.get("lock_version", project.lock_version)),
                                        **fields)
                messages.success(request, _("申报内容已保存。"))
        except WorkflowError as exc:
            for m in exc.messages:
                form.add_error(None, m)
            return self.render(form, project)
        return redirect("projects:detail", pk=project.pk)

    def live_findings(self, form, project):
        """The rules on what is typed so far: a unit sees a block before it submits (spec §8)."""
        form.is_valid()
        data = {k: v for k, v in form.cleaned_data.items() if k != "parent"}
        probe = project or Project(unit=self.request.user.organisation)
        for key, value in data.items():
            setattr(probe, key, value)
        if not probe.name or probe.total_investment is None or not probe.declaration_type:
            return []
        try:
            return services.judge(probe)["findings"]
        except Exception:  # an incomplete form (no unit, missing year) has no findings yet
            return []


# ---------------------------------------------------------------- project page and its actions


@dataclass(frozen=True)
class ActionSpec:
    label: str
    form: type
    run: Callable
    step: str | None = None
    available: Callable | None = None
    objects: Callable | None = None  # per-object actions: the objects this user may act on
    object_field: str = ""
    multipart: bool = False


def _decision(data) -> bool:
    return data["decision"] == "yes"


def _in(project, *states) -> bool:
    return project.state in states


ACTIONS: dict[str, ActionSpec] = {
    "submit": ActionSpec(gettext_lazy("提交申报"), forms.ConfirmForm,
                         lambda d, p, u, v: services.submit(by=u, project=p, expected_version=v), step="submit"),
    "withdraw": ActionSpec(gettext_lazy("撤回申报"), forms.ConfirmForm,
                           lambda d, p, u, v: services.withdraw(by=u, project=p, reason=d["reason"], expected_version=v),
                           step="withdraw"),
    "redraft": ActionSpec(gettext_lazy("重新编辑"), forms.ConfirmForm,
                          lambda d, p, u, v: services.redraft(by=u, project=p, expected_version=v), step="redraft"),
    "start_evaluation": ActionSpec(gettext_lazy("启动综合评估"), forms.EvaluationStartForm,
                                   lambda d, p, u, v: services.start_evaluation(
                                       by=u, project=p, experts=list(d["experts"]), expected_version=v),
                                   step="start_evaluation"),
    "opinion": ActionSpec(gettext_lazy("出具意见"), forms.OpinionForm,
                          lambda d, p, u, v: services.opinion_give(
                              by=u, opinion=d["opinion"], conclusion=d["conclusion"], text=d["text"],
                              necessity=d["necessity"], feasibility=d["feasibility"], security=d["security"],
                              sharing=d["sharing"], funding=d["funding"]),
                          objects=lambda p, u: [o for o in p.opinions.all() if not o.submitted_at
                                                and services.may_answer(u, o)],
                          object_field="opinion"),
    "conclude_evaluation": ActionSpec(gettext_lazy("作出评估结论"), forms.ConcludeEvaluationForm,
                                      lambda d, p, u, v: services.conclude_evaluation(
                                          by=u, project=p, outcome=d["outcome"], reason=d["reason"],
                                          expected_version=v), step="conclude_evaluation"),
    "remind": ActionSpec(gettext_lazy("催办尚未反馈意见的部门/专家"), forms.ConfirmForm,
                         lambda d, p, u, v: services.remind_pending(by=u, project=p),
                         available=lambda p, u: any(not o.submitted_at for o in p.opinions.all())
                         and u.has_perm(Perm.REVIEW_PROJECTS.full)
                         and u.organisation_id == selectors.lead_department(timezone.localdate()).pk),
    "infrastructure_exception": ActionSpec(
        gettext_lazy("批准基础设施建设例外"), forms.ReasonForm,
        lambda d, p, u, v: services.record_infrastructure_exception(by=u, project=p, reason=d["reason"]),
        available=lambda p, u: p.new_infrastructure and not p.infrastructure_exception_reason
        and p.state in services.EXCEPTION_STATES and u.has_perm(Perm.REVIEW_PROJECTS.full)
        and u.organisation_id == selectors.lead_department(timezone.localdate()).pk),
    "plan_add": ActionSpec(gettext_lazy("列入年度工作方案"), forms.PlanAddForm,
                           lambda d, p, u, v: services.plan_add(by=u, project=p, priority=d["priority"],
                                                                override_reason=d["override_reason"]),
                           step="add_to_plan"),
    "plan_remove": ActionSpec(gettext_lazy("移出年度工作方案"), forms.ConfirmForm,
                              lambda d, p, u, v: services.plan_remove(by=u, project=p, reason=d["reason"]),
                              step="remove_from_plan"),
    "submit_special": ActionSpec(gettext_lazy("报市政府审定"), forms.ConfirmForm,
                                 lambda d, p, u, v: services.submit_special(by=u, project=p, expected_version=v),
                                 step="submit_special"),
    "government_decide": ActionSpec(gettext_lazy("市政府审定专项申报"), forms.DecisionForm,
                                    lambda d, p, u, v: services.government_decide(
                                        by=u, project=p, approve=_decision(d), decision_ref=d["decision_ref"],
                                        reason=d["reason"], expected_version=v),
                                    step="government_decide",
                                    available=lambda p, u: p.declaration_type == "special"),
    "start_approval": ActionSpec(gettext_lazy("报请立项审批"), forms.ConfirmForm,
                                 lambda d, p, u, v: services.start_approval(by=u, project=p, expected_version=v),
                                 step="start_approval",
                                 available=lambda p, u: p.state == State.GOV_APPROVED or p.centrally_funded),
    "item_submit": ActionSpec(gettext_lazy("报送审批事项"), forms.ItemSubmitForm,
                              lambda d, p, u, v: services.item_submit(
                                  by=u, item=d["item"], requested_amount=d["requested_amount"], chapters=d["chapters"],
                                  attachment=services.attachment_upload(by=u, project=p, kind=d["item"].kind,
                                                                        upload=d["file"])),
                              objects=lambda p, u: services.submittable_items(p) if services.is_unit_member(u, p) else [],
                              object_field="item", multipart=True),
    "item_decide": ActionSpec(gettext_lazy("审批"), forms.ItemDecideForm,
                              lambda d, p, u, v: services.item_decide(
                                  by=u, item=d["item"], approve=_decision(d), approved_amount=d["approved_amount"],
                                  approval_ref=d["approval_ref"], chapters=d["chapters"], comment=d["comment"]),
                              objects=lambda p, u: [i for i in p.approval_items.all() if i.status == "submitted"
                                                    and p.approver_id and u.organisation_id == p.approver_id
                                                    and u.has_perm(Perm.REVIEW_PROJECTS.full)],
                              object_field="item"),
    "xinchuang_request": ActionSpec(gettext_lazy("申请信创替代例外（报保密行政管理部门）"), forms.ConfirmForm,
                                    lambda d, p, u, v: services.request_xinchuang_exception(by=u, project=p),
                                    available=lambda p, u: services.is_unit_member(u, p) and _in(
                                        p, State.DRAFT, State.RETURNED, State.DECLARED, State.EVALUATING, State.PASSED,
                                        State.IN_PLAN, State.GOV_APPROVED, State.APPROVING, State.SPECIAL_REVIEW)),
    "issue_approval": ActionSpec(gettext_lazy("批复立项"), forms.ApprovalForm,
                                 lambda d, p, u, v: services.issue_approval(by=u, project=p,
                                                                            approval_ref=d["approval_ref"],
                                                                            expected_version=v),
                                 step="issue_approval"),
    "submit_fiscal_review": ActionSpec(gettext_lazy("报送财政投资评审"), forms.AmountForm,
                                       lambda d, p, u, v: services.submit_fiscal_review(
                                           by=u, project=p, amount=d["amount"], expected_version=v),
                                       step="submit_fiscal_review"),
    "complete_fiscal_review": ActionSpec(gettext_lazy("完成财政投资评审"), forms.FiscalReviewForm,
                                         lambda d, p, u, v: services.complete_fiscal_review(
                                             by=u, project=p, reviewed_amount=d["reviewed_amount"],
                                             comment=d["comment"], expected_version=v),
                                         step="complete_fiscal_review"),
    "start_construction": ActionSpec(gettext_lazy("开工建设"), forms.ConfirmForm,
                                     lambda d, p, u, v: services.start_construction(by=u, project=p,
                                                                                    expected_version=v),
                                     step="start_construction"),
    "progress": ActionSpec(gettext_lazy("报送进度表"), forms.ProgressForm,
                           lambda d, p, u, v: services.progress_report(by=u, project=p, **d),
                           available=lambda p, u: services.is_unit_member(u, p) and _in(p, State.CONSTRUCTING, State.COMPLETED)),
    "inspection": ActionSpec(gettext_lazy("登记现场检查"), forms.InspectionForm,
                             lambda d, p, u, v: services.inspection_record(by=u, project=p, **d),
                             available=lambda p, u: u.has_perm(Perm.REVIEW_PROJECTS.full) and _in(
                                 p, State.CONSTRUCTING, State.COMPLETED, State.ACCEPTED, State.ARCHIVED,
                                 State.OPERATING)),
    "rectify": ActionSpec(gettext_lazy("报送整改情况"), forms.RectifyForm,
                          lambda d, p, u, v: services.inspection_rectify(by=u, inspection=d["inspection"],
                                                                         rectification=d["rectification"]),
                          objects=lambda p, u: [i for i in p.inspections.all() if not i.rectified_on
                                                and services.is_unit_member(u, p)],
                          object_field="inspection"),
    "crypto": ActionSpec(gettext_lazy("登记密码应用安全性评估"), forms.CryptoForm,
                         lambda d, p, u, v: services.crypto_evaluation_record(by=u, project=p, **d),
                         available=lambda p, u: services.is_unit_member(u, p) and _in(
                             p, State.CONSTRUCTING, State.COMPLETED, State.ACCEPTED, State.ARCHIVED, State.OPERATING)),
    "complete": ActionSpec(gettext_lazy("登记完工"), forms.CompleteForm,
                           lambda d, p, u, v: services.complete(by=u, project=p, completed_on=d["completed_on"],
                                                                expected_version=v), step="complete"),
    "postpone": ActionSpec(gettext_lazy("申请延期验收"), forms.PostponeForm,
                           lambda d, p, u, v: services.postponement_request(by=u, project=p, **d),
                           available=lambda p, u: services.is_unit_member(u, p) and p.state == State.COMPLETED),
    "postpone_decide": ActionSpec(gettext_lazy("审核延期验收申请"), forms.PostponeDecideForm,
                                  lambda d, p, u, v: services.postponement_decide(
                                      by=u, postponement=d["postponement"], approve=_decision(d), comment=d["comment"]),
                                  objects=lambda p, u: [x for x in p.postponements.all() if x.status == "pending"
                                                        and u.organisation_id == selectors.acceptance_organiser(
                                                            p, timezone.localdate()).pk
                                                        and u.has_perm(Perm.REVIEW_PROJECTS.full)],
                                  object_field="postponement"),
    "apply_acceptance": ActionSpec(gettext_lazy("申请验收"), forms.ConfirmForm,
                                   lambda d, p, u, v: services.apply_acceptance(by=u, project=p, expected_version=v),
                                   step="apply_acceptance"),
    "start_acceptance": ActionSpec(gettext_lazy("组织验收"), forms.AcceptanceStartForm,
                                   lambda d, p, u, v: services.start_acceptance(
                                       by=u, project=p, mode=d["mode"], members=d["members"],
                                       experts=list(d["experts"]), expected_version=v), step="start_acceptance"),
    "conclude_acceptance": ActionSpec(gettext_lazy("作出验收结论"), forms.AcceptanceConcludeForm,
                                      lambda d, p, u, v: services.conclude_acceptance(
                                          by=u, project=p, passed=_decision(d), conclusion=d["conclusion"],
                                          expected_version=v), step="conclude_acceptance"),
    "file_report": ActionSpec(gettext_lazy("验收报告备案并归档"), forms.ConfirmForm,
                              lambda d, p, u, v: services.file_report(by=u, project=p, expected_version=v),
                              step="file_report"),
    "start_operation": ActionSpec(gettext_lazy("转入运维"), forms.ConfirmForm,
                                  lambda d, p, u, v: services.start_operation(by=u, project=p, expected_version=v),
                                  step="start_operation"),
    "upload": ActionSpec(gettext_lazy("上传材料"), forms.UploadForm,
                         lambda d, p, u, v: services.attachment_upload(by=u, project=p, kind=d["kind"],
                                                                       upload=d["file"], passed=d["passed"],
                                                                       note=d["note"]),
                         available=lambda p, u: p.state != State.TERMINATED and (
                             services.is_unit_member(u, p) or u.has_perm(Perm.REVIEW_PROJECTS.full)), multipart=True),
    "terminate": ActionSpec(gettext_lazy("终止项目"), forms.ReasonForm,
                            lambda d, p, u, v: services.terminate(by=u, project=p, reason=d["reason"],
                                                                  expected_version=v), step="terminate"),
}
OBJECT_MODELS = {"opinion": Opinion, "item": ApprovalItem, "inspection": Inspection, "postponement": Postponement}


def _step_open(project, user, step) -> bool:
    if project.state not in STEPS[step].sources:
        return False
    if step in ANNUAL_ONLY and project.declaration_type != "annual":
        return False
    if step in SPECIAL_ONLY and project.declaration_type != "special":
        return False
    return services.can_take(user, project, step)


def open_actions(project, user, bound: dict | None = None) -> list[dict]:
    """The actions this user may take now, each with its (possibly bound) form(s)."""
    bound = bound or {}
    result = []
    for name, spec in ACTIONS.items():
        if spec.step and not _step_open(project, user, spec.step):
            continue
        if spec.available and not spec.available(project, user):
            continue
        if spec.objects:
            for obj in spec.objects(project, user):
                key = f"{name}-{obj.pk}"
                form = bound.get(key) or spec.form(initial={spec.object_field: obj.pk}, prefix=key)
                result.append({"name": name, "key": key, "label": spec.label, "form": form, "object": obj,
                               "multipart": spec.multipart})
            continue
        form = bound.get(name) or spec.form(prefix=name)
        result.append({"name": name, "key": name, "label": spec.label, "form": form, "object": None,
                       "multipart": spec.multipart})
    return result


class ProjectDetailView(RoleRequiredMixin, View):
    permission_required = Perm.VIEW_PROJECTS

    def get_project(self):
        try:
            return selectors.project_page(self.kwargs["pk"], self.request.user)
        except Project.DoesNotExist:
            raise Http404 from None

    def get(self, request, *args, **kwargs):
        return self.render(self.get_project())

    def render(self, project, bound=None, refused=None, status=200):
        today = timezone.localdate()
        result = services.judge(project, today)
        attachments = sorted(project.attachments.all(), key=lambda a: (a.kind, -a.version))
        context = {
            "project": project, "title": project.name, "result": result,
            "actions": open_actions(project, self.request.user, bound),
            "attachments": attachments, "refused": refused, "today": today,
            "events": project.events.all(), "opinions": project.opinions.all(),
            "overdue": bool(project.next_due and project.next_due < today),
        }
        return TemplateResponse(self.request, "projects/detail.html", context, status=status)


class ProjectActionView(ProjectDetailView):
    """POST one action of the project page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        project = self.get_project()
        name = kwargs["action"]
        spec = ACTIONS.get(name)
        if spec is None:
            raise Http404
        key = request.POST.get("_key", name)
        form = spec.form(request.POST, request.FILES, prefix=key)
        if not form.is_valid():
            return self.render(project, bound={key: form}, status=400)
        data = dict(form.cleaned_data)
        if spec.object_field:
            allowed = {o.pk: o for o in spec.objects(project, request.user)} if spec.objects else {}
            obj = allowed.get(data[spec.object_field])
            if obj is None:
                exists = OBJECT_MODELS[spec.object_field].objects.filter(pk=data[spec.object_field],
                                                                        project=project).exists()
                if exists:
                    raise PermissionDenied
                raise Http404
            data[spec.object_field] = obj
        try:
            version = int(request.POST.get("lock_version", project.lock_version))
        except ValueError:
            version = project.lock_version
        try:
            try:
                spec.run(data, project, request.user, version)
            except OperationalError as exc:
                # SQLite refuses the second of two simultaneous writers instead of queueing it.
                if "locked" not in str(exc):
                    raise
                raise ConcurrentChange() from exc
        except WorkflowError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.render(self.get_project(), bound={key: form}, refused=exc, status=400)
        messages.success(request, _("“{label}”已办理。").format(label=spec.label))
        return redirect("projects:detail", pk=project.pk)


class AttachmentDownloadView(RoleRequiredMixin, View):
    permission_required = Perm.VIEW_PROJECTS

    def get(self, request, pk):
        attachment = get_object_or_404(restrict(Attachment.objects.all(), request.user, Perm.VIEW_PROJECTS), pk=pk)
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


class ArchiveDownloadView(ProjectDetailView):
    """Art. 23: the project's complete file set and decision history as one package."""

    def get(self, request, *args, **kwargs):
        project = self.get_project()
        content, count = documents.archive_zip(project)
        audit.record(actor=request.user, action=audit.Action.EXPORT, obj=project,
                     after={"archive": True, "files": count})
        return download(content, f"{project.code or project.pk}_{project.name}_项目档案.zip", "application/zip")


# ---------------------------------------------------------------- annual work plan


class PlanListView(RoleRequiredMixin, TemplateView):
    permission_required = Perm.VIEW_PLANS
    template_name = "projects/plans.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plans"] = AnnualPlan.objects.all()
        context["title"] = _("年度工作方案")
        return context


class PlanView(RoleRequiredMixin, TemplateView):
    permission_required = Perm.VIEW_PLANS
    template_name = "projects/plan.html"

    def get_plan(self):
        return get_object_or_404(AnnualPlan, year=self.kwargs["year"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.get_plan()
        user = self.request.user
        lead = selectors.lead_department(timezone.localdate())
        context.update({
            "plan": plan, "title": str(plan),
            "entries": plan.entries.select_related("project", "project__unit"),
            "can_edit": plan.status == AnnualPlan.Status.DRAFT and user.has_perm(Perm.REVIEW_PROJECTS.full)
            and user.organisation_id == lead.pk,
            "can_decide": plan.status == AnnualPlan.Status.SUBMITTED and user.has_perm(Perm.GOVERNMENT_DECIDE.full),
            "decision_form": kwargs.get("decision_form") or forms.DecisionForm(),
            "error": kwargs.get("error"),
        })
        return context

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        op = request.POST.get("op")
        try:
            if op == "submit":
                services.plan_submit(by=request.user, plan=plan,
                                     expected_version=int(request.POST.get("lock_version", plan.lock_version)))
                messages.success(request, _("年度工作方案已报市人民政府审定，方案内容已锁定。"))
            elif op in ("up", "down"):
                order = list(plan.entries.order_by("rank").values_list("project_id", flat=True))
                pid = int(request.POST["project"])
                i = order.index(pid)
                j = i - 1 if op == "up" else i + 1
                if 0 <= j < len(order):
                    order[i], order[j] = order[j], order[i]
                services.plan_reorder(by=request.user, plan=plan, project_ids=order)
            elif op == "decide":
                form = forms.DecisionForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(decision_form=form), status=400)
                services.plan_decide(by=request.user, plan=plan, approve=_decision(form.cleaned_data),
                                     decision_ref=form.cleaned_data["decision_ref"], reason=form.cleaned_data["reason"],
                                     expected_version=int(request.POST.get("lock_version", plan.lock_version)))
                messages.success(request, _("审定结果已记录。"))
            else:
                raise Http404
        except (ValueError, KeyError):
            raise Http404 from None
        except WorkflowError as exc:
            form = forms.DecisionForm(request.POST) if op == "decide" else None
            return self.render_to_response(self.get_context_data(error=exc, decision_form=form), status=400)
        return redirect("projects:plan", year=plan.year)


class PlanDocxView(PlanView):
    def get(self, request, *args, **kwargs):
        plan = self.get_plan()
        content = documents.plan_docx(plan)
        audit.record(actor=request.user, action=audit.Action.EXPORT, obj=plan, after={"docx": True})
        return download(content, f"{plan}.docx", documents.DOCX_MIME)


# ---------------------------------------------------------------- notifications


class NotificationsView(RoleRequiredMixin, TemplateView):
    template_name = "projects/notifications.html"

    def get_context_data(self, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context_data(**kwargs)
        page = Paginator(self.request.user.notifications.all(), 25).get_page(self.request.GET.get("page"))
        context.update({"page": page, "title": _("消息")})
        return context

    def post(self, request, *args, **kwargs):
        request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("projects:notifications")

