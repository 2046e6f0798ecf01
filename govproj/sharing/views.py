"""Pages of the sharing module: catalogues, resources, access requests and grants, yearly catalogues, systems.

Every page checks the role (``RoleRequiredMixin``) and finds its object through a selector that
knows the user's scope, so a page outside it answers 404. Pages with operations are ``OpsPage``s:
each operation is one service call, and a refusal re-renders the form as typed with the reasons.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from govproj.audit import services as audit
from govproj.common.documents import DOCX_MIME
from govproj.common.errors import WorkflowError
from govproj.common.export import XLSX_MIME, download
from govproj.common.import_views import ImportView
from govproj.common.ops import Confirm, Op, OpsPage
from govproj.common.roles import Perm
from govproj.common.views import RoleRequiredMixin, ScopedListView
from govproj.projects import selectors as project_selectors
from govproj.projects import services as project_services
from govproj.projects.models import Project
from govproj.projects.services import is_unit_member

from . import documents, filters, forms, importing, selectors, services, tables
from .models import AccessRequest, Area, Catalogue, CityCatalogue, InformationSystem, Resource, ShareType
from .states import RequestStatus

VIEW = Perm.VIEW_SHARING


def _file(content: bytes, filename: str, mime: str, *, by, obj=None, title: str = "") -> HttpResponse:
    """Every download is an export and is audited (spec §7)."""
    audit.record(actor=by, action=audit.Action.EXPORT, obj=obj, object_type="" if obj else "sharing.export",
                 object_repr=title or filename, after={"file": filename, "bytes": len(content)})
    return download(content, filename, mime)


# ---------------------------------------------------------------- resource catalogue search (list)

class SharingList(ScopedListView):
    template_name = "sharing/list.html"
    permission_required = VIEW
    export_permission = Perm.EXPORT_SHARING

    def get_queryset(self):
        """Scope comes from the module's own selectors: other departments see the shareable catalogue too."""
        return self.base_queryset()


class ResourceListView(SharingList):
    model = Resource
    table_class = tables.ResourceTable
    filterset_class = filters.ResourceFilter
    title = gettext_lazy("信息资源目录检索")

    def base_queryset(self):
        return selectors.resources_listed_to(self.request.user).annotate(item_count=Count("items")).order_by(
            "catalogue__project__unit__code", "pk")


# ---------------------------------------------------------------- a project's catalogue

def _unit_member(obj, user) -> bool:
    return is_unit_member(user, obj)


def _no_data_stated(project) -> bool:
    catalogue = getattr(project, "catalogue", None)
    return bool(catalogue and catalogue.produces_no_data)


class ProjectCatalogueView(OpsPage):
    """Art. 29: the unit compiles its project's catalogue before the project goes for approval."""

    permission_required = VIEW
    template_name = "sharing/project.html"
    ops = {
        "add_resource": Op(gettext_lazy("新增信息资源"), forms.ResourceForm,
                           lambda d, p, u: services.resource_save(by=u, project=p, data=d),
                           lambda p, u: _unit_member(p, u) and not _no_data_stated(p)),
        "collaboration": Op(gettext_lazy("业务协同场景"), forms.CollaborationForm,
                            lambda d, p, u: services.collaboration_set(by=u, project=p, text=d["collaboration"]),
                            _unit_member),
        "no_data": Op(gettext_lazy("声明项目不产生任何数据"), forms.NoDataForm,
                      lambda d, p, u: services.no_data_declare(by=u, project=p, statement=d["statement"]),
                      lambda p, u: _unit_member(p, u) and not _no_data_stated(p),
                      hint=gettext_lazy("第二十九条：不产生任何数据的项目除外。声明将记入审计日志。")),
        "withdraw_no_data": Op(gettext_lazy("撤销不产生数据的声明"), Confirm,
                               lambda d, p, u: services.no_data_withdraw(by=u, project=p),
                               lambda p, u: _unit_member(p, u) and _no_data_stated(p)),
    }

    def get_object(self):
        try:
            project = project_selectors.visible_projects(self.request.user).select_related("unit").get(
                pk=self.kwargs["pk"])
        except Project.DoesNotExist:
            raise Http404 from None
        project.catalogue = Catalogue.objects.filter(project=project).first()
        return project

    def extra_context(self, project):
        return selectors.catalogue_card(project, project_services.judge(project), self.request.user)


class ProjectCatalogueExport(ProjectCatalogueView):
    """The editing round trip of the building unit: the file carries classified items, so no one else gets it."""

    def get(self, request, *args, **kwargs):
        project = self.get_object()
        if project.catalogue is None:
            raise Http404
        if not is_unit_member(request.user, project):
            raise PermissionDenied(_("项目信息资源目录（含涉密信息项）仅供建设单位导出编辑。"))
        return _file(documents.catalogue_xlsx(project.catalogue), f"{project.name}_信息资源目录.xlsx", XLSX_MIME,
                     by=request.user, obj=project.catalogue)


class CatalogueImportView(ImportView):
    """Upload → preview of what each resource and item would become (or every bad cell, nothing written) → confirm."""

    permission_required = VIEW
    template_name = "sharing/import.html"
    kind = "catalogue"
    form_class = forms.ImportForm

    @cached_property
    def project(self) -> Project:
        project = get_object_or_404(project_selectors.visible_projects(self.request.user).select_related("unit"),
                                    pk=self.kwargs["pk"])
        if not is_unit_member(self.request.user, project):
            raise PermissionDenied(_("项目信息资源目录由建设单位导入。"))
        return project

    def post(self, request, **kwargs):
        self.project  # noqa: B018 - the project and the user's right to import into it, before the file is read
        return super().post(request, **kwargs)

    def import_context(self):
        return {"project": self.project}

    def page_context(self):
        return {"project": self.project, "headers": importing.HEADERS}

    def expired(self, filename, digest):
        if selectors.catalogue_imported(self.project, digest):
            messages.info(self.request, _("“{name}”已导入，无需再次确认。").format(name=filename))
            return redirect("sharing:project", pk=self.project.pk)
        return super().expired(filename, digest)

    def done(self, filename, result):
        messages.success(self.request, _("已导入“{name}”：信息资源新增 {rc} 项、更新 {ru} 项、未变化 {rn} 项；"
                                         "信息项新增 {ic} 项、更新 {iu} 项、未变化 {in_} 项。").format(
            name=filename, rc=result.counts["resources_created"], ru=result.counts["resources_updated"],
            rn=result.counts["resources_unchanged"], ic=result.counts["items_created"],
            iu=result.counts["items_updated"], in_=result.counts["items_unchanged"]))
        return redirect("sharing:project", pk=self.project.pk)


class TemplateDownload(RoleRequiredMixin, View):
    permission_required = VIEW

    def get(self, request):
        return _file(documents.template_xlsx(), "信息资源目录模板.xlsx", XLSX_MIME, by=request.user,
                     title=_("信息资源目录模板"))


# ---------------------------------------------------------------- one resource

def _owner(resource, user) -> bool:
    return is_unit_member(user, resource.catalogue.project)


class ResourceView(OpsPage):
    permission_required = VIEW
    template_name = "sharing/resource.html"
    ops = {
        "edit": Op(gettext_lazy("修改信息资源"), forms.ResourceForm,
                   lambda d, r, u: services.resource_save(by=u, project=r.catalogue.project, resource=r, data=d),
                   _owner),
        "add_item": Op(gettext_lazy("新增信息项"), forms.ItemForm,
                       lambda d, r, u: services.item_save(by=u, resource=r, data=d), _owner),
        "remove_item": Op(gettext_lazy("删除信息项"), forms.ItemChoiceForm,
                          lambda d, r, u: services.item_delete(by=u, item=d["item"]),
                          lambda r, u: _owner(r, u) and r.items.exists()),
        "request": Op(gettext_lazy("申请使用"), forms.RequestForm,
                      lambda d, r, u: services.access_request(by=u, resource=r, purpose=d["purpose"], scope=d["scope"],
                                                              undertaking=d["undertaking"],
                                                              items=list(d.get("items", ()))),
                      lambda r, u: selectors.may_request(u, r),
                      hint=gettext_lazy("第三十条：经授权无偿使用，按授权范围合理使用共享信息。")),
    }

    def get_object(self):
        resource = get_object_or_404(selectors.resources_listed_to(self.request.user), pk=self.kwargs["pk"])
        resource.access = selectors.resource_access(self.request.user, resource)
        return resource

    def extra_context(self, resource):
        user = self.request.user
        mine = selectors.requests_visible_to(user).filter(resource=resource)
        asks = user.has_perm(Perm.REQUEST_SHARING.full) and not selectors.owns(user, resource)
        no_request = selectors.request_refusal(user, resource) if asks else ""
        return {"resource": resource, "access": resource.access, "requests": mine[:20], "no_request": no_request}

    def post(self, request, *args, **kwargs):
        if request.POST.get("_op") == "delete":
            resource = self.get_object()
            if not _owner(resource, request.user):
                raise PermissionDenied
            project = resource.catalogue.project
            try:
                services.resource_delete(by=request.user, resource=resource)
            except WorkflowError as exc:
                return self.render(resource, refused=exc, status=400)
            messages.success(request, _("信息资源已删除。"))
            return redirect("sharing:project", pk=project.pk)
        return super().post(request, *args, **kwargs)


# ---------------------------------------------------------------- access requests and the grant register

class RequestListView(SharingList):
    model = AccessRequest
    table_class = tables.RequestTable
    filterset_class = filters.RequestFilter
    title = gettext_lazy("共享申请")

    def base_queryset(self):
        return selectors.requests_visible_to(self.request.user)


class GrantRegisterView(SharingList):
    """Who may use what, today: every grant in force (Art. 30, 31)."""

    model = AccessRequest
    table_class = tables.GrantTable
    filterset_class = filters.RequestFilter
    title = gettext_lazy("共享授权登记")

    def base_queryset(self):
        today = timezone.localdate()
        return selectors.requests_visible_to(self.request.user).filter(
            status=RequestStatus.GRANTED, valid_from__lte=today, valid_until__gte=today).prefetch_related(
            "granted_items")

    def get_table_kwargs(self):
        return {"clearance": selectors.Clearance(self.request.user)}


class RequestView(OpsPage):
    permission_required = VIEW
    template_name = "sharing/request.html"
    ops = {
        "grant": Op(gettext_lazy("授权使用"), forms.GrantForm,
                    lambda d, r, u: services.access_grant(by=u, request=r, items=list(d["items"]), scope=d["scope"],
                                                          purpose=d["purpose"], valid_until=d["valid_until"],
                                                          named_people=list(d["named_people"]),
                                                          undertaking=d["undertaking"]),
                    hint=gettext_lazy("第三十条：无偿授权使用；国家秘密的知悉范围限定在最小范围。"), step="grant"),
        "refuse": Op(gettext_lazy("不予授权"), forms.ReasonForm,
                     lambda d, r, u: services.access_refuse(by=u, request=r, reason=d["reason"]),
                     step="refuse"),
        "withdraw": Op(gettext_lazy("撤回申请"), Confirm, lambda d, r, u: services.access_withdraw(by=u, request=r),
                       step="withdraw"),
        "revoke": Op(gettext_lazy("撤销授权"), forms.ReasonForm,
                     lambda d, r, u: services.access_revoke(by=u, request=r, reason=d["reason"]),
                     step="revoke"),
    }

    def get_object(self):
        return get_object_or_404(selectors.requests_visible_to(self.request.user).select_related(
            "undertaken_by", "decided_by").prefetch_related(
            "requested_items", "granted_items", "named_people"), pk=self.kwargs["pk"])

    def extra_context(self, request):
        clearance = selectors.Clearance(self.request.user)
        return {"req": request, "today": timezone.localdate(),
                "requested": clearance.items(request.resource, list(request.requested_items.all())),
                "granted": clearance.items(request.resource, list(request.granted_items.all()))}


# ---------------------------------------------------------------- yearly catalogues and the December assessment

def _today_leads(area: str, user) -> bool:
    return selectors.may_lead_catalogue(user, area, timezone.localdate())


def _city_lead(obj, user) -> bool:
    return selectors.is_city_lead(user, timezone.localdate())


class CataloguesView(OpsPage):
    permission_required = VIEW
    template_name = "sharing/catalogues.html"
    ops = {
        "compile": Op(gettext_lazy("汇总年度目录"), forms.CompileForm,
                      lambda d, o, u: services.catalogue_compile(by=u, year=d["year"], area=d["area"]),
                      lambda o, u: bool(selectors.areas_led_by(u, timezone.localdate())),
                      hint=gettext_lazy("汇总各项目信息资源目录，形成新版本草稿；市级目录 10 月底前由市级牵头单位发布，"
                                        "县级目录 11 月底前由县区发布。")),
        "assess": Op(gettext_lazy("开展年度考核"), forms.AssessForm,
                     lambda d, o, u: services.assessment_run(by=u, year=d["year"]), _city_lead,
                     hint=gettext_lazy("每年 12 月对全市各级各部门发布的共享政务信息资源（市级目录和已发布的县级目录）"
                                       "统一考核并通报。")),
    }

    def get_object(self):
        return None

    def extra_context(self, obj):
        user = self.request.user
        catalogues = selectors.catalogues_visible_to(user).annotate(n=Count("entries")).order_by(
            "-year", "area", "-version")
        today = timezone.localdate()
        published = set(CityCatalogue.objects.filter(year=today.year, status=CityCatalogue.Status.PUBLISHED)
                        .values_list("area", flat=True))
        cycle = [{"area": label, "deadline": CityCatalogue(year=today.year, area=area).deadline,
                  "published": area in published} for area, label in Area.choices]
        return {"page": Paginator(catalogues.select_related("published_by"), 25).get_page(self.request.GET.get("page")),
                "assessments": selectors.assessments_visible_to(user)[:20], "cycle": cycle, "year": today.year}


class CatalogueView(OpsPage):
    permission_required = VIEW
    template_name = "sharing/catalogue.html"
    ops = {
        "publish": Op(gettext_lazy("发布"), forms.PublishForm,
                      lambda d, c, u: services.catalogue_publish(by=u, catalogue=c, note=d["note"]),
                      step="publish"),
    }

    def get_object(self):
        return get_object_or_404(selectors.catalogues_visible_to(self.request.user), pk=self.kwargs["pk"])

    def extra_context(self, catalogue):
        visible = selectors.catalogue_entries_for(self.request.user, catalogue)
        entries = visible
        query = self.request.GET.get("q", "").strip()
        if query:
            entries = entries.filter(Q(name__contains=query) | Q(summary__contains=query)
                                     | Q(provider__name__contains=query))
        share_type = self.request.GET.get("share_type")
        if share_type in ShareType.values:
            entries = entries.filter(share_type=share_type)
        counts = dict(visible.values_list("share_type").annotate(n=Count("pk")).order_by())
        return {"catalogue": catalogue, "q": query, "share_type": share_type,
                "page": Paginator(entries, 50).get_page(self.request.GET.get("page")),
                "counts": [(label, counts.get(value, 0)) for value, label in ShareType.choices],
                "can_export": self.request.user.has_perm(Perm.EXPORT_SHARING.full)}


class CatalogueExport(RoleRequiredMixin, View):
    """The exchange format (JSON) or the same entries as Excel: exactly the rows and items the page shows the user."""

    permission_required = Perm.EXPORT_SHARING

    def get(self, request, pk, fmt):
        catalogue = get_object_or_404(selectors.catalogues_visible_to(request.user), pk=pk)
        entries = selectors.catalogue_entries_for(request.user, catalogue)
        name = f"{catalogue.year}年度{catalogue.get_area_display()}政务信息资源目录_v{catalogue.version}"
        if fmt == "json":
            content = json.dumps(documents.city_catalogue_json(catalogue, entries), ensure_ascii=False,
                                 indent=2).encode()
            return _file(content, f"{name}.json", "application/json", by=request.user, obj=catalogue)
        return _file(documents.city_catalogue_xlsx(catalogue, entries), f"{name}.xlsx", XLSX_MIME, by=request.user,
                     obj=catalogue)


class AssessmentView(OpsPage):
    permission_required = VIEW
    template_name = "sharing/assessment.html"
    ops = {
        "circulate": Op(gettext_lazy("通报"), forms.CirculateForm,
                        lambda d, a, u: services.assessment_circulate(by=u, assessment=a, ref=d["ref"]),
                        lambda a, u: not a.circulated_on and _city_lead(a, u)),
    }

    def get_object(self):
        return get_object_or_404(selectors.assessments_visible_to(self.request.user), pk=self.kwargs["pk"])

    def extra_context(self, assessment):
        assessed = {c.area for c in assessment.catalogues.all()}
        return {"assessment": assessment, "rows": assessment.rows.select_related("organisation"),
                "missing": [label for area, label in Area.choices if area not in assessed],
                "can_export": self.request.user.has_perm(Perm.EXPORT_SHARING.full)}


class CirculationDownload(RoleRequiredMixin, View):
    """The circulation as a Word file is an export: 导出 permission, and only of an assessment the user may see."""

    permission_required = Perm.EXPORT_SHARING

    def get(self, request, pk):
        assessment = get_object_or_404(selectors.assessments_visible_to(request.user), pk=pk)
        return _file(documents.circulation_docx(assessment), f"{assessment}通报.docx", DOCX_MIME, by=request.user,
                     obj=assessment)


# ---------------------------------------------------------------- system register

class SystemListView(SharingList):
    model = InformationSystem
    table_class = tables.SystemTable
    filterset_class = filters.SystemFilter
    title = gettext_lazy("政务信息系统登记")

    def base_queryset(self):
        return selectors.systems_visible_to(self.request.user)


def _keeper(system, user) -> bool:
    return selectors.may_keep_system(user, system.owner_id if system else None)


def _manager(system, user) -> bool:
    return selectors.may_determine_zombie(user, timezone.localdate())


class SystemView(OpsPage):
    permission_required = VIEW
    template_name = "sharing/system.html"
    ops = {
        "edit": Op(gettext_lazy("修改登记信息"), forms.SystemForm,
                   lambda d, s, u: services.system_save(by=u, owner=s.owner, system=s, data=d), _keeper),
        "flag_zombie": Op(gettext_lazy("认定为“僵尸”系统"), forms.ReasonForm,
                          lambda d, s, u: services.system_flag_zombie(by=u, system=s, reason=d["reason"]),
                          lambda s, u: _manager(s, u) and not s.zombie_on(timezone.localdate()),
                          hint=gettext_lazy("钦政办〔2019〕5号：“僵尸”系统须及时关停，财政部门不再安排运维经费。")),
        "clear_zombie": Op(gettext_lazy("撤销“僵尸”认定"), forms.ReasonForm,
                           lambda d, s, u: services.system_clear_zombie(by=u, system=s, reason=d["reason"]),
                           lambda s, u: _manager(s, u) and s.zombie_on(timezone.localdate())),
        "shut_down": Op(gettext_lazy("关停"), Confirm, lambda d, s, u: services.system_shut_down(by=u, system=s),
                        step="shut_down"),
    }

    def get_object(self):
        return get_object_or_404(selectors.systems_visible_to(self.request.user), pk=self.kwargs["pk"])

    def extra_context(self, system):
        return {"system": system, "zombie": system.zombie_since is not None,
                "determinations": system.zombie_determinations.select_related("determined_by", "cleared_by"),
                "dengbao_due": system.retest_due(system.dengbao_tested_on),
                "mipin_due": system.retest_due(system.mipin_tested_on)}


class SystemCreateView(SystemView):
    template_name = "sharing/system.html"
    ops = {"register": Op(gettext_lazy("登记信息系统"), forms.SystemForm,
                          lambda d, s, u: services.system_save(by=u, owner=d.pop("owner"), data=d),
                          lambda s, u: _keeper(None, u))}

    def get_object(self):
        return None

    def extra_context(self, system):
        return {"system": None}
