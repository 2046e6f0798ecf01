"""The filter sets of the monitoring lists: what a user may narrow payments, doubts and forms by."""

import django_filters
from django import forms as dj_forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from govproj.accounts.models import User
from govproj.orgs.models import Organisation

from . import forms
from .models import Case, Doubt, RuleSetting
from .rules import RULES


def _units(request):
    return Organisation.objects.filter(is_active=True).order_by("kind", "code")


def _finance_people(request):
    return User.objects.filter(is_active=True, role_assignments__role="finance").distinct().order_by("username")


RULE_CHOICES = [(r.id, r.title) for r in RULES.values()]


class PaymentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("凭证号/收款人/用途"), method="filter_q")
    unit = django_filters.ModelChoiceFilter(label=gettext_lazy("付款单位"), field_name="payer", queryset=_units)
    paid_from = django_filters.DateFilter(label=gettext_lazy("支付日期起"), field_name="paid_at__date",
                                          lookup_expr="gte", widget=forms.DATE)
    paid_to = django_filters.DateFilter(label=gettext_lazy("支付日期止"), field_name="paid_at__date",
                                        lookup_expr="lte", widget=forms.DATE)
    amount_min = django_filters.NumberFilter(label=gettext_lazy("金额下限（元）"), field_name="amount",
                                             lookup_expr="gte")
    amount_max = django_filters.NumberFilter(label=gettext_lazy("金额上限（元）"), field_name="amount",
                                             lookup_expr="lte")
    rule = django_filters.ChoiceFilter(label=gettext_lazy("命中规则"), choices=RULE_CHOICES, method="filter_rule")

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(voucher__icontains=value) | Q(payee_name__icontains=value)
                               | Q(purpose__icontains=value))

    def filter_rule(self, queryset, name, value):
        return queryset.filter(Exists(Doubt.objects.filter(payment=OuterRef("pk"), rule=value)))


class DoubtFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("状态"), choices=Doubt.Status.choices)
    rule = django_filters.ChoiceFilter(label=gettext_lazy("预警规则"), choices=RULE_CHOICES)
    severity = django_filters.ChoiceFilter(label=gettext_lazy("处理方式"), choices=RuleSetting.Severity.choices)
    assignee = django_filters.ModelChoiceFilter(label=gettext_lazy("核实人"), queryset=_finance_people)
    unit = django_filters.ModelChoiceFilter(label=gettext_lazy("付款单位"), field_name="payment__payer",
                                            queryset=_units)
    voucher = django_filters.CharFilter(label=gettext_lazy("凭证号"), field_name="payment__voucher",
                                        lookup_expr="icontains")


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("状态"), choices=Case.Status.choices)
    party = django_filters.ChoiceFilter(label=gettext_lazy("处理对象"), choices=Case.Party.choices)
    unit = django_filters.ModelChoiceFilter(label=gettext_lazy("付款单位"), field_name="doubt__payment__payer",
                                            queryset=_units)
    overdue = django_filters.BooleanFilter(label=gettext_lazy("仅看逾期未整改"), method="filter_overdue",
                                           widget=dj_forms.CheckboxInput)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(status=Case.Status.OPEN, deadline__lt=timezone.localdate()) if value else queryset
