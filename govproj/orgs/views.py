from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from govproj.common.roles import Perm
from govproj.common.scoping import restrict
from govproj.common.views import RoleRequiredMixin, ScopedListView

from .filters import OrganisationFilter
from .models import Organisation
from .tables import OrganisationTable


class OrganisationListView(ScopedListView):
    model = Organisation
    table_class = OrganisationTable
    filterset_class = OrganisationFilter
    permission_required = Perm.VIEW_ORGS
    export_permission = Perm.VIEW_ORGS
    title = _("机构")

    def base_queryset(self):
        return Organisation.objects.select_related("parent").annotate(people_count=Count("people"))


class OrganisationDetailView(RoleRequiredMixin, DetailView):
    permission_required = Perm.VIEW_ORGS
    template_name = "orgs/detail.html"
    context_object_name = "org"

    def get_object(self, queryset=None):
        return get_object_or_404(Organisation.objects.select_related("parent"), code=self.kwargs["code"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["children"] = self.object.children.order_by("code")
        user = self.request.user
        if user.has_perm(Perm.VIEW_PEOPLE.full):
            people = self.object.people.order_by("username")
            context["people"] = restrict(people, user, Perm.VIEW_PEOPLE)
        return context
