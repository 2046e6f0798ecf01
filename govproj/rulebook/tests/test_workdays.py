from datetime import date

import pytest
from django.core.management import CommandError, call_command

from govproj.rulebook.models import CalendarDay, CalendarYear
from govproj.rulebook.workdays import (
    UnknownCalendarYear,
    add_workdays,
    workdays_between,
)


@pytest.mark.django_db
def test_national_day_2024_with_make_up_days():
    # 2024-10-01..07 holiday; Sunday 2024-09-29 and Saturday 2024-10-12 are make-up working days.
    assert add_workdays(date(2024, 9, 27), 1) == date(2024, 9, 29)
    assert add_workdays(date(2024, 9, 29), 1) == date(2024, 9, 30)
    assert add_workdays(date(2024, 9, 30), 1) == date(2024, 10, 8)
    assert add_workdays(date(2024, 10, 11), 1) == date(2024, 10, 12)
    # Art. 8's 15 working days from Wed 2024-09-25: 9/26, 9/27, 9/29*, 9/30, 10/8-10/11, 10/12*,
    # 10/14-10/18, 10/21 (* make-up days).
    assert add_workdays(date(2024, 9, 25), 15) == date(2024, 10, 21)
    assert workdays_between(date(2024, 9, 25), date(2024, 10, 21)) == 15
    assert workdays_between(date(2024, 10, 21), date(2024, 9, 25)) == -15
    assert workdays_between(date(2024, 9, 30), date(2024, 10, 7)) == 0
    assert add_workdays(date(2024, 9, 25), 0) == date(2024, 9, 25)


@pytest.mark.django_db
def test_year_unknown_to_library_and_platform_is_an_error():
    with pytest.raises(UnknownCalendarYear, match="2027 年的节假日安排尚未录入"):
        add_workdays(date(2026, 12, 30), 5)


@pytest.mark.django_db
def test_entered_schedule_extends_and_overrides_the_library():
    CalendarYear.objects.create(year=2027, source="国务院办公厅关于2027年部分节假日安排的通知")
    CalendarDay.objects.create(date=date(2027, 1, 1), is_workday=False, name="元旦")  # a Friday
    CalendarDay.objects.create(date=date(2027, 1, 9), is_workday=True, name="调休上班")  # a Saturday
    assert add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert add_workdays(date(2027, 1, 8), 1) == date(2027, 1, 9)
    # A stored day wins over the library for a year the library knows.
    CalendarDay.objects.create(date=date(2024, 9, 30), is_workday=False, name="测试")
    assert add_workdays(date(2024, 9, 29), 1) == date(2024, 10, 8)


@pytest.mark.django_db
def test_workdays_command(capsys):
    call_command("workdays", "add", "2024-09-30", "1")
    call_command("workdays", "between", "2024-09-25", "2024-10-21")
    assert capsys.readouterr().out.split() == ["2024-10-08", "15"]
    with pytest.raises(CommandError, match="尚未录入"):
        call_command("workdays", "add", "2032-01-01", "3")
    with pytest.raises(CommandError, match="工作日天数不能为负数"):
        call_command("workdays", "add", "2024-09-30", "-1")
    with pytest.raises(CommandError, match="日期格式错误"):
        call_command("workdays", "between", "2024/09/25", "2024-10-21")
