import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db.models import Prefetch, Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from govproj.audit import services as audit
from govproj.common.roles import Perm, Role
from govproj.common.views import RoleRequiredMixin, ScopedListView
from govproj.orgs.models import Organisation

from .models import RoleAssignment, User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(RoleRequiredMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("common:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(actor=self.request.user, action=audit.Action.PASSWORD_CHANGE, obj=self.request.user)
        messages.success(self.request, _("密码已修改。"))
        return response


class ProfileView(RoleRequiredMixin, TemplateView):
    template_name = "accounts/profile.html"


class PeopleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名/账号"), method="search")
    organisation = django_filters.ModelChoiceFilter(label=_("所在单位"), queryset=Organisation.objects.all())
    role = django_filters.ChoiceFilter(
        label=_("角色"), choices=Role.choices, field_name="role_assignments__role", distinct=True
    )

    class Meta:
        model = User
        fields = ["q", "organisation", "role"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(full_name__icontains=value) | Q(username__icontains=value))


class PeopleTable(tables.Table):
    username = tables.Column(verbose_name=_("账号"))
    full_name = tables.Column(verbose_name=_("姓名"))
    organisation = tables.Column(verbose_name=_("所在单位"), order_by=("organisation__code",))
    title = tables.Column(verbose_name=_("职务"))
    roles = tables.Column(verbose_name=_("角色"), empty_values=(), orderable=False)
    is_active = tables.BooleanColumn(verbose_name=_("启用"))
    last_login = tables.DateTimeColumn(verbose_name=_("最近登录"), format="Y-m-d H:i")

    class Meta:
        model = User
        fields = ["username", "full_name", "organisation", "title", "roles", "is_active", "last_login"]
        empty_text = _("暂无人员。")
        attrs = {"class": "table table-sm table-hover"}

    def render_roles(self, record):
        return "、".join(str(ra.get_role_display()) for ra in record.role_assignments.all())


class PeopleListView(ScopedListView):
    model = User
    table_class = PeopleTable
    filterset_class = PeopleFilter
    permission_required = Perm.VIEW_PEOPLE
    export_permission = Perm.EXPORT_PEOPLE
    title = _("人员")

    def base_queryset(self):
        return User.objects.select_related("organisation").prefetch_related(
            Prefetch("role_assignments", queryset=RoleAssignment.objects.order_by("role"))
        )
