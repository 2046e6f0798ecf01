"""The money flow of the demo fund ledger: pool, calls, arrangement plans, applications, contracts, payments, reports.

Each act is scheduled with ``at`` on its business date; ``funds.FundsLoader`` adds the Art. 19, 20,
24 and 32 stories and runs them all in date order.
"""

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.utils.translation import gettext as _

from govproj.common.money import yuan
from govproj.demo.documents import pdf
from govproj.demo.funds_data import (
    APP_BY_KEY,
    APPS,
    COUNTIES,
    LATE_REPORTS,
    MAIN_FUND,
    MISSING_REPORTS,
    NO_CONTRACTS,
    POOL_NOTE,
    SUPERVISOR,
    SUPPLIERS,
    THIRD_PARTY,
    YEARS,
    App,
)
from govproj.demo.portfolio import LIMIT, PORTFOLIO
from govproj.demo.projects import Cast
from govproj.funds import services
from govproj.funds.models import (
    Allocation,
    Application,
    Call,
    Contract,
    FundDocument,
    FundReport,
    Payment,
    PlanLine,
    SpendingPlan,
)
from govproj.orgs.models import Organisation
from govproj.projects.models import Project
from govproj.rulebook.vocabulary import FUND_MATERIALS, FUND_MATERIALS_REQUIRED
from govproj.rulebook.workdays import WorkdayCalendar

D = Decimal


def hundreds(amount) -> Decimal:
    return (Decimal(amount) / 100).quantize(D("1"), ROUND_DOWN) * 100


class FundFlow:
    """The ledger's acts from the pool to the quarterly reports, scheduled as (business date, priority, order, act)."""

    def __init__(self, cast: Cast):
        self.cast = cast
        self.calendar = WorkdayCalendar()
        specs = {s.key: s for s in PORTFOLIO}
        keys = {a.project for a in APPS} | {"a24_qinnan", "a25_sthjj", "a25_qinbei", "a24_scjgj"}
        missing = [specs[k].name for k in keys if not Project.objects.filter(name=specs[k].name).exists()]
        if missing:
            raise LookupError(_("缺少演示项目 {names}，请先载入演示项目组合。").format(names="、".join(missing)))
        self.p = {k: Project.objects.select_related("unit").get(name=specs[k].name) for k in keys}
        self.acts: list[tuple] = []
        self.apps: dict[str, Application] = {}
        self.calls: dict[int, Call] = {}
        self.contracts: dict[str, Contract] = {}
        self.records: dict[str, object] = {}
        self.serial = 0
        self.uploads = 0
        self.clamped: list[str] = []

    # ------------------------------------------------------------ helpers

    def wd(self, day: date, back: bool = False) -> date:
        step = timedelta(days=-1 if back else 1)
        while day <= LIMIT and not self.calendar.is_workday(day):  # later acts are not recorded
            day += step
        return day

    def at(self, day: date, act, prio: int = 5, optional: bool = False) -> None:
        if day > LIMIT:
            if optional:
                return
            raise AssertionError(f"demo funds act on {day} is after {LIMIT}")
        self.acts.append((day, prio, len(self.acts), act))

    def staff(self, key: str):
        return self.cast.staff(self.p[key].unit.code)

    def upload(self, key: str, kind: str) -> SimpleUploadedFile:
        self.uploads += 1
        label = str(FUND_MATERIALS.get(kind) or FundDocument.Kind(kind).label).replace("/", "、")
        body = pdf(f"{self.p[key].code} fund {kind} #{self.uploads}")
        return SimpleUploadedFile(f"{label}.pdf", body, content_type="application/pdf")
    # ------------------------------------------------------------ pool, calls, plans

    def years(self) -> None:
        cast = self.cast
        for year, cfg in YEARS.items():
            day, lines = cfg["pool"]
            for unit, kind, amount in lines:
                def pool(unit=unit, kind=kind, amount=amount, day=day, year=year):
                    org = Organisation.objects.get(code=unit)
                    note = POOL_NOTE.format(unit=org.short_name, kind={"construction": "建设资金", "equipment": "设备购置资金",
                                                                       "om": "运行维护资金"}[kind])
                    services.pool_add(by=cast.finance, year=year, unit=org, kind=kind, amount=D(amount), note=note,
                                      on=day)
                self.at(day, pool, prio=0)
            c = cfg["call"]

            def create(year=year, c=c):
                construction, equipment, om = (D(r) for r in c["ratios"])
                self.calls[year] = services.call_create(
                    by=cast.lead(c["created"]), year=year, title=f"关于申报{year}年度钦州市大数据产业发展专项资金的通知",
                    ref=c["ref"], directions=c["directions"], stage_plan=c["stage_plan"], deadline=c["deadline"],
                    construction_ratio=construction, equipment_ratio=equipment, om_ratio=om, on=c["created"])
            self.at(c["created"], create, prio=0)
            self.at(c["issued"], lambda year=year, c=c: services.call_issue(
                by=cast.lead(c["issued"]), call=self.calls[year], on=c["issued"]), prio=0)
            if c.get("closed"):
                self.at(c["closed"], lambda year=year, c=c: services.call_close(
                    by=cast.lead(c["closed"]), call=self.calls[year], on=c["closed"]), prio=0)
            for batch in cfg["batches"]:
                self.batch(year, batch)

    def batch(self, year: int, b: dict) -> None:
        cast, holder = self.cast, {}

        def create():
            holder["plan"] = plan = services.plan_create(by=cast.lead(b["created"]), year=year, on=b["created"])
            for key in b["apps"]:
                services.plan_add_line(by=cast.lead(b["created"]), plan=plan, application=self.apps[key],
                                       on=b["created"])
        self.at(b["created"], create, prio=3)
        self.at(b["submitted"], lambda: services.plan_submit(by=cast.lead(b["submitted"]), plan=holder["plan"],
                                                             on=b["submitted"]), prio=3)
        if b.get("returned"):
            returned, reason, removed, resubmitted = b["returned"]

            def send_back():
                services.plan_decide(by=cast.government, plan=holder["plan"], approve=False, reason=reason,
                                     on=returned)
                line = PlanLine.objects.get(plan=holder["plan"], application=self.apps[removed])
                services.plan_remove_line(by=cast.lead(returned), line=line, on=returned)
            self.at(returned, send_back, prio=3)
            self.at(resubmitted, lambda: services.plan_submit(by=cast.lead(resubmitted), plan=holder["plan"],
                                                              on=resubmitted), prio=3)
        if b.get("decided"):
            self.at(b["decided"], lambda: services.plan_decide(
                by=cast.government, plan=holder["plan"], approve=True, decision_ref=b["ref"], on=b["decided"]), prio=3)
        if b.get("allocated"):
            self.at(b["allocated"], lambda: services.allocate(
                by=cast.finance, plan=holder["plan"], allocation_ref=b["alloc_ref"], on=b["allocated"]), prio=3)

    def allocations(self) -> dict:
        """(project, year, kind) → (first allocation date, amount allocated by the plans)."""
        result = {}
        for year, cfg in YEARS.items():
            for b in cfg["batches"]:
                if not b.get("allocated"):
                    continue
                for key in b["apps"]:
                    a = APP_BY_KEY[key]
                    result[(a.project, year, a.kind)] = (b["allocated"], D(a.amount or a.requested))
        return result

    # ------------------------------------------------------------ applications

    def application(self, a: App) -> None:
        p, staff, cast = self.p[a.project], self.staff(a.project), self.cast
        completion = a.completion or (date(a.year, 12, 31) if a.kind == "om" else
                                      date(p.completed_on.year, 12, 31) if p.completed_on else date(a.year + 1, 12, 31))
        description = {
            "construction": "用于{name}建设：{functions}",
            "equipment": "用于{name}设备购置：前端感知设备、服务器、存储和网络安全设备的采购与安装调试。",
            "om": "用于{name} {year} 年度运行维护：驻场运维服务、软硬件维保、云资源租用和等级保护测评。",
        }[a.kind].format(name=p.name, functions=p.functions, year=a.year)

        def create():
            app = services.application_create(
                by=staff, call=self.calls[a.year], project=p, kind=a.kind, cost_basis=D(a.cost),
                requested=D(a.requested), planned_completion=completion, description=description, on=a.created)
            for kind in a.docs if a.docs is not None else FUND_MATERIALS_REQUIRED[a.kind]:
                services.application_upload(by=staff, application=app, kind=kind, upload=self.upload(a.project, kind),
                                            on=a.created)
            self.apps[a.key] = app
        self.at(a.created, create, prio=1)
        if a.submitted:
            self.at(a.submitted, lambda: services.application_submit(by=staff, application=self.apps[a.key],
                                                                     on=a.submitted), prio=1)
        if a.withdrawn:
            self.at(a.withdrawn, lambda: services.application_withdraw(by=staff, application=self.apps[a.key]),
                    prio=1)
        if a.verified:
            def verify():
                extra = {}
                if a.third_party:
                    extra = {"third_party": THIRD_PARTY, "report": self.upload(a.project, "third_party_review")}
                self.apps[a.key] = services.application_verify(
                    by=cast.lead(a.verified), application=self.apps[a.key], verified_amount=D(a.amount or a.requested),
                    note=a.note, on=a.verified, **extra)
            self.at(a.verified, verify, prio=1)

    # ------------------------------------------------------------ contracts, spending plans, payments

    def spend(self, key: str, year: int, kind: str, allocated: date, amount: Decimal) -> None:
        if (key, year, kind) in NO_CONTRACTS:
            return
        signed = self.wd(allocated + timedelta(days=15))
        if kind == "om":
            self.contract(key, year, kind, signed, amount, f"{year}年度运行维护服务合同", "YW", "单一来源采购", advance=0)
            return
        fund = MAIN_FUND.get((key, year, kind)) or hundreds(amount * D("0.95"))
        title = "设备采购合同" if kind == "equipment" else f"建设项目开发实施合同（{year}年度资金）"
        self.contract(key, year, kind, signed, fund, title, "SB" if kind == "equipment" else "JS", "公开招标",
                      advance=30)
        if kind == "construction" and amount >= D("3000000"):
            self.contract(key, year, kind, self.wd(signed + timedelta(days=7)), hundreds(amount * D("0.03")),
                          "工程监理服务合同", "JL", "竞争性磋商", advance=0, supplier=SUPERVISOR)

    def points(self, key: str, year: int, kind: str, signed: date, advance: int) -> list[tuple[date, int, str]]:
        """When the unit pays and how much (cumulative % of the contract's fund part): by the progress it reported."""
        p = self.p[key]
        if kind == "om":
            quarters = [date(year, m, 25 if m < 12 else 18) for m in (3, 6, 9, 12)]
            quarters = [self.wd(d) for d in quarters if d > signed + timedelta(days=14)]
            return [(d, round(100 * (i + 1) / len(quarters)), f"{year}年第{(d.month - 1) // 3 + 1}季度运维服务费")
                    for i, d in enumerate(quarters)]
        result, cum, last = [], 0, signed
        if advance:
            last = self.wd(signed + timedelta(days=10))
            result.append((last, advance, "合同预付款"))
            cum = advance
        reports = list(p.progress_reports.order_by("reported_on").values_list("reported_on", "percent"))
        after = signed
        for threshold in (50, 80):
            hit = next(((d, pct) for d, pct in reports if d > after and pct >= threshold), None)
            if hit and min(hit[1], 90) > cum:
                day = self.wd(max(hit[0] + timedelta(days=12), last + timedelta(days=7)))
                cum = min(hit[1], 90)
                result.append((day, cum, f"进度款（形象进度 {hit[1]}%）"))
                after, last = hit[0], day
        completed = p.events.filter(step="complete").order_by("-on").values_list("on", flat=True).first()
        if completed:
            day = self.wd(max(completed + timedelta(days=20), last + timedelta(days=7)))
            result.append((day, 95, "完工结算款"))
            last = day
        accepted = p.acceptances.filter(passed=True).values_list("concluded_on", flat=True).first()
        if accepted:
            day = self.wd(max(accepted + timedelta(days=365), last + timedelta(days=7)))
            result.append((day, 100, "质量保证金"))
        return result

    def contract(self, key, year, kind, signed, fund, title, code, procurement, advance, supplier=None,
                 supplier_shift=0) -> None:
        p = self.p[key]
        app = next(a for a in APPS if a.project == key and a.year == year and a.kind == kind)
        if kind == "om":
            amount = D(app.cost)
        else:
            share = max(D("0.5"), min(D("1"), D(app.amount or app.requested) / (D(app.cost) * D("0.9"))))
            amount = max(fund, hundreds(fund / share))
            if p.unit.code in COUNTIES:
                amount = max(amount, hundreds(fund / D("0.6")))
        supplier = supplier or SUPPLIERS[(p.pk + supplier_shift) % len(SUPPLIERS)]
        ckey = f"{key}:{year}:{kind}:{code}"
        number = f"QZ{p.unit.code.upper()}-{year}-{code}{p.pk:02d}"
        points = self.points(key, year, kind, signed, advance)
        planned, cum = [], 0
        for day, pct, _purpose in points:
            planned.append((day, (fund * (pct - cum) / 100).quantize(D("1"))))
            cum = pct
        by = self.staff(key)

        def register():
            allocation = Allocation.objects.get(fund__year=year, project=p, kind=kind)
            upload = self.upload(key, "contract") if code in ("JS", "SB", "YW") else None
            self.contracts[ckey] = services.contract_register(
                by=by, allocation=allocation, number=number, title=f"{p.name}{title}", supplier=supplier,
                amount=amount, fund_amount=fund, signed_on=signed, advance_percent=D(advance),
                procurement=procurement, upload=upload, on=signed)
            months = defaultdict(Decimal)
            for day, part in planned:
                months[day.replace(day=1) if day.year == year else date(year, 12, 1)] += part
            for month in sorted(months):
                existing = SpendingPlan.objects.filter(allocation=allocation, month=month).first()
                services.spending_plan_set(by=by, allocation=allocation, month=month,
                                           amount=(existing.amount if existing else 0) + months[month], on=signed)
        self.at(signed, register, prio=6)
        for day, pct, purpose in points:
            self.at(day, lambda day=day, pct=pct, purpose=purpose: self.pay(ckey, day, pct, purpose, by),
                    prio=7, optional=True)

    def pay(self, ckey: str, day: date, pct: int, purpose: str, by) -> None:
        contract = Contract.objects.select_related("allocation", "allocation__project").get(
            pk=self.contracts[ckey].pk)
        amount = (contract.fund_amount * pct / 100).quantize(D("0.01")) - contract.paid
        limits = services.payment_limits(contract, day)
        bound = min(v for k, v in limits.items() if k.endswith("_available"))
        if bound < amount:
            self.clamped.append(f"{contract.number} {day} {amount} → {bound}")
            amount = bound
        if amount <= 0:
            return
        self.serial += 1
        services.payment_record(by=by, contract=contract, amount=amount, paid_on=day,
                                voucher=f"GKZF{day.year}-{self.serial:05d}", purpose=purpose)

    # ------------------------------------------------------------ quarterly reports (Art. 27)

    def reports(self, allocations: dict) -> None:
        firsts = {}
        for (key, year, _kind), (day, _amount) in allocations.items():
            firsts[(key, year)] = min(day, firsts.get((key, year), day))
        for (key, year), first in firsts.items():
            quarter = (first.month - 1) // 3 + 1
            for period in [f"Q{q}" for q in range(quarter, 5)] + ["Y"]:
                if (key, year, period) in MISSING_REPORTS:
                    continue
                due = services.report_due(year, period)
                day = LATE_REPORTS.get((key, year, period)) or self.wd(due - timedelta(days=5), back=True)
                self.at(day, lambda key=key, year=year, period=period, day=day: self.report(key, year, period, day),
                        prio=8, optional=True)

    def report(self, key: str, year: int, period: str, day: date) -> None:
        p = self.p[key]
        end = date(year, 12, 31) if period in ("Y", "Q4") else date(year, int(period[1]) * 3 + 1, 1) - timedelta(days=1)
        allocs = Allocation.objects.filter(project=p, fund__year=year).aggregate(a=Sum("amount"), c=Sum("contracted"))
        used = Payment.objects.filter(contract__allocation__project=p, contract__allocation__fund__year=year,
                                      paid_on__lte=min(end, day)).aggregate(t=Sum("amount"))["t"] or D("0")
        if used:
            summary = ("截至 {end}，{year} 年度下达专项资金 {a} 元，已签合同由专项资金承担 {c} 元，累计拨付 {u} 元。"
                       "资金按合同约定、用款计划和工作进度拨付，专款专用。").format(
                end=end.isoformat(), year=year, a=yuan(allocs["a"]), c=yuan(allocs["c"]), u=yuan(used))
            problems = "部分进度款待完成阶段性验收后拨付。" if used < allocs["c"] * D("0.5") else ""
        else:
            summary = "截至 {end}，{year} 年度下达专项资金 {a} 元，尚未拨付。".format(
                end=end.isoformat(), year=year, a=yuan(allocs["a"]))
            problems = "项目尚处于立项审批阶段，资金暂未形成支出。" if not allocs["c"] else "合同已签订，首笔款项待支付。"
        report = FundReport.objects.get(project=p, year=year, period=period)
        services.report_submit(by=self.staff(key), report=report, used_amount=used, summary=summary,
                               problems=problems, on=day)
