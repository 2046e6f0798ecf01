"""The filter set of the region-level register list (the page and its export narrow the same way)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy

from .models import RegionProject


class RegionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("项目名称/内容"), method="search")
    status = django_filters.ChoiceFilter(label=gettext_lazy("建设状态"), choices=RegionProject.Status.choices)
    region_department = django_filters.CharFilter(label=gettext_lazy("自治区主管部门"), lookup_expr="icontains")
    year = django_filters.NumberFilter(label=gettext_lazy("年度"))

    class Meta:
        model = RegionProject
        fields = ["q", "status", "region_department", "year"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(content__icontains=value)
                               | Q(functions__icontains=value))
