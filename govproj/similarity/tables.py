"""The table of the region-level register: columns, links and what an export writes."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy

from .models import RegionProject


class RegionTable(tables.Table):
    """Columns in the import template's order, so an export can be edited and imported again."""

    name = tables.Column(verbose_name=gettext_lazy("项目名称"),
                         linkify=("similarity:region", {"pk": tables.A("pk")}))
    content = tables.Column(verbose_name=gettext_lazy("建设内容"), visible=False)
    functions = tables.Column(verbose_name=gettext_lazy("主要功能"), visible=False)
    region_department = tables.Column(verbose_name=gettext_lazy("自治区主管部门"))
    status = tables.Column(verbose_name=gettext_lazy("建设状态"))
    basis = tables.Column(verbose_name=gettext_lazy("文件依据"))
    year = tables.Column(verbose_name=gettext_lazy("年度"))
    note = tables.Column(verbose_name=gettext_lazy("备注"), visible=False)
    updated_at = tables.DateTimeColumn(verbose_name=gettext_lazy("修改时间"), format="Y-m-d H:i")

    class Meta:
        model = RegionProject
        fields = ["name", "content", "functions", "region_department", "status", "basis", "year", "note",
                  "updated_at"]
        empty_text = gettext_lazy("尚未登记自治区统一建设项目。")
        attrs = {"class": "table table-sm table-hover", "id": "region-register"}
