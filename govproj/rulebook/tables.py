"""The table of the regulation library: columns, links and what an export writes."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Document


class DocumentTable(tables.Table):
    number = tables.Column(verbose_name=_("文号"), linkify=("rulebook:document", {"number": tables.A("number")}))
    title = tables.Column(verbose_name=_("标题"))
    issuer = tables.Column(verbose_name=_("发文机关"))
    issued_on = tables.DateColumn(verbose_name=_("成文日期"), format="Y-m-d")
    effective_on = tables.DateColumn(verbose_name=_("施行日期"), format="Y-m-d")
    doc_type = tables.Column(verbose_name=_("文件类型"))
    status = tables.Column(verbose_name=_("效力状态"))
    article_count = tables.Column(verbose_name=_("条数"))
    source = tables.Column(verbose_name=_("来源"))

    class Meta:
        model = Document
        fields = ["number", "title", "issuer", "issued_on", "effective_on", "doc_type", "status", "article_count",
                  "source"]
        empty_text = _("法规库为空：请系统管理员导入公报（govproj rulebook import）。")
        attrs = {"class": "table table-sm table-hover"}
