"""Deadlines the measures name, and the daily reminder job that chases them.

Working-day dates are computed by hand in the comments (Chinese statutory holidays and make-up days),
never with the code under test.
"""

from datetime import date
from decimal import Decimal

import pytest

from govproj.common.models import Notification
from govproj.projects import services
from govproj.projects.deadlines import add_months, fiscal_review_workdays
from govproj.projects.models import Conclusion, FiscalReview
from govproj.projects.states import State
from govproj.projects.tasks import deadline_reminders
from govproj.testing.projects import (
    D24,
    fresh,
    transitions,
    walk,
)

# Around National Day 2025: Sun 28 Sep and Sat 11 Oct are make-up working days, 1–8 Oct are holidays.


# ---------------------------------------------------------------- fiscal investment review (钦政办规〔2019〕1号 Art. 10)

@pytest.mark.parametrize("amount, days", [
    ("0.01", None),
    ("999999.99", None),
    ("1000000.00", 7),
    ("14999999.99", 7),
    ("15000000.00", 7),
    ("15000000.01", 10),
    ("30000000.00", 10),
    ("30000000.01", 15),
    ("250000000.00", 15),
])
def test_fiscal_review_workdays_by_amount(amount, days):
    assert fiscal_review_workdays(Decimal(amount)) == days


def test_fiscal_review_due_date_in_working_days(cast, declare):
    p = walk(declare(centrally_funded=True, total_investment=Decimal("20000000.00")), cast, State.APPROVED, D24)
    # 10 working days after Fri 26 Sep 2025: 28, 29, 30 Sep (3), 9, 10, 11 Oct (6), 13–16 Oct (10) → Thu 16 Oct.
    review = services.submit_fiscal_review(by=cast["staff"], project=p, amount=Decimal("20000000.00"),
                                           on=date(2025, 9, 26))
    assert review.due_on == date(2025, 10, 16) and fresh(p).next_due == date(2025, 10, 16)
    assert transitions(p, "submit_fiscal_review").get().data["workdays"] == 10
    services.complete_fiscal_review(by=cast["finance"], project=p, reviewed_amount=Decimal("19500000.00"),
                                    on=date(2025, 10, 17))
    assert transitions(p, "complete_fiscal_review").get().data["late"] is True


def test_fiscal_review_below_one_million_has_no_time_limit(cast, declare):
    p = walk(declare(centrally_funded=True, total_investment=Decimal("999999.99")), cast, State.APPROVED, D24)
    review = services.submit_fiscal_review(by=cast["staff"], project=p, amount=Decimal("999999.99"), on=D24)
    assert review.due_on is None and fresh(p).next_due is None
    services.complete_fiscal_review(by=cast["finance"], project=p, reviewed_amount=Decimal("990000"),
                                    on=date(2025, 12, 31))
    assert transitions(p, "complete_fiscal_review").get().data["late"] is False
    assert FiscalReview.objects.get(project=p).completed_on == date(2025, 12, 31)


# ---------------------------------------------------------------- acceptance within six months (Art. 22)

@pytest.mark.parametrize("day, months, expected", [
    (date(2025, 8, 31), 6, date(2026, 2, 28)),
    (date(2023, 8, 31), 6, date(2024, 2, 29)),
    (date(2025, 3, 31), 6, date(2025, 9, 30)),
    (date(2025, 7, 31), 6, date(2026, 1, 31)),
    (date(2025, 1, 15), 6, date(2025, 7, 15)),
    (date(2025, 12, 1), 6, date(2026, 6, 1)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_acceptance_due_six_months_after_completion(cast, declare):
    p = walk(declare(centrally_funded=True), cast, State.CONSTRUCTING, D24)
    p = services.complete(by=cast["staff"], project=p, completed_on=date(2025, 8, 31), on=date(2025, 9, 1))
    assert p.completed_on == date(2025, 8, 31)
    assert p.acceptance_due == date(2026, 2, 28) and p.next_due == date(2026, 2, 28)


# ---------------------------------------------------------------- the daily reminder job

def reminders():
    """What the reminder job has sent so far: (recipient username, title), step notifications left out."""
    return [(n.recipient.username, n.title) for n in Notification.objects.exclude(dedupe_key="").order_by("pk")]


def special(cast, draft, on, name="钦州市应急指挥平台"):
    return services.submit(by=cast["staff"], project=draft(declaration_type="special", name=name), on=on)


def test_overdue_special_opinion_is_reminded_and_escalated_once_a_day(cast, draft):
    # 15 working days after Fri 26 Sep 2025 → Thu 23 Oct (see test_guards).
    p = special(cast, draft, date(2025, 9, 26))
    assert p.next_due == date(2025, 10, 23)
    services.opinion_give(by=cast["lead"], opinion=p.opinions.get(organisation__code="dsj"),
                          conclusion=Conclusion.AGREE, text="同意", on=date(2025, 10, 10))

    assert deadline_reminders(date(2025, 10, 23)) > 0  # due today: a reminder, nobody is late yet
    assert not [t for _, t in reminders() if "逾期" in t]

    before = len(reminders())
    sent = deadline_reminders(date(2025, 10, 24))
    new = reminders()[before:]
    assert sent == len(new) > 0
    owing = {u for u, t in new if not t.startswith("督办")}
    escalated = {u for u, t in new if t.startswith("督办")}
    assert owing == {"czj_finance"}  # the finance bureau owes the opinion
    assert escalated == {"dsj_review"}  # the lead department supervises the step
    assert any(u == "czj_finance" and "意见已逾期" in t and "2025-10-23" in t for u, t in new)
    assert any(u == "dsj_review" and "市财政局" in t for u, t in new)

    assert deadline_reminders(date(2025, 10, 24)) == 0  # the same day again: nothing new
    assert len(reminders()) == before + sent

    again = deadline_reminders(date(2025, 10, 25))
    assert again > 0
    assert {u for u, _ in reminders()[before + sent:]} == {"czj_finance", "dsj_review"}


def test_due_soon_reminder_three_days_ahead(cast, draft):
    special(cast, draft, date(2025, 9, 26))  # due Thu 23 Oct 2025
    assert deadline_reminders(date(2025, 10, 19)) == 0  # four days ahead
    assert reminders() == []
    assert deadline_reminders(date(2025, 10, 20)) > 0  # three days ahead
    sent = reminders()
    assert sent and all(t.startswith("即将到期") and "2025-10-23" in t for _, t in sent)
    assert {"dsj_review", "czj_finance"} <= {u for u, _ in sent}
    assert not {"jyj_staff", "jyj_head"} & {u for u, _ in sent}


def test_overdue_unit_step_escalates_to_the_units_head(cast, declare):
    p = walk(declare(centrally_funded=True), cast, State.COMPLETED, D24)  # acceptance due Wed 3 Sep 2025
    assert p.acceptance_due == p.next_due == date(2025, 9, 3)
    assert deadline_reminders(date(2025, 9, 4)) > 0
    sent = reminders()
    assert {u for u, t in sent if not t.startswith("督办")} == {"jyj_staff", "jyj_head"}
    assert {u for u, t in sent if t.startswith("督办")} == {"jyj_head"}
    assert all("已逾期" in t and "2025-09-03" in t for _, t in sent)
