import django_filters
import django_tables2 as tables
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from govproj.common.roles import Perm
from govproj.common.scoping import restrict
from govproj.common.views import RoleRequiredMixin, ScopedListView

from .models import Organisation, OrganisationKind


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称/简称/代码"), method="search")
    kind = django_filters.ChoiceFilter(label=_("机构类别"), choices=OrganisationKind.choices)
    parent = django_filters.ModelChoiceFilter(
        label=_("主管部门"), queryset=Organisation.objects.filter(children__isnull=False).distinct()
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "parent"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code__icontains=value))


class OrganisationTable(tables.Table):
    code = tables.Column(verbose_name=_("机构代码"))
    name = tables.Column(verbose_name=_("机构全称"), linkify=("orgs:detail", {"code": tables.A("code")}))
    short_name = tables.Column(verbose_name=_("简称"))
    kind = tables.Column(verbose_name=_("机构类别"))
    parent = tables.Column(verbose_name=_("主管部门"), order_by=("parent__code",))
    people_count = tables.Column(verbose_name=_("人员数"))

    class Meta:
        model = Organisation
        fields = ["code", "name", "short_name", "kind", "parent", "people_count"]
        empty_text = _("没有符合条件的机构。")
        attrs = {"class": "table table-sm table-hover"}


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
