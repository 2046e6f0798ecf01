"""The project list's filters."""

import django_filters
from django import forms as dj_forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from govproj.orgs.models import Organisation

from .models import Category, DeclarationType, Project
from .states import State


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("项目名称/编号"), method="search")
    plan_year = django_filters.NumberFilter(label=gettext_lazy("计划年度"))
    unit = django_filters.ModelChoiceFilter(label=gettext_lazy("建设单位"), queryset=Organisation.objects.none())
    state = django_filters.MultipleChoiceFilter(label=gettext_lazy("状态"), choices=State.choices,
                                                widget=dj_forms.SelectMultiple(attrs={"size": 3}))
    build_type = django_filters.ChoiceFilter(label=gettext_lazy("建设性质"), choices=Project._meta.get_field(
        "build_type").choices)
    declaration_type = django_filters.ChoiceFilter(label=gettext_lazy("申报类型"), choices=DeclarationType.choices)
    category = django_filters.ChoiceFilter(label=gettext_lazy("项目类别"), choices=Category.choices)
    amount_min = django_filters.NumberFilter(label=gettext_lazy("总投资不少于（元）"), field_name="total_investment",
                                             lookup_expr="gte")
    amount_max = django_filters.NumberFilter(label=gettext_lazy("总投资不超过（元）"), field_name="total_investment",
                                             lookup_expr="lte")
    overdue = django_filters.BooleanFilter(label=gettext_lazy("仅看逾期"), method="filter_overdue",
                                           widget=dj_forms.CheckboxInput)

    class Meta:
        model = Project
        fields = ["q", "plan_year", "unit", "state", "build_type", "declaration_type", "category", "amount_min",
                  "amount_max", "overdue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Organisation.objects.filter(is_active=True).order_by("kind", "code")

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(next_due__lt=timezone.localdate()) if value else queryset
