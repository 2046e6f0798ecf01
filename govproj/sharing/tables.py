"""The tables of the sharing lists, each exportable with the same columns it shows."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import selectors
from .models import AccessRequest, InformationSystem, Resource


class ResourceTable(tables.Table):
    name = tables.Column(verbose_name=gettext_lazy("资源名称"), linkify=("sharing:resource", {"pk": tables.A("pk")}))
    provider = tables.Column(verbose_name=gettext_lazy("提供单位"), accessor="catalogue__project__unit__short_name",
                             order_by="catalogue__project__unit__code")
    project = tables.Column(verbose_name=gettext_lazy("所属项目"), accessor="catalogue__project__name")
    share_type = tables.Column(verbose_name=gettext_lazy("共享类型"))
    update_cycle = tables.Column(verbose_name=gettext_lazy("更新周期"))
    data_format = tables.Column(verbose_name=gettext_lazy("数据格式"))
    item_count = tables.Column(verbose_name=gettext_lazy("信息项数"))

    class Meta:
        model = Resource
        fields = ()
        attrs = {"class": "table table-sm table-hover", "id": "resources"}


class RequestTable(tables.Table):
    resource = tables.Column(verbose_name=gettext_lazy("信息资源"), linkify=("sharing:request", {"pk": tables.A("pk")}))
    provider = tables.Column(verbose_name=gettext_lazy("提供单位"),
                             accessor="resource__catalogue__project__unit__short_name")
    organisation = tables.Column(verbose_name=gettext_lazy("申请部门"))
    requested_on = tables.DateColumn(verbose_name=gettext_lazy("申请日期"), format="Y-m-d")
    purpose = tables.Column(verbose_name=gettext_lazy("用途"))
    status = tables.Column(verbose_name=gettext_lazy("状态"))
    decided_on = tables.DateColumn(verbose_name=gettext_lazy("办理日期"), format="Y-m-d", default="—")

    class Meta:
        model = AccessRequest
        fields = ()
        attrs = {"class": "table table-sm table-hover", "id": "requests"}


class GrantTable(RequestTable):
    granted = tables.Column(verbose_name=gettext_lazy("授权信息项"), accessor="pk", orderable=False)
    granted_scope = tables.Column(verbose_name=gettext_lazy("使用范围"))
    valid_from = tables.DateColumn(verbose_name=gettext_lazy("起始日"), format="Y-m-d")
    valid_until = tables.DateColumn(verbose_name=gettext_lazy("截止日"), format="Y-m-d")
    fee = tables.Column(verbose_name=gettext_lazy("费用"), accessor="pk", orderable=False)

    class Meta(RequestTable.Meta):
        exclude = ("purpose", "status")
        attrs = {"class": "table table-sm table-hover", "id": "grants"}

    def __init__(self, *args, clearance: selectors.Clearance, **kwargs):
        super().__init__(*args, **kwargs)
        self.clearance = clearance

    def render_granted(self, record):
        """The page and its Excel export alike name a classified item only to those cleared for it (Art. 30)."""
        return str(self.clearance.items(record.resource, list(record.granted_items.all())))

    def render_fee(self, record):
        return _("无偿（第三十条）")


class SystemTable(tables.Table):
    name = tables.Column(verbose_name=gettext_lazy("系统名称"), linkify=("sharing:system", {"pk": tables.A("pk")}))
    owner = tables.Column(verbose_name=gettext_lazy("运维单位"), accessor="owner__short_name")
    project = tables.Column(verbose_name=gettext_lazy("建设项目"), accessor="project__name", default="—")
    status = tables.Column(verbose_name=gettext_lazy("运行状态"))
    cloud_status = tables.Column(verbose_name=gettext_lazy("迁移上云"))
    dengbao_level = tables.Column(verbose_name=gettext_lazy("等保级别"))
    dengbao_tested_on = tables.DateColumn(verbose_name=gettext_lazy("最近等保测评"), format="Y-m-d", default="—")
    dengbao_due = tables.Column(verbose_name=gettext_lazy("下次等保测评"), accessor="pk", orderable=False)
    mipin_tested_on = tables.DateColumn(verbose_name=gettext_lazy("最近密评"), format="Y-m-d", default="—")
    zombie = tables.Column(verbose_name=gettext_lazy("“僵尸”系统"), accessor="zombie_since", default=gettext_lazy("否"))

    class Meta:
        model = InformationSystem
        fields = ()
        attrs = {"class": "table table-sm table-hover", "id": "systems"}

    def render_dengbao_due(self, record):
        """Red once passed: the register doubles as the list of overdue security tests."""
        due = record.retest_due(record.dengbao_tested_on)
        if due is None:
            return "—"
        return format_html('<span class="{}">{}</span>', "text-danger" if due < timezone.localdate() else "",
                           due.isoformat())

    def render_zombie(self, value):
        return _("是（{d} 起）").format(d=value.isoformat())
