"""Amounts on the pages in the grouping finance offices write (1,234,567.89 元) rather than Django's
zh-hans default of no separator; everything else stays Django's."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
