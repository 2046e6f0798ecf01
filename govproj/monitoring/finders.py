"""The finders of the payment warning rules on the treasury's own records (Art. 9 (一)): one or a few
queries each, never a loop per payment."""

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import groupby

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, RowRange, Subquery, Sum, Window
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govproj.common import money
from govproj.projects.models import FiscalReview, Project

from .models import BankAccount, Indicator, Payment, SpendingPlan
from .rules import decimal_param


def midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()))


def _years(scoped: QuerySet) -> range:
    """The local calendar years the screened payments span (one MIN/MAX over the paid_at index)."""
    span = scoped.aggregate(first=Min("paid_at"), last=Max("paid_at"))
    if span["first"] is None:
        return range(0)
    return range(timezone.localtime(span["first"]).year, timezone.localtime(span["last"]).year + 1)


# ---------------------------------------------------------------- finders
#
# Each finder receives the payments to judge (``scoped``: one rule version's period of the payments being
# screened) and that version's parameters. Totals — an indicator's spending so far, a payer's year, a
# cluster of small payments — are always taken over every payment on record, because a payment breaks a
# limit together with the payments before it whether or not those are being screened now.
#
# SQLite keeps decimals as binary floats, so a sum of 0.10 + 0.20 is not exactly 0.30 there. Every amount
# is a whole number of cents, so a total "exceeds" a limit exactly when it exceeds it by more than half a
# cent: comparing with that margin gives the same answer as exact arithmetic on both databases.

HALF_CENT = Decimal("0.005")
ROW_ORDER = [F("paid_at").asc(), F("id").asc()]


def yuan(amount) -> str:
    return _("{amount} 元").format(amount=money.yuan(amount))


def _keywords(params: dict, name: str = "keywords") -> list[str]:
    """Finance keeps the lists; a list or a string separated by commas, 、 or spaces both work."""
    raw = params.get(name) or []
    if isinstance(raw, str):
        raw = re.split(r"[,，、;；\s]+", raw)
    return [str(k).strip() for k in raw if str(k).strip()]


def _contains_any(fields: tuple[str, ...], keywords: list[str]) -> Q:
    """Case only matters for Latin letters: a Chinese keyword uses a plain LIKE, which PostgreSQL runs
    without upper-casing every row first."""
    q = Q()
    for field in fields:
        for word in keywords:
            lookup = "icontains" if word.lower() != word.upper() else "contains"
            q |= Q(**{f"{field}__{lookup}": word})
    return q


def _first_keyword(text: str, keywords: list[str]) -> str | None:
    folded = (text or "").casefold()
    return next((k for k in keywords if k.casefold() in folded), None)


def _payments() -> QuerySet:
    """Every payment on record, unordered: totals need no order, and the default one costs a lookup per row."""
    return Payment.objects.order_by()


def local_text(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def find_large_amount(scoped, params):
    threshold = decimal_param(params, "threshold")
    rows = scoped.filter(amount__gte=threshold, large_approval_no="").values_list("id", "voucher", "amount")
    for pk, voucher, amount in rows:
        yield pk, voucher, _("单笔支付 {amount}，达到大额资金标准 {limit}（含本数），但未填写大额审批单号，"
                             "未见按规定程序办理大额支付手续").format(amount=yuan(amount), limit=yuan(threshold))


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _over_budget(scoped, *, key: str, model, label: str):
    """Payments whose running total on their indicator (or plan) passes its amount, and payments citing none.

    One GROUP BY gives each code's total over every payment on record (an earlier payment outside the
    screened set still counts); only codes whose total passes the amount can hold an overspending
    payment, so the running totals — a window in payment order — are taken over their payments alone.
    """
    used = set(scoped.exclude(**{key: ""}).values_list(key, flat=True).distinct())
    budgets = {}
    for chunk in _chunks(sorted(used)):
        budgets.update(model.objects.filter(code__in=chunk).values_list("code", "amount"))
    for chunk in _chunks(sorted(used - set(budgets))):
        for pk, voucher, code in scoped.filter(**{f"{key}__in": chunk}).values_list("id", "voucher", key):
            yield pk, voucher, _("{label} {code} 不存在（未导入该{label}）").format(label=label, code=code)
    totals = _payments().filter(**{f"{key}__in": list(budgets)}) if len(budgets) <= 500 else _payments()
    over = sorted(code for code, total in totals.values(key).annotate(total=Sum("amount")).values_list(key, "total")
                  if code in budgets and total > budgets[code] + HALF_CENT)
    for chunk in _chunks(over):
        in_scope = set(scoped.filter(**{f"{key}__in": chunk}).values_list("id", flat=True))
        running = (_payments().filter(**{f"{key}__in": chunk})
                   .annotate(running=Window(Sum("amount"), partition_by=[F(key)], order_by=ROW_ORDER,
                                            frame=RowRange(start=None, end=0)))
                   .values_list("id", "voucher", key, "amount", "running"))
        for pk, voucher, code, amount, total in running:
            limit = budgets[code]
            if pk in in_scope and total > limit + HALF_CENT:
                yield pk, voucher, _("{label} {code} 金额 {limit}，截至本笔（{amount}）累计支付 {total}，超出 {over}").format(
                    label=label, code=code, limit=yuan(limit), amount=yuan(amount), total=yuan(total),
                    over=yuan(Decimal(total) - Decimal(limit)))


def _merged(*findings):
    """One message per payment: a payment may break a rule in more than one way (amount and month)."""
    messages: dict[int, tuple[str, list[str]]] = {}
    for rows in findings:
        for pk, voucher, message in rows:
            messages.setdefault(pk, (voucher, []))[1].append(str(message))
    return [(pk, voucher, "；".join(parts)) for pk, (voucher, parts) in messages.items()]


def find_over_indicator(scoped, params):
    return _over_budget(scoped, key="indicator_code", model=Indicator, label=_("预算指标"))


def find_over_plan(scoped, params):
    return _merged(_over_budget(scoped, key="plan_code", model=SpendingPlan, label=_("用款计划")),
                   _outside_plan_month(scoped))


def _outside_plan_month(scoped):
    """A plan is the money of one month: a payment citing it in another month is outside the plan.

    One GROUP BY gives each plan's first and last payment; only plans paid outside their month have
    their payments read, and those are compared month by month in local time.
    """
    spans = (scoped.exclude(plan_code="").values("plan_code").annotate(first=Min("paid_at"), last=Max("paid_at"))
             .values_list("plan_code", "first", "last"))
    spans = {code: (first, last) for code, first, last in spans}
    outside = []
    for chunk in _chunks(sorted(spans)):
        for code, month in SpendingPlan.objects.filter(code__in=chunk).values_list("code", "month"):
            if not all(_in_month(moment, month) for moment in spans[code]):
                outside.append((code, month))
    for chunk in _chunks(outside):
        months = dict(chunk)
        rows = scoped.filter(plan_code__in=months).values_list("id", "voucher", "plan_code", "paid_at")
        for pk, voucher, code, paid in rows:
            month = months[code]
            if not _in_month(paid, month):
                yield pk, voucher, _("用款计划 {code} 为 {month} 的计划，本笔支付于 {paid}，不在计划月份内").format(
                    code=code, month=month.strftime("%Y年%m月"), paid=local_text(paid))


def _in_month(moment, month: date) -> bool:
    local = timezone.localtime(moment)
    return (local.year, local.month) == (month.year, month.month)


def find_subject_mismatch(scoped, params):
    rows = (scoped.annotate(budget_subject=Subquery(Indicator.objects.filter(code=OuterRef("indicator_code"))
                                                     .values("subject")[:1]))
            .filter(budget_subject__isnull=False).exclude(subject=F("budget_subject"))
            .values_list("id", "voucher", "subject", "indicator_code", "budget_subject"))
    for pk, voucher, subject, code, budget_subject in rows:
        yield pk, voucher, _("支付科目 {subject} 与预算指标 {code} 的科目 {budget} 不符").format(
            subject=subject, code=code, budget=budget_subject)


def _real_fund(**lookups):
    return BankAccount.objects.filter(kind=BankAccount.Kind.REAL_FUND, **lookups)


def _paid_into_real_fund(scoped, *fields, condition=Q()):
    """Payments into a registered real-fund account, each with the account's (unit id, name, parent id).

    Real-fund accounts are few next to payments: they are read once and the payments fetched by
    account through the payee index, instead of correlating every payment with the register.
    """
    owners = {account: owner for account, *owner in
              _real_fund().values_list("account", "unit_id", "unit__name", "unit__parent_id")}
    for chunk in _chunks(sorted(owners)):
        for row in scoped.filter(condition, payee_account__in=chunk).values_list("payee_account", *fields):
            yield owners[row[0]], row


def find_own_account_transfer(scoped, params):
    rows = _paid_into_real_fund(scoped, "id", "voucher", "amount", "payer_id", "payer__parent_id",
                                condition=Q(payer__isnull=False))
    for (owner_id, owner_name, owner_parent_id), (account, pk, voucher, amount, payer_id, parent_id) in rows:
        if owner_id == payer_id:
            relation = _("本单位")
        elif owner_id == parent_id:
            relation = _("上级主管部门")
        elif owner_parent_id == payer_id:
            relation = _("所属下级单位")
        else:
            continue
        yield pk, voucher, _("向{relation}{owner}的实有资金账户 {account} 划转财政资金 {amount}").format(
            relation=relation, owner=owner_name, account=account, amount=yuan(amount))


def find_advance_repayment(scoped, params):
    keywords = _keywords(params)
    if not keywords:
        return
    rows = _paid_into_real_fund(scoped, "id", "voucher", "amount", "purpose",
                                condition=_contains_any(("purpose",), keywords))
    for (_owner_id, owner_name, _parent_id), (account, pk, voucher, amount, purpose) in rows:
        yield pk, voucher, _("用途“{purpose}”含“{word}”，收款账户 {account} 为{owner}的实有资金账户，"
                             "疑为归还实有资金账户垫付的资金 {amount}").format(
            purpose=purpose, word=_first_keyword(purpose, keywords), account=account, owner=owner_name,
            amount=yuan(amount))


CASH_FIELDS = (("settlement", gettext_lazy("结算方式")), ("pay_type", gettext_lazy("支付类型")),
               ("purpose", gettext_lazy("用途")))


def find_cash_withdrawal(scoped, params):
    keywords = _keywords(params)
    if not keywords:
        return
    minimum = decimal_param(params, "min_amount")
    fields = tuple(f for f, _label in CASH_FIELDS)
    rows = (scoped.filter(_contains_any(fields, keywords), amount__gte=minimum)
            .values_list("id", "voucher", "amount", *fields))
    for pk, voucher, amount, *texts in rows:
        hits = "、".join(f"{label}“{text}”" for (field, label), text in zip(CASH_FIELDS, texts, strict=True)
                        if _first_keyword(text, keywords))
        yield pk, voucher, _("{hits}涉及现金，提取现金 {amount}（起点 {minimum}）").format(
            hits=hits, amount=yuan(amount), minimum=yuan(minimum))


def find_prohibited_use(scoped, params):
    keywords = _keywords(params)
    if not keywords:
        return
    rows = scoped.filter(_contains_any(("purpose",), keywords)).values_list("id", "voucher", "amount", "purpose")
    for pk, voucher, amount, purpose in rows:
        yield pk, voucher, _("用途“{purpose}”含厉行节约禁止性关键词“{word}”，支付 {amount}").format(
            purpose=purpose, word=_first_keyword(purpose, keywords), amount=yuan(amount))


def find_year_end_rush(scoped, params):
    """A payer's December share of its calendar year, the year taken over every payment on record.

    The shares are compared in Python on the per-payer totals of a year (a handful of rows), so the
    strict "more than" is exact on SQLite too.
    """
    share, minimum = decimal_param(params, "share"), decimal_param(params, "min_year_total")
    # Years are compared as ranges of paid_at, which its index serves: SQLite would extract the month of
    # every payment by calling back into Python.
    for year in _years(scoped):
        start, end = midnight(date(year, 12, 1)), midnight(date(year + 1, 1, 1))
        december = scoped.filter(paid_at__gte=start, paid_at__lt=end)
        totals = (_payments().filter(paid_at__gte=midnight(date(year, 1, 1)), paid_at__lt=end,
                                     payer_name__in=december.values("payer_name"))
                  .values("payer_name")
                  .annotate(total=Sum("amount"), dec=Sum("amount", filter=Q(paid_at__gte=start)))
                  .values_list("payer_name", "total", "dec"))
        rushed = {payer: (total, dec) for payer, total, dec in totals
                  if dec and total >= minimum and dec > share * total}
        for chunk in _chunks(sorted(rushed)):
            for pk, voucher, payer, amount in (december.filter(payer_name__in=chunk)
                                               .values_list("id", "voucher", "payer_name", "amount")):
                total, dec = rushed[payer]
                yield pk, voucher, _("{payer} {year} 年 12 月支付 {dec}，占全年支付 {total} 的 {ratio}，超过 {share}"
                                     "（本笔 {amount}）").format(
                    payer=payer, year=year, dec=yuan(dec), total=yuan(total), ratio=f"{dec / total:.2%}",
                    share=f"{share:.2%}", amount=yuan(amount))


def find_unregistered_payee_account(scoped, params):
    """The payee is a unit with accounts on the register, but this account is not (or no longer) one of them."""
    named = Q(unit__name=OuterRef("payee_name")) | Q(unit__short_name=OuterRef("payee_name"))
    own = BankAccount.objects.filter(named, account=OuterRef("payee_account"))
    rows = (scoped.annotate(paid_on=TruncDate("paid_at"))
            .filter(Exists(BankAccount.objects.filter(named)),
                    ~Exists(own.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=OuterRef("paid_on")))))
            .annotate(closed_on=Subquery(own.values("closed_on")[:1]),
                      holder=Subquery(BankAccount.objects.filter(account=OuterRef("payee_account"))
                                      .values("unit__name")[:1]))
            .values_list("id", "voucher", "payee_name", "payee_account", "amount", "closed_on", "holder"))
    for pk, voucher, payee, account, amount, closed_on, holder in rows:
        if closed_on:
            why = _("该账户已于 {day} 销户").format(day=closed_on.isoformat())
        elif holder:
            why = _("该账号登记在{holder}名下").format(holder=holder)
        else:
            why = _("该账号不是其在财政部门登记的账户")
        yield pk, voucher, _("向{payee}的账号 {account} 支付 {amount}，{why}").format(
            payee=payee, account=account, amount=yuan(amount), why=why)


def find_split_payment(scoped, params):
    """Clusters of sub-threshold payments from one payer to one account that together reach the threshold.

    A GROUP BY finds the payer/account pairs that could hold a cluster at all (enough small payments
    summing to the threshold); only their payments are read, a sliding window over each pair's payments
    in time finds the clusters, and the members being screened are reported.
    """
    threshold = decimal_param(params, "threshold")
    window = timedelta(days=float(params["window_days"]))
    min_count = int(params["min_count"])
    small = _payments().filter(amount__lt=threshold)
    pairs = set(small.values("payer_name", "payee_account").annotate(n=Count("id"), total=Sum("amount"))
                .filter(n__gte=min_count, total__gt=threshold - HALF_CENT).values_list("payer_name", "payee_account"))
    found: dict[int, tuple] = {}
    in_scope: set[int] = set()
    for chunk in _chunks(sorted(pairs), 200):
        pair_q = Q()
        for payer, account in chunk:
            pair_q |= Q(payer_name=payer, payee_account=account)
        in_scope |= set(scoped.filter(pair_q, amount__lt=threshold).values_list("id", flat=True))
        candidates = (small.filter(pair_q).order_by("payer_name", "payee_account", *ROW_ORDER)
                      .values_list("id", "voucher", "payer_name", "payee_account", "paid_at", "amount"))
        for _key, rows in groupby(candidates, key=lambda r: (r[2], r[3])):
            rows = list(rows)
            start, total = 0, Decimal("0")
            for end, row in enumerate(rows):
                total += row[5]
                while row[4] - rows[start][4] > window:
                    total -= rows[start][5]
                    start += 1
                cluster = rows[start:end + 1]
                if len(cluster) >= min_count and total >= threshold:
                    for member in cluster:
                        found.setdefault(member[0], (member, len(cluster), total, cluster[0][4], row[4]))
    for (pk, voucher, payer, account, _paid, amount), count, total, first, last in found.values():
        if pk in in_scope:
            yield pk, voucher, _("{payer}于 {first} 至 {last} 向同一账号 {account} 支付 {count} 笔、合计 {total}，"
                                 "单笔均低于大额资金标准 {limit}（本笔 {amount}），疑为拆分支付").format(
                payer=payer, first=local_text(first), last=local_text(last), account=account, count=count,
                total=yuan(total), limit=yuan(threshold), amount=yuan(amount))


def find_no_fiscal_review(scoped, params):
    """Every platform project passes 财政投资评审 before construction (projects ``states``: approved →
    fiscal_review → reviewed), so a payment on a project with no review completed by the payment date is
    caught. Names are matched exactly; a payment naming no platform project is not this rule's business.
    """
    projects = Project.objects.filter(name=OuterRef("project_name"))
    done = FiscalReview.objects.filter(project__name=OuterRef("project_name"), completed_on__isnull=False)
    rows = (scoped.exclude(project_name="").annotate(paid_on=TruncDate("paid_at"))
            .filter(Exists(projects), ~Exists(done.filter(completed_on__lte=OuterRef("paid_on"))))
            .annotate(state=Subquery(projects.order_by("-id").values("state")[:1]),
                      completed_on=Subquery(done.order_by("completed_on").values("completed_on")[:1]))
            .values_list("id", "voucher", "project_name", "amount", "paid_on", "state", "completed_on"))
    states = dict(Project._meta.get_field("state").choices)
    for pk, voucher, name, amount, paid_on, state, completed_on in rows:
        when = (_("评审于 {day} 才完成，晚于支付日期").format(day=completed_on.isoformat()) if completed_on
                else _("项目当前状态：{state}").format(state=states.get(state, state)))
        yield pk, voucher, _("项目“{name}”于 {paid} 支付 {amount}，支付时尚未完成财政投资评审（{when}）").format(
            name=name, paid=paid_on.isoformat(), amount=yuan(amount), when=when)
