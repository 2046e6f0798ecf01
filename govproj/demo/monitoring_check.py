"""An independent reading of the warning rules, from the rows of the demo treasury files alone.

The generator checks its output with it before writing: routine rows must catch nothing, every planted violation
must be caught and no near-miss.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from govproj.demo.monitoring_units import MILLION, PROJECT_PAY, D


def expected_findings(rows: dict[str, list[dict]]) -> set[tuple[str, str]]:
    """(voucher, rule) for every payment the rules of ``rules.py`` catch, computed from the rows alone.

    A plain reading of each rule with its default parameters; the generator uses it to keep routine rows
    clean and the answer key honest. Projects (``no_fiscal_review``) are taken from ``PROJECT_PAY``.
    """
    from govproj.monitoring.rules import (
        ADVANCE_KEYWORDS,
        CASH_KEYWORDS,
        FRUGALITY_KEYWORDS,
    )

    pays = rows["payments"]
    accounts = {a["账号"]: a for a in rows["accounts"]}
    parent = {a["单位名称"]: a["主管部门"] for a in rows["accounts"]}
    unit_accounts = defaultdict(set)
    for a in rows["accounts"]:
        unit_accounts[a["单位名称"]].add(a["账号"])
    indicators = {i["指标编码"]: i for i in rows["indicators"]}
    plans = {p["计划编码"]: p for p in rows["plans"]}
    feedback = {f["凭证号"]: f for f in rows["feedback"]}
    found = set()
    when = {p["凭证号"]: datetime.strptime(p["支付时间"], "%Y-%m-%d %H:%M:%S") for p in pays}
    ordered = sorted(pays, key=lambda p: (when[p["凭证号"]], p["凭证号"]))
    spent_ind, spent_plan = defaultdict(D), defaultdict(D)
    pending = {PROJECT_PAY[k][1] for k in ("review_pending", "approved_no_review", "approved_no_review2")}
    for p in ordered:
        v, amount = p["凭证号"], D(p["支付金额"])
        if amount >= MILLION and not p["大额审批单号"]:
            found.add((v, "large_amount"))
        spent_ind[p["预算指标"]] += amount
        if spent_ind[p["预算指标"]] > D(indicators[p["预算指标"]]["指标金额"]):
            found.add((v, "over_indicator"))
        if p["用款计划"]:
            spent_plan[p["用款计划"]] += amount
            if spent_plan[p["用款计划"]] > D(plans[p["用款计划"]]["计划金额"]):
                found.add((v, "over_plan"))
        if p["预算科目"] != indicators[p["预算指标"]]["预算科目"]:
            found.add((v, "subject_mismatch"))
        payee = accounts.get(p["收款人账号"])
        payer = p["付款人名称"]
        if payee and payee["账户类型"] == "实有资金账户":
            if payee["单位名称"] in (payer, parent.get(payer)) or parent.get(payee["单位名称"]) == payer:
                found.add((v, "own_account_transfer"))
            if any(k in p["用途"] for k in ADVANCE_KEYWORDS):
                found.add((v, "advance_repayment"))
        if any(k in p[f] for k in CASH_KEYWORDS for f in ("结算方式", "支付类型", "用途")):
            found.add((v, "cash_withdrawal"))
        if any(k in p["用途"] for k in FRUGALITY_KEYWORDS):
            found.add((v, "prohibited_use"))
        if p["收款人名称"] in unit_accounts and p["收款人账号"] not in unit_accounts[p["收款人名称"]]:
            found.add((v, "unregistered_payee_account"))
        if p["项目名称"] in pending:
            found.add((v, "no_fiscal_review"))
        f = feedback[v]
        if (D(f["实际支付金额"].replace(",", "")) != amount or f["收款人账号"] != p["收款人账号"]
                or same_name(f["收款人名称"]) != same_name(p["收款人名称"])):
            found.add((v, "bank_feedback_mismatch"))
        if datetime.strptime(f["实际支付时间"], "%Y/%m/%d %H:%M:%S") - when[v] > timedelta(hours=24):
            found.add((v, "late_payment"))
    # split: same payer to the same account, each below the threshold, within 7 days, together at least 1M
    groups = defaultdict(list)
    for p in ordered:
        groups[(p["付款人名称"], p["收款人账号"])].append(p)
    for items in groups.values():
        for i, first in enumerate(items):
            window = [q for q in items[i:] if when[q["凭证号"]] - when[first["凭证号"]] <= timedelta(days=7)]
            if len(window) >= 2 and sum(D(q["支付金额"]) for q in window) >= MILLION:
                if all(D(q["支付金额"]) < MILLION for q in window):
                    found.update((q["凭证号"], "split_payment") for q in window)
                else:  # a window the stricter reading might still call a split: keep it out of routine data
                    found.update((q["凭证号"], "split_payment?") for q in window)
    # year-end rush: a unit's December share of its year
    totals, december = defaultdict(D), defaultdict(D)
    for p in pays:
        key = (p["付款人名称"], when[p["凭证号"]].year)
        totals[key] += D(p["支付金额"])
        if when[p["凭证号"]].month == 12:
            december[key] += D(p["支付金额"])
    for p in pays:
        key = (p["付款人名称"], when[p["凭证号"]].year)
        if when[p["凭证号"]].month == 12 and totals[key] >= 100000 and december[key] / totals[key] > D("0.30"):
            found.add((p["凭证号"], "year_end_rush"))
    return found


def same_name(name: str) -> str:
    """Names as a person reads them: half- and full-width parentheses and spaces make no difference."""
    return name.replace("(", "（").replace(")", "）").replace(" ", "").replace("\u3000", "")


def december_shares(rows) -> dict[tuple[str, int], D]:
    totals, december = defaultdict(D), defaultdict(D)
    for p in rows["payments"]:
        key = (p["付款人名称"], int(p["支付时间"][:4]))
        totals[key] += D(p["支付金额"])
        if p["支付时间"][5:7] == "12":
            december[key] += D(p["支付金额"])
    return {k: (december[k] / totals[k]).quantize(D("0.001")) for k in totals}


def check(rows: dict[str, list[dict]]) -> None:
    """The rows catch exactly the planted violations (year-end rush: every December payment of the unit)."""
    found = expected_findings(rows)
    hits = {(r["凭证号"], r["规则"]) for r in rows["planted"] if r["预期"] == "命中"}
    misses = {(r["凭证号"], r["规则"]) for r in rows["planted"] if r["预期"] == "不命中"}
    rush_units = {p["付款人名称"] for p in rows["payments"] if (p["凭证号"], "year_end_rush") in hits}
    hits |= {(p["凭证号"], "year_end_rush") for p in rows["payments"]
             if p["付款人名称"] in rush_units and p["支付时间"].startswith("2025-12")}
    extra, missing, wrong = found - hits, hits - found, found & misses
    assert not (extra or missing or wrong), {"routine rows caught": sorted(extra)[:20], "planted not caught":
                                             sorted(missing), "near-misses caught": sorted(wrong)}
    shares = december_shares(rows)
    assert shares[("钦州市司法局", 2025)] > D("0.30")
