"""The filter sets of the people and audit-log lists (the page and its export narrow the same way)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govproj.audit.models import Action, AuditRecord
from govproj.common.roles import Role
from govproj.orgs.models import Organisation

from .models import User


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


class AuditFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(label=_("操作"), choices=Action.choices)
    actor_name = django_filters.CharFilter(label=_("操作人账号"), lookup_expr="icontains")
    object_type = django_filters.CharFilter(label=_("对象类型"), lookup_expr="exact")
    object_id = django_filters.CharFilter(label=_("对象编号"), lookup_expr="exact")
    at_from = django_filters.DateFilter(
        label=_("起始日期"), field_name="at", lookup_expr="date__gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    at_to = django_filters.DateFilter(
        label=_("截止日期"), field_name="at", lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = AuditRecord
        fields = ["action", "actor_name", "object_type", "object_id", "at_from", "at_to"]
