"""Pages of the duplicate-construction check: the project panel, the declaration check and the region register.

Thin views: they parse a form, call one service or selector and render. A project is found within the
viewer's scope (404 outside it); a matched platform project the viewer may not open is shown by name,
unit, state, score and phrases only, without a link or its text. htmx requests get the partial and a 200
even when a form has errors (htmx swaps only 2xx answers); a plain POST with errors gets the page and 400.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from govproj.common.api import HasRolePermission
from govproj.common.errors import WorkflowError
from govproj.common.export import XLSX_MIME, download, xlsx_bytes
from govproj.common.import_views import ImportView as BaseImportView
from govproj.common.roles import Perm
from govproj.common.scoping import restrict
from govproj.common.views import RoleRequiredMixin, ScopedListView
from govproj.projects.models import Category, Project
from govproj.projects.selectors import visible_projects

from . import forms, importing, selectors, services
from .engine import Doc
from .filters import RegionFilter
from .models import RegionProject
from .tables import RegionTable

MANAGE = Perm.MANAGE_REGION_REGISTER


def _htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))


def _slug(key: str) -> str:
    return key.replace(":", "")


# ---------------------------------------------------------------- the project panel


class PanelView(RoleRequiredMixin, View):
    """「相似项目比对」 of one project: matches, judgements and, for the lead department now, the judgement form."""

    permission_required = Perm.VIEW_PROJECTS

    def get_project(self) -> Project:
        return get_object_or_404(visible_projects(self.request.user).select_related("unit"), pk=self.kwargs["pk"])

    def get(self, request, pk):
        return self.render(self.get_project())

    def render(self, project, bound=None, refused=None, status=200):
        context = panel_context(self.request, project, bound, refused)
        context["title"] = _("相似项目比对：{name}").format(name=project.name)
        template = "similarity/_panel.html" if _htmx(self.request) else "similarity/panel_page.html"
        return TemplateResponse(self.request, template, context, status=200 if _htmx(self.request) else status)


def panel_context(request, project, bound=None, refused=None) -> dict:
    """What the panel shows ``request.user`` (the page's own panel, and this view's answers to its forms)."""
    user = request.user
    matches = selectors.similar_to(project, user=user)
    can_judge = services.may_judge(user, project)
    if can_judge:
        for m in matches:
            initial = {"key": m.key}
            if m.judgement:
                initial.update(verdict=m.judgement.verdict, reason=m.judgement.reason)
            m.form = (bound if bound is not None and bound.data.get("key") == m.key else
                      forms.JudgementForm(initial=initial, auto_id=f"id_j{_slug(m.key)}_%s"))
    return {"project": project, "matches": matches, "judgements": selectors.judgements_of(project),
            "can_judge": can_judge, "refused": refused,
            "threshold": round(services.REGION_RULE_THRESHOLD * 100)}


class JudgeView(PanelView):
    http_method_names = ["post"]

    def post(self, request, pk):
        project = self.get_project()
        form = forms.JudgementForm(request.POST, auto_id=f"id_j{_slug(request.POST.get('key', ''))}_%s")
        if not form.is_valid():
            return self.render(project, bound=form, status=400)
        matched = _matched(form.cleaned_data["key"])
        try:
            services.judge(by=request.user, project=project, matched=matched,
                           verdict=form.cleaned_data["verdict"], reason=form.cleaned_data["reason"])
        except WorkflowError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.render(project, bound=form, refused=exc, status=400)
        messages.success(request, _("查重研判已记录：{name}。").format(name=matched.name))
        if _htmx(request):
            return self.render(project)
        return redirect(reverse("projects:detail", args=[project.pk]) + "#similarity-panel")


def _matched(key: str):
    model = RegionProject if key.startswith("r:") else Project
    return get_object_or_404(model, pk=int(key[2:]))


class CompareView(PanelView):
    """The two texts side by side with the shared phrases marked."""

    def get(self, request, pk):
        project = self.get_project()
        match = selectors.find(project, request.GET.get("key", ""), user=request.user)
        if match is None:
            raise Http404(_("该项目已不在相似项目之列。"))
        context = {"project": project, "match": match, "rows": selectors.side_by_side(project, match),
                   "title": _("比对：{a} 与 {b}").format(a=project.name, b=match.item.name)}
        template = "similarity/_compare.html" if _htmx(request) else "similarity/compare_page.html"
        return TemplateResponse(request, template, context)


class CheckView(RoleRequiredMixin, View):
    """「检查相似项目」 on the declaration form: what is typed so far, before anything is saved."""

    permission_required = Perm.DECLARE_PROJECTS
    http_method_names = ["post"]

    def post(self, request):
        form = forms.CheckForm(request.POST)
        if not form.is_valid():
            return TemplateResponse(request, "similarity/_check.html", {"form": form})
        data = form.cleaned_data
        project = None
        if data["project"]:
            project = get_object_or_404(restrict(Project.objects.all(), request.user, Perm.DECLARE_PROJECTS),
                                        pk=data["project"])
        organisation = request.user.organisation
        doc = Doc(name=data["name"], content=data["content"], functions=data["functions"],
                  unit=organisation.name if organisation else "",
                  category=str(Category(data["category"]).label) if data["category"] else "")
        if project is not None:
            project.name, project.content, project.functions = doc.name, doc.content, doc.functions
        matches = selectors.similar_to(project or doc, user=request.user)
        return TemplateResponse(request, "similarity/_check.html", {
            "form": form, "matches": matches, "threshold": round(services.REGION_RULE_THRESHOLD * 100)})


# ---------------------------------------------------------------- the region register


class RegisterView(ScopedListView):
    model = RegionProject
    table_class = RegionTable
    filterset_class = RegionFilter
    permission_required = Perm.VIEW_PROJECTS
    export_permission = Perm.EXPORT_PROJECTS
    export_exclude = ("updated_at",)
    title = gettext_lazy("自治区统一建设项目登记")
    template_name = "similarity/register.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = self.request.user.has_perm(MANAGE.full)
        return context


class RegionDetailView(RoleRequiredMixin, View):
    """One register item, with the judgements made against it on projects the viewer may see."""

    permission_required = Perm.VIEW_PROJECTS

    def get(self, request, pk):
        item = get_object_or_404(selectors.region_projects(), pk=pk)
        judgements = item.judgements.filter(project__in=visible_projects(request.user)).select_related(
            "project__unit", "by")
        return TemplateResponse(request, "similarity/region.html", {
            "item": item, "judgements": judgements, "can_manage": request.user.has_perm(MANAGE.full),
            "title": item.name})


class RegionFormView(RoleRequiredMixin, View):
    permission_required = MANAGE

    def get_item(self):
        return get_object_or_404(RegionProject, pk=self.kwargs["pk"]) if "pk" in self.kwargs else None

    def render(self, form, item, refused=None, status=200):
        return TemplateResponse(self.request, "similarity/region_form.html", {
            "form": form, "item": item, "refused": refused,
            "title": _("修改登记") if item else _("登记自治区统一建设项目")}, status=status)

    def get(self, request, **kwargs):
        item = self.get_item()
        return self.render(forms.RegionProjectForm(instance=item), item)

    def post(self, request, **kwargs):
        item = self.get_item()
        form = forms.RegionProjectForm(request.POST, instance=item)
        if not form.is_valid():
            return self.render(form, item, status=400)
        fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
        try:
            if item is None:
                item = services.region_project_create(by=request.user, **fields)
            else:
                item = services.region_project_update(by=request.user, item=item, **fields)
        except WorkflowError as exc:
            return self.render(form, item, refused=exc, status=400)
        messages.success(request, _("“{name}”已保存。").format(name=item.name))
        return redirect("similarity:region", pk=item.pk)


class RegionDeleteView(RoleRequiredMixin, View):
    permission_required = MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        item = get_object_or_404(RegionProject, pk=pk)
        try:
            services.region_project_delete(by=request.user, item=item)
        except WorkflowError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("similarity:region", pk=pk)
        messages.success(request, _("“{name}”已删除。").format(name=item.name))
        return redirect("similarity:register")


class ImportView(BaseImportView):
    """Upload → preview of what would be added and changed (or every bad cell, nothing written) → confirm."""

    permission_required = MANAGE
    template_name = "similarity/import.html"
    kind = "region_register"
    form_class = forms.ImportForm

    def page_context(self):
        return {"headers": importing.HEADERS, "statuses": list(importing.STATUS_BY_LABEL),
                "title": _("导入自治区统一建设项目登记")}

    def done(self, filename, result):
        messages.success(self.request, _("已导入“{name}”：共 {rows} 行，新增 {c} 项，更新 {u} 项，未变化 {n} 项。")
                         .format(name=filename, rows=result.rows, c=len(result.created), u=len(result.updated),
                                 n=len(result.unchanged)))
        return redirect("similarity:register")


class TemplateDownloadView(RoleRequiredMixin, View):
    """The empty register with its headers: what the import expects, in the export's column order."""

    permission_required = Perm.VIEW_PROJECTS

    def get(self, request):
        content, _rows = xlsx_bytes(title=_("自治区统一建设项目登记"), headers=importing.HEADERS, rows=[])
        return download(content, _("自治区统一建设项目登记导入模板.xlsx"), XLSX_MIME)


# ---------------------------------------------------------------- API


class SimilarAPIView(APIView):
    """``GET /api/similar/?project=ID``: the project's matches as its panel shows them; read-only and scoped."""

    permission_classes = [HasRolePermission]
    required_perm = Perm.VIEW_PROJECTS

    @extend_schema(parameters=[OpenApiParameter("project", int, required=True, description="项目 ID")],
                   responses=OpenApiTypes.OBJECT)
    def get(self, request):
        try:
            pk = int(request.query_params.get("project", ""))
        except ValueError:
            return Response({"errors": [_("请用 project=项目 ID 指定项目。")]}, status=400)
        project = get_object_or_404(visible_projects(request.user).select_related("unit"), pk=pk)
        return Response({"project": project.pk, "threshold": services.REGION_RULE_THRESHOLD,
                         "matches": [_as_json(m) for m in selectors.similar_to(project, user=request.user)]})


def _as_json(m: selectors.Similar) -> dict:
    j = m.judgement
    return {"key": m.key, "kind": "region" if m.is_region else "project", "id": m.item.pk, "name": m.item.name,
            "unit": m.unit_label, "state": str(m.state_label), "score": round(m.score, 4), "phrases": list(m.phrases),
            "may_open": m.visible,
            "judgement": {"verdict": j.verdict, "reason": j.reason, "stage": j.stage, "by": j.by.username,
                          "at": j.at.isoformat()} if j else None}
