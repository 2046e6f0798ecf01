"""Read queries of the monitoring analysis (钦市财规〔2023〕1号 Art. 20 (五), 24–26).

Finance sums up, for a period, what screening found and what verification made of it: how many
doubts each rule raised, which units and agent banks they concern, how many were confirmed,
which problems recur (Art. 25 多发易发违规问题), the typical cases (Art. 24 典型案例) and the
handling forms still open. Every figure is one aggregate query in the database, never a loop over
doubts in Python, so the page costs the same at ten doubts and at a million.

The period is the payment date: a doubt belongs to the month its payment was made, not the day
screening found it, so re-screening an old month never moves last year's figures into this year.
Everything passes through ``restrict``: finance and oversight see the whole city, a budget unit
only its own payments (and those of its subordinate units).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, Max, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from govproj.common.roles import Perm
from govproj.common.scoping import restrict

from .models import Case, Doubt, Payment
from .rules import RULES

ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=18, decimal_places=2)
OPEN_STATUSES = (Doubt.Status.PENDING, Doubt.Status.VERIFYING)
# Art. 25 asks for the problems that are 多发易发: the same rule confirmed for the same unit in two
# different months, or this many times in the period however close together.
RECURRING_MONTHS = 2
RECURRING_TIMES = 3


@dataclass(frozen=True)
class Period:
    """Payment dates from ``start`` to ``end``, both included."""

    start: date
    end: date

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes [start 00:00, day after end 00:00) in the local time zone, so an index on paid_at is used."""
        tz = timezone.get_current_timezone()
        return (datetime.combine(self.start, time(), tzinfo=tz),
                datetime.combine(self.end + timedelta(days=1), time(), tzinfo=tz))

    @property
    def months(self) -> list[date]:
        """The first day of every month the period touches (the x axis of the month chart, gaps included)."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months

    @property
    def label(self) -> str:
        return f"{self.start:%Y年%-m月%-d日}至{self.end:%Y年%-m月%-d日}"

    @classmethod
    def default(cls, today: date | None = None) -> "Period":
        """This year so far: the span a 分析报告 most often covers."""
        today = today or timezone.localdate()
        return cls(today.replace(month=1, day=1), today)


def _sum(expr: str, **filters):
    return Coalesce(Sum(expr, filter=Q(**filters) if filters else None), Value(ZERO), output_field=_MONEY)


def _status_counts() -> dict:
    return {
        "total": Count("id"),
        "warn": Count("id", filter=Q(severity="warn")),
        "intercept": Count("id", filter=Q(severity="intercept")),
        "confirmed": Count("id", filter=Q(status=Doubt.Status.CONFIRMED)),
        "dismissed": Count("id", filter=Q(status=Doubt.Status.DISMISSED)),
        "open": Count("id", filter=Q(status__in=OPEN_STATUSES)),
    }


def rate(part: int, whole: int) -> Decimal | None:
    """A share as a percentage with one decimal, or None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def payments(user, period: Period) -> QuerySet:
    """The payments of the period the user may see."""
    start, end = period.bounds
    return restrict(Payment.objects.all(), user, Perm.VIEW_MONITORING).filter(paid_at__gte=start, paid_at__lt=end)


def doubts(user, period: Period) -> QuerySet:
    """The doubts about the period's payments the user may see (the base of every figure below)."""
    start, end = period.bounds
    return restrict(Doubt.objects.all(), user, Perm.VIEW_MONITORING).filter(
        payment__paid_at__gte=start, payment__paid_at__lt=end)


def _payments_of(qs: QuerySet, **filters) -> QuerySet:
    """The distinct payments behind ``qs``: one payment caught by three rules is one sum of money, not three."""
    return Payment.objects.filter(pk__in=qs.filter(**filters).values("payment_id"))


def summary(user, period: Period) -> dict:
    """The headline figures: payments screened, doubts by severity and status, rates and amounts (4 queries)."""
    qs = doubts(user, period)
    counts = qs.aggregate(**_status_counts())
    screened = payments(user, period).aggregate(n=Count("id"), amount=_sum("amount"))
    involved = _payments_of(qs).aggregate(n=Count("id"), amount=_sum("amount"))
    confirmed = _payments_of(qs, status=Doubt.Status.CONFIRMED).aggregate(n=Count("id"), amount=_sum("amount"))
    concluded = counts["confirmed"] + counts["dismissed"]
    return {
        **counts,
        "payments": screened["n"], "payments_amount": screened["amount"],
        "involved_payments": involved["n"], "involved_amount": involved["amount"],
        "confirmed_payments": confirmed["n"], "confirmed_amount": confirmed["amount"],
        "concluded": concluded,
        "confirmed_rate": rate(counts["confirmed"], concluded),
        "dismissed_rate": rate(counts["dismissed"], concluded),
        "doubt_rate": rate(involved["n"], screened["n"]),
    }


def by_rule(user, period: Period) -> list[dict]:
    """One row per warning rule, in the registry's order, rules that found nothing included (1 query).

    A payment has at most one doubt per rule, so summing the payment amounts within a rule is exact.
    """
    found = {r["rule"]: r for r in doubts(user, period).values("rule").annotate(
        **_status_counts(), amount=_sum("payment__amount"),
        confirmed_amount=_sum("payment__amount", status=Doubt.Status.CONFIRMED)).order_by()}
    empty = {"total": 0, "warn": 0, "intercept": 0, "confirmed": 0, "dismissed": 0, "open": 0, "amount": ZERO,
             "confirmed_amount": ZERO}
    rows = []
    for rule in RULES.values():
        row = {**empty, **found.pop(rule.id, {}), "rule": rule.id, "title": str(rule.title),
               "citation": rule.citation_label}
        row["confirmed_rate"] = rate(row["confirmed"], row["confirmed"] + row["dismissed"])
        rows.append(row)
    for rule_id, row in found.items():  # a rule since retired from the registry still counts
        rows.append({**row, "title": rule_id, "citation": "",
                     "confirmed_rate": rate(row["confirmed"], row["confirmed"] + row["dismissed"])})
    return rows


def _grouped(user, period: Period, field: str, limit: int | None) -> list[dict]:
    """Doubt counts per value of a payment ``field`` with the distinct payments' amounts (2 queries).

    Sorted by confirmed, then all doubts, then name, so the top of the list is where the problems are.
    """
    qs = doubts(user, period)
    key = f"payment__{field}"
    rows = {r[key]: {"name": r[key], **{k: v for k, v in r.items() if k != key}}
            for r in qs.values(key).annotate(**_status_counts()).order_by()}
    for r in _payments_of(qs).values(field).annotate(payments=Count("id"), amount=_sum("amount")).order_by():
        rows[r[field]].update(payments=r["payments"], amount=r["amount"])
    # The confirmed amount again counts each payment once, however many of its doubts were confirmed.
    confirmed = dict(_payments_of(qs, status=Doubt.Status.CONFIRMED).values(field).annotate(
        a=_sum("amount")).order_by().values_list(field, "a"))
    for name, row in rows.items():
        row["confirmed_amount"] = confirmed.get(name, ZERO)
        row["confirmed_rate"] = rate(row["confirmed"], row["confirmed"] + row["dismissed"])
        row["name"] = name or ""
    ordered = sorted(rows.values(), key=lambda r: (-r["confirmed"], -r["total"], r["name"]))
    return ordered[:limit] if limit else ordered


def by_unit(user, period: Period, limit: int | None = None) -> list[dict]:
    """Per paying unit, by the payer name the treasury sent (unmatched units are counted too)."""
    return _grouped(user, period, "payer_name", limit)


def by_bank(user, period: Period, limit: int | None = None) -> list[dict]:
    """Per agent bank (Art. 16, 23): where the bank-side rules point."""
    return _grouped(user, period, "agent_bank", limit)


def _month(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def by_month(user, period: Period) -> list[dict]:
    """Doubts per payment month over the whole period, months without any included as zeros (2 queries).

    Months are cut in local time (TruncMonth in the current time zone), so a payment made at 23:30 on
    31 December in Qinzhou is a December payment. The amount counts each payment once.
    """
    qs = doubts(user, period)
    found = {_month(r.pop("month")): r for r in qs.annotate(month=TruncMonth("payment__paid_at")).values(
        "month").annotate(**_status_counts()).order_by("month")}
    amounts = {_month(r["month"]): r["amount"] for r in _payments_of(qs).annotate(
        month=TruncMonth("paid_at")).values("month").annotate(amount=_sum("amount")).order_by("month")}
    empty = {"total": 0, "warn": 0, "intercept": 0, "confirmed": 0, "dismissed": 0, "open": 0}
    return [{"month": m, "label": f"{m:%Y-%m}", **empty, **found.get(m, {}), "amount": amounts.get(m, ZERO)}
            for m in period.months]


def recurring(user, period: Period, *, min_months: int = RECURRING_MONTHS,
              min_times: int = RECURRING_TIMES) -> list[dict]:
    """多发易发问题 (Art. 25): a unit with one rule confirmed in ``min_months`` months or ``min_times`` times (1 query)."""
    month = TruncMonth("payment__paid_at")
    rows = (doubts(user, period).filter(status=Doubt.Status.CONFIRMED)
            .values("payment__payer_name", "rule")
            .annotate(times=Count("id"), months=Count(month, distinct=True), amount=_sum("payment__amount"),
                      first=Min("payment__paid_at"), last=Max("payment__paid_at"))
            .filter(Q(months__gte=min_months) | Q(times__gte=min_times))
            .order_by("-times", "-months", "payment__payer_name", "rule"))
    return [{"unit": r["payment__payer_name"], "rule": r["rule"], "title": _title(r["rule"]), "times": r["times"],
             "months": r["months"], "amount": r["amount"], "first": timezone.localtime(r["first"]).date(),
             "last": timezone.localtime(r["last"]).date()} for r in rows]


def _title(rule_id: str) -> str:
    rule = RULES.get(rule_id)
    return str(rule.title) if rule else rule_id


def typical_cases(user, period: Period, limit: int = 10) -> list[Doubt]:
    """典型案例 (Art. 24): the confirmed doubts with the largest payments, with conclusion and form (1 query)."""
    found = list(doubts(user, period).filter(status=Doubt.Status.CONFIRMED)
                 .select_related("payment", "case").order_by("-payment__amount", "payment__paid_at", "pk")[:limit])
    for doubt in found:
        doubt.rule_title = _title(doubt.rule)
    return found


def cases(user, period: Period, today: date | None = None) -> dict:
    """The 监控处理单 of the period's doubts: counts by status and the overdue ones (2 queries).

    Overdue means what ``services.overdue_cases`` means: still 整改中 after the written opinion's deadline.
    """
    today = today or timezone.localdate()
    start, end = period.bounds
    qs = restrict(Case.objects.all(), user, Perm.VIEW_MONITORING).filter(
        doubt__payment__paid_at__gte=start, doubt__payment__paid_at__lt=end)
    overdue = Q(status=Case.Status.OPEN, deadline__lt=today)
    counts = qs.aggregate(
        total=Count("id"), open=Count("id", filter=Q(status=Case.Status.OPEN)),
        submitted=Count("id", filter=Q(status=Case.Status.SUBMITTED)),
        closed=Count("id", filter=Q(status=Case.Status.CLOSED)), overdue=Count("id", filter=overdue))
    unfinished = list(qs.exclude(status=Case.Status.CLOSED).select_related("doubt__payment")
                      .order_by("deadline", "number")[:50])
    for case in unfinished:
        case.is_overdue = case.status == Case.Status.OPEN and case.deadline is not None and case.deadline < today
        case.rule_title = _title(case.doubt.rule)
    return {**counts, "closed_rate": rate(counts["closed"], counts["total"]), "unfinished": unfinished}


def analysis(user, period: Period, *, top: int = 10, today: date | None = None) -> dict:
    """Everything the analysis page, the workbook and the report show, computed once."""
    units = by_unit(user, period)
    return {
        "period": period,
        "summary": summary(user, period),
        "by_rule": by_rule(user, period),
        "by_unit": units,
        "top_units": units[:top],
        "by_bank": by_bank(user, period),
        "by_month": by_month(user, period),
        "recurring": recurring(user, period),
        "typical": typical_cases(user, period),
        "cases": cases(user, period, today),
    }
