"""Project pages: thin views that parse a form, call one service and render.

The project page lists the actions open to this user now (``actions.py``); each posts to
``ProjectActionView``, which runs the matching service. A refused step re-renders the page with
the user's input and the reasons (with their citations); a user outside the project's scope gets
404, a user without the role for a step 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from govproj.audit import services as audit
from govproj.common import workflow
from govproj.common.documents import DOCX_MIME
from govproj.common.errors import WorkflowError, losing_writer
from govproj.common.export import download
from govproj.common.roles import Perm
from govproj.common.scoping import restrict
from govproj.common.views import RoleRequiredMixin, ScopedListView
from govproj.orgs.models import Organisation

from . import documents, forms, selectors, services
from .actions import ACTIONS, OBJECT_MODELS, decided_yes, open_actions
from .filters import ProjectFilter
from .models import AnnualPlan, Attachment, Project
from .states import State
from .tables import ProjectTable

# ---------------------------------------------------------------- list


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
            with losing_writer():
                spec.run(data, project, request.user, version)
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
        context.update({
            "plan": plan, "title": str(plan),
            "entries": plan.entries.select_related("project", "project__unit"),
            "can_edit": workflow.can(user, plan, "reorder"),
            "can_decide": workflow.can(user, plan, "decide"),
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
                services.plan_decide(by=request.user, plan=plan, approve=decided_yes(form.cleaned_data),
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
        return download(content, f"{plan}.docx", DOCX_MIME)


# ---------------------------------------------------------------- notifications


class NotificationsView(RoleRequiredMixin, TemplateView):
    template_name = "projects/notifications.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(self.request.user.notifications.all(), 25).get_page(self.request.GET.get("page"))
        context.update({"page": page, "title": _("消息")})
        return context

    def post(self, request, *args, **kwargs):
        request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("projects:notifications")
