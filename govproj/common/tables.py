"""Column types shared by the apps' list tables."""

import django_tables2 as tables

from .money import yuan


class MoneyColumn(tables.Column):
    """An amount in yuan, right-aligned on the page; the Excel export keeps the number itself."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return yuan(value)

    def value(self, value):
        return value
