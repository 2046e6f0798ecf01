"""Deadlines the measures name, computed once where a step sets them."""

import calendar
from datetime import date
from decimal import Decimal

from django.conf import settings

from govproj.rulebook.versions import Citation
from govproj.rulebook.workdays import UnknownCalendarYear, add_workdays

FISCAL_REVIEW_CITATION = Citation("钦政办规〔2019〕1号", 10)

# 钦政办规〔2019〕1号 Art. 10: (upper bound of the submitted amount, inclusive; working days).
# Below 1,000,000 the article sets no limit. Both the below-tender budget review (item 1) and the
# tender control price up to 15 million (item 2) have 7 days, so the tender threshold itself does
# not change the limit. 30,000,000 exactly falls in item 3 (“1500万元至3000万元”), read first.
FISCAL_REVIEW_LIMITS = (
    (Decimal("999999.99"), None),
    (Decimal("15000000"), 7),
    (Decimal("30000000"), 10),
    (None, 15),
)


def fiscal_review_workdays(amount: Decimal) -> int | None:
    for upper, days in FISCAL_REVIEW_LIMITS:
        if upper is None or amount <= upper:
            return days
    raise AssertionError("unreachable")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day (31 Aug + 6 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def workdays_after(start: date, days: int | None) -> tuple[date | None, str]:
    """A working-day deadline, or ``None`` with the reason it cannot be computed yet (calendar not entered)."""
    if days is None:
        return None, ""
    try:
        return add_workdays(start, days), ""
    except UnknownCalendarYear as exc:
        return None, str(exc)


def evaluation_due(start: date) -> tuple[date | None, str]:
    return workdays_after(start, settings.EVALUATION_OPINION_WORKDAYS)
