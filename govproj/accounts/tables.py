"""The tables of the people and audit-log lists: columns, links and what an export writes."""

import json

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from govproj.audit.models import AuditRecord

from .models import User


class PeopleTable(tables.Table):
    username = tables.Column(verbose_name=_("账号"))
    full_name = tables.Column(verbose_name=_("姓名"))
    organisation = tables.Column(verbose_name=_("所在单位"), order_by=("organisation__code",))
    title = tables.Column(verbose_name=_("职务"))
    roles = tables.Column(verbose_name=_("角色"), empty_values=(), orderable=False)
    is_active = tables.BooleanColumn(verbose_name=_("启用"))
    last_login = tables.DateTimeColumn(verbose_name=_("最近登录"), format="Y-m-d H:i")

    class Meta:
        model = User
        fields = ["username", "full_name", "organisation", "title", "roles", "is_active", "last_login"]
        empty_text = _("暂无人员。")
        attrs = {"class": "table table-sm table-hover"}

    def render_roles(self, record):
        return "、".join(str(ra.get_role_display()) for ra in record.role_assignments.all())


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
