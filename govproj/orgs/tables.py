"""The table of the organisation register: columns, links and what an export writes."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Organisation


class OrganisationTable(tables.Table):
    code = tables.Column(verbose_name=_("机构代码"))
    name = tables.Column(verbose_name=_("机构全称"), linkify=("orgs:detail", {"code": tables.A("code")}))
    short_name = tables.Column(verbose_name=_("简称"))
    kind = tables.Column(verbose_name=_("机构类别"))
    parent = tables.Column(verbose_name=_("主管部门"), order_by=("parent__code",))
    people_count = tables.Column(verbose_name=_("人员数"))

    class Meta:
        model = Organisation
        fields = ["code", "name", "short_name", "kind", "parent", "people_count"]
        empty_text = _("没有符合条件的机构。")
        attrs = {"class": "table table-sm table-hover"}
