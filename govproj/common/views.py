"""Base views every list and page reuses: login, role permission, scope, filter, paginate, export."""

from django.conf import settings
from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from govproj.audit import services as audit
from govproj.common.scoping import restrict

from .export import xlsx_response
from .todos import todos_for

EXPORT_PARAM = "_export"


class RoleRequiredMixin(AccessMixin):
    """Anonymous users go to the login page; logged-in users without the permission get 403."""

    permission_required: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if self.permission_required and not request.user.has_perm(f"govproj.{self.permission_required}"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedListView(RoleRequiredMixin, SingleTableMixin, FilterView):
    """A filtered, sorted, paginated list limited to the user's scope, exportable exactly as shown."""

    template_name = "common/list.html"
    partial_template_name = "common/list_table.html"
    title = ""
    export_permission: str = ""
    export_exclude: tuple[str, ...] = ()

    def get_table_pagination(self, table):
        return {"per_page": settings.LIST_PAGE_SIZE}

    def base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        return restrict(self.base_queryset(), self.request.user, self.permission_required)

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["can_export"] = bool(self.export_permission) and self.request.user.has_perm(
            f"govproj.{self.export_permission}"
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        query[EXPORT_PARAM] = "xlsx"
        context["export_query"] = query.urlencode()
        return context

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get(EXPORT_PARAM) == "xlsx":
            return self.export(context["table"])
        return super().render_to_response(context, **kwargs)

    def export(self, table):
        if not (self.export_permission and self.request.user.has_perm(f"govproj.{self.export_permission}")):
            raise PermissionDenied
        columns = [c for c in table.columns if c.name not in self.export_exclude]
        values = table.as_values(exclude_columns=[c.name for c in table.columns if c.name in self.export_exclude])
        headers = next(values)
        response, count = xlsx_response(title=str(self.title), headers=headers, rows=values)
        filters = {k: v for k, v in self.request.GET.items() if k not in (EXPORT_PARAM, "page")}
        audit.record(
            actor=self.request.user,
            action=audit.Action.EXPORT,
            object_type=self.model._meta.label_lower,
            object_repr=str(self.title),
            after={"rows": count, "columns": [c.name for c in columns], "filters": filters},
        )
        return response


class HomeView(RoleRequiredMixin, TemplateView):
    template_name = "common/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["todos"] = todos_for(self.request.user)
        return context
