"""The demo fund ledger for ``make demo``: the special fund of 2024–2026 kept through the real services.

Loaded after the demo portfolio (``govproj.demo.projects``) and on its projects: every pool line,
call, application, verification, arrangement plan, allocation, contract, spending plan, payment,
report, adjustment, recovery, content change, security finding and evaluation is made by
``services`` with its business date (``on=``), as people would do it in the browser. Acts run in
business-date order, so each project's timeline and the audit log read chronologically.

The stories: the 2024 fund under 钦政办规〔2023〕6号 (calls and plans by 市发展改革委), the 2025
and 2026 funds under 〔2024〕1号 (by 市大数据发展局); verification cuts with their reasons and a
third-party review; a 2025 plan sent back by the government and resubmitted; a 2026 batch
approved but not yet allocated and another awaiting approval; applications still pending, one
draft and one withdrawn; an approved amount change, an approved transfer, a rejected and a
pending addition; money of a project not started 盘活 and a surplus returned; the four Article 20
paths; a 网信办 finding still open on a system in operation and a 公安局 finding lifted; three
evaluations concluded (one unqualified) and one open; quarterly reports on time, one late and a
few overdue as of late November 2026.

The ledger's data is in ``funds_data`` and its money flow (pool to quarterly reports) in
``funds_flow``; this module adds the Art. 19, 20, 24 and 32 stories and runs every act.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from govproj.demo.accounts import DEMO_PASSWORD
from govproj.demo.funds_data import APPS, EXTRA_CONTRACTS, YEARS
from govproj.demo.funds_flow import FundFlow
from govproj.demo.projects import Cast
from govproj.funds import services
from govproj.funds.models import (
    Adjustment,
    Allocation,
    Application,
    ArrangementPlan,
    Call,
    ContentChange,
    Contract,
    FundDocument,
    FundReport,
    FundYear,
    NonCompliance,
    Payment,
    PerformanceEvaluation,
    PlanLine,
    PoolLine,
    Recovery,
    SpendingPlan,
)
from govproj.projects import selectors as project_selectors

D = Decimal
LEDGER = (FundYear, PoolLine, Call, Application, FundDocument, ArrangementPlan, PlanLine, Allocation, Adjustment,
          Recovery, ContentChange, Contract, SpendingPlan, Payment, FundReport, NonCompliance, PerformanceEvaluation)


class FundsLoader(FundFlow):
    """Schedules every act as (business date, priority, order, act), then runs them in that order."""

    def run(self) -> None:
        self.years()
        for app in APPS:
            self.application(app)
        allocations = self.allocations()
        for (key, year, kind), (day, amount) in sorted(allocations.items(), key=lambda i: i[1][0]):
            self.spend(key, year, kind, day, amount)
        for extra in EXTRA_CONTRACTS:
            self.contract(extra["project"], extra["year"], extra["kind"], extra["signed"], extra["fund"],
                          extra["title"], "RB", extra["procurement"], advance=0, supplier_shift=3)
        self.reports(allocations)
        self.adjustments()
        self.recoveries()
        self.content_changes()
        self.findings()
        self.evaluations()
        for _day, _prio, _n, act in sorted(self.acts, key=lambda a: a[:3]):
            act()

    # ------------------------------------------------------------ Art. 19: adjustments and recoveries

    def adjustments(self) -> None:
        cast, gov = self.cast, self.cast.government

        def change():
            day = date(2024, 10, 14)
            adj = services.adjustment_request(
                by=cast.lead(day), year=2024, change="change", project=self.p["a24_jtysj"], kind="construction",
                amount=D("6500000"), on=day,
                reason="交通运输部调整“两客一危”监管数据对接标准，须新增港口集疏运监测接口，经市发展改革委会同市财政局研究，"
                       "提请将项目 2024 年度资金额度由 600 万元调整为 650 万元。")
            self.records["change"] = adj
        self.at(date(2024, 10, 14), change)
        self.at(date(2024, 10, 25), lambda: services.adjustment_decide(
            by=gov, adjustment=self.records["change"], approve=True, decision_ref="钦政阅〔2024〕56号",
            note="同意调整。", on=date(2024, 10, 25)))

        def transfer():
            day = date(2025, 10, 13)
            source = Allocation.objects.get(fund__year=2025, project=self.p["a25_yjj"], kind="construction")
            self.records["transfer"] = services.adjustment_request(
                by=cast.lead(day), year=2025, change="transfer", project=self.p["a25_ybj"], kind="construction",
                source=source, amount=D("500000"), on=day,
                reason="森林防火智能监测预警系统因信创产品适配论证尚未完成立项审批，年内无法形成支出；医保智能监管系统按国家医保局"
                       "要求须于年底前上线智能审核规则扩展，提请将 50 万元调剂使用。")
        self.at(date(2025, 10, 13), transfer)
        self.at(date(2025, 10, 24), lambda: services.adjustment_decide(
            by=gov, adjustment=self.records["transfer"], approve=True, decision_ref="钦政阅〔2025〕47号",
            note="同意在 2025 年度项目资金计划内调剂使用。", on=date(2025, 10, 24)))

        def rejected():
            day = date(2025, 11, 3)
            self.records["rejected"] = services.adjustment_request(
                by=cast.finance, year=2025, change="add", project=self.p["a25_zjj"], kind="construction",
                amount=D("300000"), on=day, reason="建设单位提出新增塔吊安全监测点位 40 个，申请新增项目资金。")
        self.at(date(2025, 11, 3), rejected)
        self.at(date(2025, 11, 14), lambda: services.adjustment_decide(
            by=gov, adjustment=self.records["rejected"], approve=False, on=date(2025, 11, 14),
            note="新增内容不属于必须在年内实施的特殊情况，请纳入下一年度经费申报统筹考虑。"))

        def pending():
            day = date(2026, 11, 9)
            services.adjustment_request(
                by=cast.lead(day), year=2026, change="add", project=self.p["a25_qinbei"], kind="construction",
                amount=D("200000"), on=day,
                reason="经批准调整的初步设计新增网格事件智能分拨模块，原安排资金不足，申请新增项目资金 20 万元。")
        self.at(date(2026, 11, 9), pending)

    def recoveries(self) -> None:
        finance = self.cast.finance
        self.at(date(2025, 4, 14), lambda: services.recover(
            by=finance, allocation=Allocation.objects.get(fund__year=2024, project=self.p["a24_rsj"], kind="equipment"),
            reason=Recovery.Reason.SURPLUS, amount=D("150000"), ref="钦财预〔2025〕12号", on=date(2025, 4, 14),
            note="项目已通过验收，设备采购合同结算后结余 15 万元，收回总预算。"))
        self.at(date(2026, 3, 16), lambda: services.recover(
            by=finance, allocation=Allocation.objects.get(fund__year=2025, project=self.p["a25_yjj"],
                                                          kind="construction"),
            reason=Recovery.Reason.NOT_STARTED, amount=D("1500000"), ref="钦财预〔2026〕9号", on=date(2026, 3, 16),
            note="项目已纳入 2025 年度资金计划，但截至年底尚未完成立项审批、未实施，剩余资金按规定盘活统筹使用。"))

    # ------------------------------------------------------------ Art. 20 content changes

    def content_changes(self) -> None:
        cast = self.cast

        def found():
            day = date(2025, 8, 20)
            services.content_change_found(by=cast.lead(day), project=self.p["a24_qinnan"], on=day, description=(
                "现场检查发现，建设单位未按第二十条规定办理调整手续，擅自将批复的居家养老服务模块替换为社区团购便民服务模块。"))
        self.at(date(2025, 8, 20), found)
        self.at(date(2025, 12, 8), lambda: services.content_change_request(
            by=self.staff("a25_lingshan"), project=self.p["a25_lingshan"], new_total=D("1164000"),
            adjusted_amount=D("96000"), goals_unchanged=True, reason="2", on=date(2025, 12, 8),
            description="根据荔枝病虫害防控需要，将 12 套土壤墒情传感器调整为虫情测报灯和孢子捕捉仪，优化监测方案。"))

        def redesign():
            self.records["redesign"] = services.content_change_request(
                by=self.staff("a25_qinbei"), project=self.p["a25_qinbei"], new_total=D("950600"),
                adjusted_amount=D("200000"), goals_unchanged=True, reason="1", on=date(2026, 3, 9),
                description="按区委、区政府关于深化网格化服务管理的部署，将重点人员服务管理模块调整为网格事件智能分拨模块。")
        self.at(date(2026, 3, 9), redesign)

        def approve():
            day = date(2026, 3, 27)
            approver = project_selectors.approver_for(self.p["a25_qinbei"], day)
            services.content_change_decide(by=cast.of(approver.code), change=self.records["redesign"], approve=True,
                                           ref="钦数据审〔2026〕14号", note="同意按重新编报的初步设计方案实施。", on=day)
        self.at(date(2026, 3, 27), approve)
        self.at(date(2026, 10, 19), lambda: services.content_change_request(
            by=self.staff("a24_scjgj"), project=self.p["a24_scjgj"], new_total=D("3492000"),
            adjusted_amount=D("620000"), goals_unchanged=True, reason="3", on=date(2026, 10, 19),
            description="在已批复建设规划框架下，将“互联网+明厨亮灶”前端设备由校园食堂扩展至养老机构食堂，相应压减农贸市场快检设备。"))
        self.at(date(2026, 11, 4), lambda: services.content_change_request(
            by=self.staff("a25_sthjj"), project=self.p["a25_sthjj"], new_total=D("640000"),
            adjusted_amount=D("155000"), goals_unchanged=True, reason="1", on=date(2026, 11, 4),
            description="按市委、市人民政府茅尾海综合整治部署，新增 6 个入海排污口在线监测点位，调整后总投资超出概算。"))

    # ------------------------------------------------------------ Art. 32 security findings

    def findings(self) -> None:
        gaj, wxb = self.cast.of("gaj"), self.cast.of("wxb")

        def hazard():
            self.records["hazard"] = services.noncompliance_record(
                by=gaj, project=self.p["s23_bdcdjj"], kind=NonCompliance.Kind.HAZARD, ref="钦公网安〔2025〕31号",
                on=date(2025, 9, 10),
                description="网络安全检查发现系统存在弱口令和未修复的高危漏洞 3 个，互联网区与政务外网边界访问控制策略缺失。")
        self.at(date(2025, 9, 10), hazard)
        self.at(date(2025, 11, 20), lambda: services.noncompliance_resolve(
            by=gaj, finding=self.records["hazard"], on=date(2025, 11, 20),
            resolution="经复核，弱口令已全部整改，高危漏洞已修复，边界访问控制策略已部署，同意解除认定。"))
        self.at(date(2026, 6, 15), lambda: services.noncompliance_record(
            by=wxb, project=self.p["s23_slj"], kind=NonCompliance.Kind.CRYPTO, ref="钦网信函〔2026〕17号",
            on=date(2026, 6, 15),
            description="密码应用安全性评估未通过：重要数据传输未采用商用密码保护，身份鉴别未使用符合要求的密码技术。"))

    # ------------------------------------------------------------ Art. 24 performance evaluations

    def evaluations(self) -> None:
        finance = self.cast.finance
        plan = [  # project, year, opened, concluded, how
            ("a24_jyj", 2024, date(2025, 3, 10), date(2025, 4, 18), "qualified"),
            ("a24_jtysj", 2025, date(2026, 3, 9), date(2026, 4, 17), "dismissed"),
            ("a24_scjgj", 2025, date(2026, 3, 9), date(2026, 4, 24), "unqualified"),
            ("a24_qinnan", 2025, date(2026, 11, 16), None, None),
        ]
        for key, year, opened, concluded, how in plan:
            def open_(key=key, year=year, opened=opened):
                self.records[f"ev:{key}"] = services.evaluation_open(by=finance, project=self.p[key], year=year,
                                                                   on=opened)
            self.at(opened, open_)
            if concluded:
                self.at(concluded, lambda key=key, concluded=concluded, how=how: self.conclude(key, concluded, how))

    def conclude(self, key: str, on: date, how: str) -> None:
        ev = self.records[f"ev:{key}"]
        detected = [f["ground"] for f in ev.detected]
        if how == "unqualified":
            ev = services.evaluation_conclude(
                by=self.cast.finance, evaluation=ev, confirmed=detected, on=on, conclusion=(
                    "项目计划于 2025 年 8 月底完成建设，截至评价时形象进度仍为 80%，承建单位驻场力量不足，"
                    "经现场检查督促后仍未按计划完成建设任务，且无合理原因。评价为不合格，按规定暂停安排该单位新增项目资金。"))
            assert ev.result == PerformanceEvaluation.Result.UNQUALIFIED, ev.detected
        elif how == "dismissed":
            ev = services.evaluation_conclude(
                by=self.cast.finance, evaluation=ev, confirmed=[], on=on,
                dismissed_reason="项目于 2026 年 1 月 20 日完工，较计划延后 20 天，系密码应用安全性评估机构排期所致，属合理原因。",
                conclusion="项目资金使用规范，资金使用情况报告按期报送，建设任务基本按计划完成，评价为合格。")
            assert ev.result == PerformanceEvaluation.Result.QUALIFIED
        else:
            ev = services.evaluation_conclude(
                by=self.cast.finance, evaluation=ev, confirmed=[], on=on,
                conclusion="项目资金按合同和进度拨付，季度资金使用情况和进度表按期报送，年度建设任务按计划完成，评价为合格。")
            assert ev.result == PerformanceEvaluation.Result.QUALIFIED


def load_demo_funds(*, stdout=None) -> int:
    """Create the demo fund ledger through the services; returns how many records (0 when it is already there)."""
    titles = [f"关于申报{year}年度钦州市大数据产业发展专项资金的通知" for year in YEARS]
    if Call.objects.filter(title__in=titles).exists():
        if stdout is not None:
            stdout.write(_("演示资金台账已存在，未重复载入。"))
        return 0
    before = sum(model.objects.count() for model in LEDGER)
    with transaction.atomic():
        loader = FundsLoader(Cast(DEMO_PASSWORD))
        loader.run()
    created = sum(model.objects.count() for model in LEDGER) - before
    if stdout is not None:
        stdout.write(_("已载入演示资金台账：{years} 个年度，经费申请 {apps} 项，资金下达 {allocs} 笔，合同 {contracts} 份，"
                       "拨付 {payments} 笔，资金使用报告 {reports} 份（共 {n} 条记录）。").format(
            years=FundYear.objects.count(), apps=Application.objects.count(), allocs=Allocation.objects.count(),
            contracts=Contract.objects.count(), payments=Payment.objects.count(),
            reports=FundReport.objects.filter(submitted_on__isnull=False).count(), n=created))
    return created
