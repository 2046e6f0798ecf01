"""The demo treasury files of payment monitoring, generated deterministically (seeded random).

``python -m govproj.demo.monitoring_files`` rewrites ``data/monitoring/``: the five files the treasury and the
agent banks would export from 预算管理一体化系统 (accounts, indicators, plans, payments, feedback) for
2025-01-02 … 2026-11-20 and 27 municipal budget units, plus ``planted.csv``, the answer key: every
violation planted on purpose (``expected=命中``) with the warning rule it breaks, and the near-misses
(``expected=不命中``) that look like one but are within the rules. Everything else is routine
spending generated so that no rule applies to it; ``monitoring_check.check()`` re-derives every rule from the
rows themselves and the generator refuses to write files whose routine rows would be caught.

Who the files are about is in ``monitoring_units``; ``monitoring_ledger`` keeps the register, the payments and
the answer key as they are made, ``monitoring_spending`` makes the routine payments and ``monitoring_planted``
the planted ones. This module fits indicators and plans to the payments and writes the files.

The files are committed as data; the generator is kept so they can be changed and re-made.
"""

import csv
import io
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

from govproj.demo.monitoring_check import check
from govproj.demo.monitoring_planted import PlantedCases
from govproj.demo.monitoring_spending import RoutineSpending
from govproj.demo.monitoring_units import BANKS, CENT, MILLION, UNITS, D, ceil_to

OUT = Path(__file__).resolve().parent / "data" / "monitoring"


class Generator(RoutineSpending, PlantedCases):
    """Routine and planted payments, then the indicators, plans and vouchers that put each one where it should be."""

    # ------------------------------------------------------------ indicators, plans, vouchers

    def finish(self) -> None:
        self.payments.sort(key=lambda p: (p.paid_at, p.unit.code, p.amount))
        per_day = defaultdict(int)
        for p in self.payments:
            per_day[p.paid_at.date()] += 1
            p.voucher = f"ZF{p.paid_at:%Y%m%d}{per_day[p.paid_at.date()]:04d}"
            if p.amount >= MILLION and not p.approval and not p.label.startswith("large_"):
                p.approval = self.approval(p.paid_at.date())
        self.labels = {p.label: p for p in self.payments if p.label}
        # the approved large payment named as a near-miss
        self.labels["large_jtysj_with_approval"] = next(
            p for p in self.payments if p.unit.code == "jtysj" and p.amount == D("2680000"))
        self.labels["travel_card_repayment"] = next(p for p in self.payments if p.pay_type == "公务卡还款")
        self.labels["canteen_registered"] = next(p for p in self.payments if p.purpose.startswith("机关食堂")
                                                 and p.payee_account == self.units["jgfwzx"].accounts["basic"])
        self.indicators, self.plans = [], []
        by_indicator = defaultdict(list)
        seq = defaultdict(int)
        codes = {}
        for p in self.payments:
            key = (p.unit.code, p.paid_at.year, p.indicator_subject)
            if key not in codes:
                seq[(p.unit.code, p.paid_at.year)] += 1
                unit_no = UNITS.index(p.unit) + 1
                codes[key] = f"{p.paid_at.year}450700{unit_no:03d}{seq[(p.unit.code, p.paid_at.year)]:03d}"
            p.indicator_code = codes[key]
            by_indicator[codes[key]].append(p)
        tight = {  # label of the payment that crosses the bound -> (kind, how)
            "over_ind_nyncj": ("indicator", "cross"), "over_ind_slj": ("indicator", "cross"),
            "over_ind_exact": ("indicator", "exact"),
            "over_plan_jyj": ("plan", "cross"), "over_plan_wjw": ("plan", "cross"), "over_plan_gaj": ("plan", "cross"),
            "over_plan_exact": ("plan", "exact"),
        }
        chosen = self.choose_tight()
        for (unit_code, year, subject), code in codes.items():
            rows = by_indicator[code]
            total = sum(p.amount for p in rows)
            unit = self.units[unit_code]
            amount = ceil_to(total * D(str(self.rng.uniform(1.15, 1.5))), 10000)
            for label, p in chosen.items():
                if tight[label][0] == "indicator" and p.indicator_code == code:
                    before = sum(q.amount for q in rows if (q.paid_at, q.voucher) < (p.paid_at, p.voucher))
                    amount = total if tight[label][1] == "exact" else before + (p.amount / 2).quantize(CENT)
                    assert p is rows[-1] or tight[label][1] == "exact"
            label = next((prog.label for prog in unit.programmes if prog.subject == subject), "基本支出（行政运行）")
            self.indicators.append({"指标编码": code, "预算单位": unit.name, "预算科目": subject, "年度": str(year),
                                    "指标金额": f"{amount:.2f}", "指标用途": f"{year}年{label}"})
            by_month = defaultdict(list)
            for p in rows:
                by_month[p.paid_at.month].append(p)
            for month, items in sorted(by_month.items()):
                plan_code = f"JH{code}{month:02d}"
                month_total = sum(p.amount for p in items)
                plan = ceil_to(month_total * D(str(self.rng.uniform(1.05, 1.3))), 1000)
                for lbl, p in chosen.items():
                    if tight[lbl][0] == "plan" and p in items:
                        before = sum(q.amount for q in items if (q.paid_at, q.voucher) < (p.paid_at, p.voucher))
                        crossing = before + (p.amount * D("0.6")).quantize(CENT)
                        plan = month_total if tight[lbl][1] == "exact" else crossing
                        assert p is items[-1] or tight[lbl][1] == "exact"
                for p in items:
                    p.plan_code = plan_code
                self.plans.append({"计划编码": plan_code, "指标编码": code, "计划月份": f"{year}-{month:02d}",
                                   "计划金额": f"{plan:.2f}"})
        self.labels.update(chosen)
        for label, (kind, how) in tight.items():
            note = {"indicator": "累计支付超过预算指标", "plan": "当月累计支付超过用款计划"}[kind]
            if how == "exact":
                self.plant(label, f"over_{kind}", note.replace("超过", "恰好等于"), expected=False)
            else:
                self.plant(label, f"over_{kind}", note)

    def choose_tight(self) -> dict:
        """The payments at which an indicator or a month's plan is made to run out."""
        def last_of(pred, group):
            """The middle one of the last payments of the groups (indicator or month) with three or more payments."""
            groups = defaultdict(list)
            for p in self.payments:
                if pred(p):
                    groups[group(p)].append(p)
            candidates = [g[-1] for g in groups.values() if len(g) >= 3 and not g[-1].label]
            return candidates[len(candidates) // 2]

        def prog(code, i):
            return self.units[code].programmes[i].subject

        return {
            "over_ind_nyncj": last_of(lambda p: p.unit.code == "nyncj" and p.paid_at.year == 2026
                                      and p.indicator_subject == prog("nyncj", 0), lambda p: p.indicator_code),
            "over_ind_slj": last_of(lambda p: p.unit.code == "slj" and p.paid_at.year == 2025
                                    and p.indicator_subject == prog("slj", 0), lambda p: p.indicator_code),
            "over_ind_exact": last_of(lambda p: p.unit.code == "zjj" and p.paid_at.year == 2025
                                      and p.indicator_subject == "2120101", lambda p: p.indicator_code),
            "over_plan_jyj": last_of(lambda p: p.unit.code == "jyj" and p.paid_at.year == 2026
                                     and p.paid_at.month in (4, 5) and p.indicator_subject == "2050101",
                                     lambda p: p.paid_at.month),
            "over_plan_wjw": last_of(lambda p: p.unit.code == "wjw" and p.paid_at.year == 2025
                                     and p.paid_at.month == 6 and p.indicator_subject == "2100101",
                                     lambda p: p.paid_at.month),
            "over_plan_gaj": last_of(lambda p: p.unit.code == "gaj" and p.paid_at.year == 2026
                                     and p.paid_at.month == 10 and p.indicator_subject == "2040201",
                                     lambda p: p.paid_at.month),
            "over_plan_exact": last_of(lambda p: p.unit.code == "mzj" and p.paid_at.year == 2025
                                       and p.paid_at.month == 3 and p.indicator_subject == "2080201",
                                       lambda p: p.paid_at.month),
        }

    # ------------------------------------------------------------ the files

    def rows(self) -> dict[str, list[dict]]:
        payments, feedback = [], []
        for p in self.payments:
            u = p.unit
            payments.append({
                "凭证号": p.voucher, "付款人名称": u.name, "付款人账号": u.accounts["zero_balance"],
                "预算指标": p.indicator_code, "用款计划": p.plan_code, "预算科目": p.subject,
                "支付时间": f"{p.paid_at:%Y-%m-%d %H:%M:%S}", "支付金额": f"{p.amount:.2f}", "支付方式": p.method,
                "支付类型": p.pay_type, "结算方式": p.settlement, "用途": p.purpose, "项目名称": p.project_name,
                "收款人名称": p.payee_name, "收款人账号": p.payee_account, "收款人开户银行": p.payee_bank,
                "大额审批单号": p.approval, "代理银行": BANKS[u.bank]})
            delay = p.feedback_delay or timedelta(minutes=self.rng.randint(3, 150), seconds=self.rng.randint(0, 59))
            amount = D(p.feedback_override.get("amount", p.amount))
            account = p.payee_account
            if p.feedback_override.get("account_digit"):
                account = account[:-3] + str((int(account[-3]) + 1) % 10) + account[-2:]
            feedback.append({
                "凭证号": p.voucher, "代理银行": BANKS[u.bank], "实际支付时间": f"{p.paid_at + delay:%Y/%m/%d %H:%M:%S}",
                "实际支付金额": f"{amount:,.2f}", "收款人名称": p.feedback_override.get("payee_name", p.payee_name),
                "收款人账号": account, "支付状态": "支付成功"})
        planted = [{"凭证号": self.labels[pl.label].voucher, "规则": pl.rule, "预期": "命中" if pl.expected else "不命中",
                    "标签": pl.label, "说明": pl.note} for pl in self.plants]
        return {"accounts": self.accounts, "indicators": self.indicators, "plans": self.plans, "payments": payments,
                "feedback": feedback, "planted": planted}

    def run(self) -> dict[str, list[dict]]:
        self.register()
        self.routine()
        self.planted()
        for i in range(4):
            self.plant(f"yer_sfj_{i}", "year_end_rush", "市司法局 2025 年 12 月支付占全年比例超过 30%")
        self.finish()
        rows = self.rows()
        check(rows)
        return rows


ENCODINGS = {"accounts": "utf-8-sig", "indicators": "utf-8-sig", "plans": "utf-8-sig", "payments": "utf-8-sig",
             "feedback": "gb18030", "planted": "utf-8-sig"}  # the agent bank's export is GBK, as banks send it


def to_csv(rows: list[dict], encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def generate() -> dict[str, bytes]:
    """The demo files, as bytes, by name (``payments.csv`` …)."""
    rows = Generator().run()
    return {f"{name}.csv": to_csv(items, ENCODINGS[name]) for name, items in rows.items()}


def main() -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govproj.settings")
    django.setup()  # the keyword lists come from ``rules``
    OUT.mkdir(parents=True, exist_ok=True)
    files = generate()
    for name, data in files.items():
        (OUT / name).write_bytes(data)
    rows = len(files["payments.csv"].decode("utf-8-sig").splitlines()) - 1
    print(f"wrote {len(files)} files to {OUT} ({rows} payments)")


if __name__ == "__main__":
    main()
