"""The filter set of the organisation register list (the page and its export narrow the same way)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
