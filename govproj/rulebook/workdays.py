"""Working-day arithmetic with Chinese statutory holidays and make-up working days.

Every deadline the measures state in working days (e.g. Art. 8's 15 working days, the fiscal
review limits of 钦政办规〔2019〕1号) is computed here. A date in a year that neither the
chinese-calendar library nor the platform's own calendar knows is an error, never a guess.
"""

from datetime import date, timedelta

import chinese_calendar
from django.utils.translation import gettext as _

from .models import CalendarDay, CalendarYear


class UnknownCalendarYear(ValueError):
    def __init__(self, year: int):
        self.year = year
        super().__init__(
            _("{year} 年的节假日安排尚未录入，无法计算工作日。请系统管理员录入国务院办公厅公布的 {year} 年节假日安排。").format(
                year=year
            )
        )


class WorkdayCalendar:
    """Answers ``is_workday`` for any date; built once per computation so lookups do not hit the database per day."""

    def __init__(self):
        self._stored = dict(CalendarDay.objects.values_list("date", "is_workday"))
        self._entered_years = set(CalendarYear.objects.values_list("year", flat=True))

    def is_workday(self, day: date) -> bool:
        if day in self._stored:
            return self._stored[day]
        if day.year in self._entered_years:
            return day.weekday() < 5
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            raise UnknownCalendarYear(day.year) from None

    def add(self, start: date, days: int) -> date:
        """The date that is ``days`` working days after ``start`` (``start`` itself is not counted)."""
        if days < 0:
            raise ValueError(_("工作日天数不能为负数。"))
        current = start
        remaining = days
        while remaining:
            current += timedelta(days=1)
            if self.is_workday(current):
                remaining -= 1
        return current

    def between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier."""
        if end < start:
            return -self.between(end, start)
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_workday(start + timedelta(days=n)))


def add_workdays(start: date, days: int) -> date:
    return WorkdayCalendar().add(start, days)


def workdays_between(start: date, end: date) -> int:
    return WorkdayCalendar().between(start, end)
