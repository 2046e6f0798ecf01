"""Filter sets of the fund lists (the year's project ledger and the fund reports)."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from govproj.orgs.models import Organisation

from .models import FundReport


def _units(request):
    return Organisation.objects.filter(is_active=True).order_by("kind", "code")


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("项目名称"), field_name="name", lookup_expr="icontains")
    unit = django_filters.ModelChoiceFilter(label=gettext_lazy("建设单位"), queryset=_units)


class ReportFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=gettext_lazy("年度"))
    period = django_filters.ChoiceFilter(label=gettext_lazy("报告期"), choices=FundReport.Period.choices)
    unit = django_filters.ModelChoiceFilter(label=gettext_lazy("建设单位"), field_name="project__unit", queryset=_units)
    overdue = django_filters.BooleanFilter(label=gettext_lazy("仅看逾期未报"), method="filter_overdue",
                                           widget=forms.CheckboxInput)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(submitted_on__isnull=True, due_on__lt=timezone.localdate()) if value else queryset
