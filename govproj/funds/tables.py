"""Tables of the fund lists, amounts in yuan to the fen."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy

from govproj.common.tables import MoneyColumn
from govproj.projects.models import Project

from .models import FundReport


class FundProjectTable(tables.Table):
    name = tables.Column(verbose_name=gettext_lazy("项目"), linkify=("funds:project", {"pk": tables.A("pk")}))
    unit = tables.Column(verbose_name=gettext_lazy("建设单位"), accessor="unit__short_name", order_by="unit__code")
    state = tables.Column(verbose_name=gettext_lazy("项目状态"))
    planned = MoneyColumn(verbose_name=gettext_lazy("计划安排（元）"))
    allocated = MoneyColumn(verbose_name=gettext_lazy("已下达（元）"))
    contracted = MoneyColumn(verbose_name=gettext_lazy("已签合同（元）"))
    paid = MoneyColumn(verbose_name=gettext_lazy("已拨付（元）"))
    recovered = MoneyColumn(verbose_name=gettext_lazy("已收回（元）"))

    class Meta:
        model = Project
        fields = ["name", "unit", "state", "planned", "allocated", "contracted", "paid", "recovered"]
        empty_text = gettext_lazy("该年度没有符合条件的已下达资金项目。")
        attrs = {"class": "table table-sm table-hover"}


class ReportTable(tables.Table):
    project = tables.Column(verbose_name=gettext_lazy("项目"), accessor="project__name",
                            linkify=("funds:project", {"pk": tables.A("project_id")}))
    unit = tables.Column(verbose_name=gettext_lazy("建设单位"), accessor="project__unit__short_name")
    year = tables.Column(verbose_name=gettext_lazy("年度"))
    period = tables.Column(verbose_name=gettext_lazy("报告期"))
    due_on = tables.DateColumn(verbose_name=gettext_lazy("期限"), format="Y-m-d")
    submitted_on = tables.DateColumn(verbose_name=gettext_lazy("报送日期"), format="Y-m-d", default="—")
    used_amount = MoneyColumn(verbose_name=gettext_lazy("累计使用（元）"), default="—")
    recipients = tables.Column(verbose_name=gettext_lazy("报送部门"))

    class Meta:
        model = FundReport
        fields = ["project", "unit", "year", "period", "due_on", "submitted_on", "used_amount", "recipients"]
        empty_text = gettext_lazy("没有符合条件的资金使用报告。")
        attrs = {"class": "table table-sm table-hover"}
        row_attrs = {"class": lambda record: "table-danger"
                     if not record.submitted_on and record.due_on < timezone.localdate() else ""}
