"""The filter set of the regulation library list (the page and its export narrow the same way)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Document, DocumentStatus


class DocumentFilter(django_filters.FilterSet):
    number = django_filters.CharFilter(label=_("文号"), lookup_expr="contains")
    title = django_filters.CharFilter(label=_("标题"), lookup_expr="contains")
    status = django_filters.ChoiceFilter(label=_("效力状态"), choices=DocumentStatus.choices)
    issuer = django_filters.CharFilter(label=_("发文机关"), lookup_expr="contains")

    class Meta:
        model = Document
        fields = ["number", "title", "status", "issuer"]
