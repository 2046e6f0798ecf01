from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db.models import Prefetch
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from govproj.audit import services as audit
from govproj.common.roles import Perm
from govproj.common.views import RoleRequiredMixin, ScopedListView

from .filters import PeopleFilter
from .models import RoleAssignment, User
from .tables import PeopleTable


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
