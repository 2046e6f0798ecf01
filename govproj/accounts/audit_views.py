import json

import django_filters
import django_tables2 as tables
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from govproj.audit.models import Action, AuditRecord
from govproj.common.roles import Perm
from govproj.common.views import ScopedListView


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


class AuditTable(tables.Table):
    seq = tables.Column(verbose_name=_("序号"))
    at = tables.DateTimeColumn(verbose_name=_("时间"), format="Y-m-d H:i:s")
    actor_name = tables.Column(verbose_name=_("操作人"))
    actor_organisation = tables.Column(verbose_name=_("操作人单位"), order_by=("actor_organisation__code",))
    action = tables.Column(verbose_name=_("操作"))
    object_type = tables.Column(verbose_name=_("对象类型"))
    object_repr = tables.Column(verbose_name=_("对象"))
    before = tables.Column(verbose_name=_("变更前"), orderable=False)
    after = tables.Column(verbose_name=_("变更后"), orderable=False)
    ip = tables.Column(verbose_name=_("IP 地址"))

    class Meta:
        model = AuditRecord
        fields = ["seq", "at", "actor_name", "actor_organisation", "action", "object_type", "object_repr",
                  "before", "after", "ip"]
        empty_text = _("没有符合条件的审计记录。")
        attrs = {"class": "table table-sm table-hover small"}

    def _compact(self, value):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        short = text if len(text) <= 80 else text[:80] + "…"
        return format_html('<code title="{}">{}</code>', text, short)

    def render_before(self, value):
        return self._compact(value)

    def render_after(self, value):
        return self._compact(value)

    def value_before(self, value):
        return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def value_after(self, value):
        return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


class AuditListView(ScopedListView):
    model = AuditRecord
    table_class = AuditTable
    filterset_class = AuditFilter
    permission_required = Perm.VIEW_AUDIT
    export_permission = Perm.EXPORT_AUDIT
    title = _("审计日志")

    def base_queryset(self):
        return AuditRecord.objects.select_related("actor_organisation")
