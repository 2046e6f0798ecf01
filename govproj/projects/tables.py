"""The project list's table."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy

from govproj.common.tables import MoneyColumn

from .models import Project
from .states import State


class ProjectTable(tables.Table):
    code = tables.Column(verbose_name=gettext_lazy("项目编号"))
    name = tables.Column(verbose_name=gettext_lazy("项目名称"), linkify=("projects:detail", {"pk": tables.A("pk")}))
    unit = tables.Column(verbose_name=gettext_lazy("建设单位"), accessor="unit__short_name", order_by="unit__code")
    plan_year = tables.Column(verbose_name=gettext_lazy("年度"))
    declaration_type = tables.Column(verbose_name=gettext_lazy("申报类型"))
    build_type = tables.Column(verbose_name=gettext_lazy("建设性质"))
    total_investment = MoneyColumn(verbose_name=gettext_lazy("总投资（元）"))
    state = tables.Column(verbose_name=gettext_lazy("状态"))
    next_actor = tables.Column(verbose_name=gettext_lazy("待办方"))
    next_due = tables.DateColumn(verbose_name=gettext_lazy("期限"), format="Y-m-d")

    class Meta:
        model = Project
        fields = ["code", "name", "unit", "plan_year", "declaration_type", "build_type", "total_investment", "state",
                  "next_actor", "next_due"]
        empty_text = gettext_lazy("没有符合条件的项目。")
        attrs = {"class": "table table-sm table-hover"}
        row_attrs = {"class": lambda record: "table-danger"
                     if record.next_due and record.next_due < timezone.localdate()
                     and record.state not in (State.TERMINATED, State.OPERATING) else ""}
