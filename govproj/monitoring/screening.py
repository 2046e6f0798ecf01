"""Set-based screening: each warning rule is one or a few queries over the payments, never a loop per payment.

``screen(payments)`` judges every payment by the rule settings in force on its payment date
(``RuleSetting`` versions) and returns the findings; ``services.screen`` turns them into doubts.
"""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from itertools import groupby

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    RowRange,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import ExtractMonth, ExtractYear, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import BankAccount, BankFeedback, Indicator, Payment, RuleSetting, SpendingPlan
from .rules import RULES, decimal_param


@dataclass(frozen=True)
class Finding:
    payment_id: int
    voucher: str
    rule: str
    severity: str
    message: str
    citation: str
    setting_id: int

    def as_dict(self) -> dict:
        return {"voucher": self.voucher, "rule": self.rule, "severity": self.severity, "message": self.message,
                "citation": self.citation}


def _periods(rule_id: str):
    """(setting, start, end) for each version of the rule: payments with start <= paid_at < end."""
    versions = list(RuleSetting.objects.filter(rule=rule_id).order_by("valid_from"))
    for i, setting in enumerate(versions):
        start = timezone.make_aware(datetime.combine(setting.valid_from, time())) if i else None
        end = (timezone.make_aware(datetime.combine(versions[i + 1].valid_from, time()))
               if i + 1 < len(versions) else None)
        yield setting, start, end


# FINDERS[rule_id](payments, params) -> iterable of (payment_id, voucher, message); filled in below.
FINDERS: dict = {}


def screen(payments: QuerySet) -> list[Finding]:
    findings = []
    for rule_id, rule in RULES.items():
        finder = FINDERS[rule_id]
        for setting, start, end in _periods(rule_id):
            if not setting.enabled:
                continue
            scoped = payments
            if start:
                scoped = scoped.filter(paid_at__gte=start)
            if end:
                scoped = scoped.filter(paid_at__lt=end)
            params = {**rule.params, **setting.params}
            for payment_id, voucher, message in finder(scoped, params):
                findings.append(Finding(payment_id, voucher, rule_id, setting.severity, str(message),
                                        rule.citation_label, setting.pk))
    return findings


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
    return _("{amount} 元").format(amount=f"{Decimal(amount):,.2f}")


def _keywords(params: dict, name: str = "keywords") -> list[str]:
    """Finance keeps the lists; a list or a string separated by commas, 、 or spaces both work."""
    raw = params.get(name) or []
    if isinstance(raw, str):
        raw = re.split(r"[,，、;；\s]+", raw)
    return [str(k).strip() for k in raw if str(k).strip()]


def _contains_any(fields: tuple[str, ...], keywords: list[str]) -> Q:
    q = Q()
    for field in fields:
        for word in keywords:
            q |= Q(**{f"{field}__icontains": word})
    return q


def _first_keyword(text: str, keywords: list[str]) -> str | None:
    folded = (text or "").casefold()
    return next((k for k in keywords if k.casefold() in folded), None)


def _in_scope(scoped: QuerySet):
    return Exists(scoped.filter(pk=OuterRef("pk")))


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def find_large_amount(scoped, params):
    threshold = decimal_param(params, "threshold")
    rows = scoped.filter(amount__gte=threshold, large_approval_no="").values_list("id", "voucher", "amount")
    for pk, voucher, amount in rows:
        yield pk, voucher, _("单笔支付 {amount}，达到大额资金标准 {limit}（含本数），但未填写大额审批单号，"
                             "未见按规定程序办理大额支付手续").format(amount=yuan(amount), limit=yuan(threshold))


def _over_budget(scoped, *, key: str, model, label: str):
    """Payments whose running total on their indicator (or plan) passes its amount, and payments citing none.

    The running total is a window over every payment on the same code, in payment order, so an earlier
    payment outside the screened set still counts; the codes are narrowed to those the screened payments use.
    """
    budget = model.objects.filter(code=OuterRef(key))
    missing = scoped.filter(~Q(**{key: ""}), ~Exists(budget)).values_list("id", "voucher", key)
    for pk, voucher, code in missing:
        yield pk, voucher, _("{label} {code} 不存在（未导入该{label}）").format(label=label, code=code)
    running = (
        Payment.objects.filter(**{f"{key}__in": scoped.values(key)}).exclude(**{key: ""})
        .annotate(limit=Subquery(budget.values("amount")[:1]),
                  running=Window(Sum("amount"), partition_by=[F(key)], order_by=ROW_ORDER,
                                 frame=RowRange(start=None, end=0)),
                  in_scope=_in_scope(scoped))
        .filter(running__gt=F("limit") + HALF_CENT)
        .values_list("id", "voucher", key, "amount", "running", "limit", "in_scope")
    )
    for pk, voucher, code, amount, total, limit, in_scope in running:
        if in_scope:
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
    plan = SpendingPlan.objects.filter(code=OuterRef("plan_code"))
    wrong_month = (
        scoped.exclude(plan_code="")
        .annotate(plan_month=Subquery(plan.values("month")[:1]),
                  plan_y=Subquery(plan.annotate(y=ExtractYear("month")).values("y")[:1]),
                  plan_m=Subquery(plan.annotate(m=ExtractMonth("month")).values("m")[:1]),
                  paid_y=ExtractYear("paid_at"), paid_m=ExtractMonth("paid_at"))
        .filter(plan_month__isnull=False).filter(~Q(paid_y=F("plan_y")) | ~Q(paid_m=F("plan_m")))
        .values_list("id", "voucher", "plan_code", "plan_month", "paid_at")
    )
    month_rows = ((pk, voucher, _("用款计划 {code} 为 {month} 的计划，本笔支付于 {paid}，不在计划月份内").format(
        code=code, month=month.strftime("%Y年%m月"), paid=_local(paid)))
        for pk, voucher, code, month, paid in wrong_month)
    return _merged(_over_budget(scoped, key="plan_code", model=SpendingPlan, label=_("用款计划")), month_rows)


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


def find_own_account_transfer(scoped, params):
    related = _real_fund(account=OuterRef("payee_account")).filter(
        Q(unit=OuterRef("payer")) | Q(unit=OuterRef("payer__parent")) | Q(unit__parent=OuterRef("payer")))
    rows = (scoped.filter(payer__isnull=False)
            .annotate(owner_id=Subquery(related.values("unit_id")[:1]),
                      owner_name=Subquery(related.values("unit__name")[:1]))
            .filter(owner_id__isnull=False)
            .values_list("id", "voucher", "amount", "payee_account", "payer_id", "payer__parent_id", "owner_id",
                         "owner_name"))
    for pk, voucher, amount, account, payer_id, parent_id, owner_id, owner_name in rows:
        relation = (_("本单位") if owner_id == payer_id else _("上级主管部门") if owner_id == parent_id
                    else _("所属下级单位"))
        yield pk, voucher, _("向{relation}{owner}的实有资金账户 {account} 划转财政资金 {amount}").format(
            relation=relation, owner=owner_name, account=account, amount=yuan(amount))


def find_advance_repayment(scoped, params):
    keywords = _keywords(params)
    if not keywords:
        return
    rows = (scoped.filter(_contains_any(("purpose",), keywords), Exists(_real_fund(account=OuterRef("payee_account"))))
            .annotate(owner_name=Subquery(_real_fund(account=OuterRef("payee_account")).values("unit__name")[:1]))
            .values_list("id", "voucher", "amount", "purpose", "payee_account", "owner_name"))
    for pk, voucher, amount, purpose, account, owner_name in rows:
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
        hits = "、".join(f"{label}“{text}”" for (field, label), text in zip(CASH_FIELDS, texts)
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

    The shares are compared in Python on the per-payer, per-year totals (a handful of rows), so the
    strict "more than" is exact on SQLite too.
    """
    share, minimum = decimal_param(params, "share"), decimal_param(params, "min_year_total")
    december = scoped.filter(paid_at__month=12)
    totals = (Payment.objects.filter(payer_name__in=december.values("payer_name"))
              .annotate(year=ExtractYear("paid_at"))
              .filter(year__in=december.annotate(year=ExtractYear("paid_at")).values("year"))
              .values("payer_name", "year")
              .annotate(total=Sum("amount"), dec=Sum("amount", filter=Q(paid_at__month=12)))
              .values_list("payer_name", "year", "total", "dec"))
    rushed: dict[int, dict[str, tuple]] = {}
    for payer, year, total, dec in totals:
        if total >= minimum and dec > share * total:
            rushed.setdefault(year, {})[payer] = (total, dec)
    for year, payers in rushed.items():
        rows = (december.filter(payer_name__in=payers, paid_at__year=year)
                .values_list("id", "voucher", "payer_name", "amount"))
        for pk, voucher, payer, amount in rows:
            total, dec = payers[payer]
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
    summing to the threshold); only their payments are read, and a sliding window over each pair's
    payments in time finds the clusters.
    """
    threshold = decimal_param(params, "threshold")
    window = timedelta(days=float(params["window_days"]))
    min_count = int(params["min_count"])
    small = Payment.objects.filter(amount__lt=threshold)
    pair = {"payer_name": OuterRef("payer_name"), "payee_account": OuterRef("payee_account")}
    groups = (small.filter(**pair).values("payer_name", "payee_account")
              .annotate(n=Count("id"), total=Sum("amount"))
              .filter(n__gte=min_count, total__gt=threshold - HALF_CENT))
    candidates = (small.filter(Exists(groups), Exists(scoped.filter(amount__lt=threshold, **pair)))
                  .annotate(in_scope=_in_scope(scoped))
                  .order_by("payer_name", "payee_account", *ROW_ORDER)
                  .values_list("id", "voucher", "payer_name", "payee_account", "paid_at", "amount", "in_scope"))
    found: dict[int, tuple] = {}
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
    for (pk, voucher, payer, account, _paid, amount, in_scope), count, total, first, last in found.values():
        if in_scope:
            yield pk, voucher, _("{payer}于 {first} 至 {last} 向同一账号 {account} 支付 {count} 笔、合计 {total}，"
                                 "单笔均低于大额资金标准 {limit}（本笔 {amount}），疑为拆分支付").format(
                payer=payer, first=_local(first), last=_local(last), account=account, count=count,
                total=yuan(total), limit=yuan(threshold), amount=yuan(amount))


def find_no_fiscal_review(scoped, params):
    """Every platform project passes 财政投资评审 before construction (projects ``states``: approved →
    fiscal_review → reviewed), so a payment on a project with no review completed by the payment date is
    caught. Names are matched exactly; a payment naming no platform project is not this rule's business.
    """
    from govproj.projects.models import FiscalReview, Project

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


def _feedback(field: str):
    return Subquery(BankFeedback.objects.filter(voucher=OuterRef("voucher")).values(field)[:1])


FEEDBACK_ELEMENTS = (("amount", gettext_lazy("金额")), ("payee_account", gettext_lazy("收款人账号")),
                     ("payee_name", gettext_lazy("收款人名称")))


def find_bank_feedback_mismatch(scoped, params):
    fields = [f for f, _label in FEEDBACK_ELEMENTS]
    differs = Q()
    for field in fields:
        differs |= ~Q(**{field: F(f"fb_{field}")})
    rows = (scoped.annotate(**{f"fb_{f}": _feedback(f) for f in fields}, fb_bank=_feedback("bank"))
            .filter(fb_amount__isnull=False).filter(differs)
            .values_list("id", "voucher", "fb_bank", *fields, *(f"fb_{f}" for f in fields)))
    for pk, voucher, bank, *values in rows:
        ordered, reported = values[:len(fields)], values[len(fields):]
        parts = []
        for (field, label), mine, theirs in zip(FEEDBACK_ELEMENTS, ordered, reported):
            if mine != theirs:
                show = yuan if field == "amount" else str
                parts.append(_("{label}：支付指令为 {mine}，银行反馈为 {theirs}").format(
                    label=label, mine=show(mine), theirs=show(theirs)))
        yield pk, voucher, _("{bank}反馈信息与支付指令不一致——{parts}").format(bank=bank, parts="；".join(parts))


def find_late_payment(scoped, params):
    hours = Decimal(str(params["max_hours"]))
    limit = timedelta(hours=float(hours))
    rows = (scoped.annotate(executed_at=_feedback("executed_at"), fb_bank=_feedback("bank"))
            .filter(executed_at__gt=ExpressionWrapper(F("paid_at") + limit, output_field=DateTimeField()))
            .values_list("id", "voucher", "paid_at", "executed_at", "fb_bank"))
    for pk, voucher, paid_at, executed_at, bank in rows:
        taken = Decimal((executed_at - paid_at).total_seconds()) / 3600
        yield pk, voucher, _("支付指令于 {paid} 发出，{bank}于 {done} 才完成支付，用时 {taken} 小时，超过 {limit} 小时时限").format(
            paid=_local(paid_at), bank=bank, done=_local(executed_at), taken=f"{taken:.1f}", limit=f"{hours:g}")


FINDERS.update({
    "large_amount": find_large_amount,
    "over_indicator": find_over_indicator,
    "over_plan": find_over_plan,
    "subject_mismatch": find_subject_mismatch,
    "own_account_transfer": find_own_account_transfer,
    "advance_repayment": find_advance_repayment,
    "cash_withdrawal": find_cash_withdrawal,
    "prohibited_use": find_prohibited_use,
    "year_end_rush": find_year_end_rush,
    "unregistered_payee_account": find_unregistered_payee_account,
    "split_payment": find_split_payment,
    "no_fiscal_review": find_no_fiscal_review,
    "bank_feedback_mismatch": find_bank_feedback_mismatch,
    "late_payment": find_late_payment,
})
assert set(FINDERS) == set(RULES), "every warning rule needs a finder"
