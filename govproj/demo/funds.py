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
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from govproj.common.money import yuan
from govproj.demo.accounts import DEMO_PASSWORD
from govproj.demo.documents import pdf
from govproj.demo.portfolio import LIMIT, PORTFOLIO
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
from govproj.orgs.models import Organisation
from govproj.projects import selectors as project_selectors
from govproj.projects.models import Project
from govproj.rulebook.rules import FUND_MATERIALS, FUND_MATERIALS_REQUIRED
from govproj.rulebook.workdays import WorkdayCalendar

D = Decimal
COUNTIES = {"qinnan", "qinbei", "lingshan", "pubei"}
THIRD_PARTY = "钦州市演示信息咨询评估有限公司"
LEDGER = (FundYear, PoolLine, Call, Application, FundDocument, ArrangementPlan, PlanLine, Allocation, Adjustment,
          Recovery, ContentChange, Contract, SpendingPlan, Payment, FundReport, NonCompliance, PerformanceEvaluation)

# ---------------------------------------------------------------- the years: pool, call, plans

POOL_NOTE = "统筹{unit}年度部门预算中的信息化{kind}（未签订合同部分）"
YEARS = {
    2024: {
        "pool": (date(2024, 1, 10), [("jyj", "construction", "5000000"), ("wjw", "construction", "6000000"),
                                     ("gaj", "equipment", "8000000"), ("cgj", "construction", "5000000"),
                                     ("jtysj", "construction", "6500000"), ("rsj", "equipment", "2000000"),
                                     ("sthjj", "construction", "3500000")]),
        "call": dict(created=date(2024, 3, 4), issued=date(2024, 3, 5), deadline=date(2024, 5, 31),
                     closed=date(2024, 6, 4), ref="钦发改数字〔2024〕8号", ratios=("60", "60", "100"),
                     directions="一、政务服务“一网通办”和城市运行“一网统管”重点项目；二、已列入 2024 年度建设工作方案、"
                                "已完成立项审批的在建项目；三、经市人民政府同意的专项申报项目。",
                     stage_plan="4 月 19 日前完成核定的项目列入第一批安排计划，5 月 31 日申报截止后核定的列入第二批；"
                                "经费安排计划报市人民政府审定后由市财政局下达。"),
        "batches": [
            dict(created=date(2024, 4, 25), submitted=date(2024, 4, 26), decided=date(2024, 5, 17),
                 ref="钦政阅〔2024〕21号", allocated=date(2024, 5, 24), alloc_ref="钦财建〔2024〕37号",
                 apps=["wjw24", "gaj24", "bdc24", "rsj24", "cgj24", "jyj24", "jtysj24"]),
            dict(created=date(2024, 6, 5), submitted=date(2024, 6, 7), decided=date(2024, 6, 21),
                 ref="钦政阅〔2024〕30号", allocated=date(2024, 6, 28), alloc_ref="钦财建〔2024〕52号",
                 apps=["qinnan24", "scjgj24", "sthjj24"]),
        ],
    },
    2025: {
        "pool": (date(2025, 1, 8), [("wjw", "equipment", "3000000"), ("ybj", "construction", "3000000"),
                                    ("yjj", "construction", "4000000"), ("zjj", "construction", "2000000"),
                                    ("jtysj", "construction", "2000000"), ("dsj", "om", "2000000")]),
        "call": dict(created=date(2025, 1, 13), issued=date(2025, 1, 14), deadline=date(2025, 7, 31),
                     closed=date(2025, 8, 1), ref="钦数据发〔2025〕3号", ratios=("60", "60", "80"),
                     directions="一、在建项目后续建设资金；二、已通过验收并投入运行系统的运行维护经费；"
                                "三、列入 2025 年度建设工作方案的新建项目；四、数字政府基础能力和公共数据开发利用。",
                     stage_plan="3 月 31 日前申报的项目列入第一批安排计划，7 月 31 日前申报的列入第二批；"
                                "运维经费按运维合同金额的 80% 核定。"),
        "batches": [
            dict(created=date(2025, 4, 1), submitted=date(2025, 4, 3), decided=date(2025, 5, 9),
                 ref="钦政阅〔2025〕19号", allocated=date(2025, 5, 16), alloc_ref="钦财建〔2025〕29号",
                 apps=["jtysj25", "wjw25eq", "slj25", "bdc25", "yjj25", "yjjb25"],
                 returned=(date(2025, 4, 18), "请优先保障在建项目后续资金和已运行系统的运维经费；危险化学品安全风险监测预警"
                                              "系统（一期）本年度已有自治区补助资金到位，暂缓列入本批次，调整后重新报送。",
                           "yjjb25", date(2025, 4, 25))),
            dict(created=date(2025, 8, 13), submitted=date(2025, 8, 15), decided=date(2025, 8, 29),
                 ref="钦政阅〔2025〕41号", allocated=date(2025, 9, 5), alloc_ref="钦财建〔2025〕66号",
                 apps=["yjjb25", "zjj25", "lingshan25", "ybj25", "qinbei25"]),
        ],
    },
    2026: {
        "pool": (date(2026, 1, 7), [("jyj", "construction", "3000000"), ("gaj", "construction", "5000000"),
                                    ("wjw", "construction", "2500000"), ("dsj", "om", "2500000"),
                                    ("cgj", "om", "1000000"), ("yjj", "om", "1000000")]),
        "call": dict(created=date(2026, 1, 12), issued=date(2026, 1, 13), deadline=date(2026, 11, 30),
                     ref="钦数据发〔2026〕2号", ratios=("60", "60", "80"),
                     directions="一、已投入运行信息系统的运行维护经费（须符合密码应用和网络安全要求）；二、在建项目后续建设资金；"
                                "三、经市人民政府同意的专项申报项目。",
                     stage_plan="分批核定：3 月 13 日前申报的列入第一批，9 月 30 日前申报的列入第二批，"
                                "11 月 30 日前申报的列入第三批；运维经费按运维合同金额的 80% 核定。"),
        "batches": [
            dict(created=date(2026, 3, 18), submitted=date(2026, 3, 20), decided=date(2026, 4, 3),
                 ref="钦政阅〔2026〕15号", allocated=date(2026, 4, 10), alloc_ref="钦财建〔2026〕21号",
                 apps=["jyj26", "cgj26", "wjw26", "yjj26", "bdc26", "lingshan26", "sthjj26"]),
            dict(created=date(2026, 9, 28), submitted=date(2026, 10, 9), decided=date(2026, 11, 6),
                 ref="市人民政府常务会议纪要〔2026〕38号", apps=["jyjb26", "gaj26"]),
            dict(created=date(2026, 11, 13), submitted=date(2026, 11, 17), apps=["wjwb26"]),
        ],
    },
}

# ---------------------------------------------------------------- the applications


@dataclass
class App:
    key: str
    project: str  # portfolio key
    year: int
    kind: str
    cost: str  # 核定基数: the project's approved investment, or the O&M contract
    requested: str
    created: date
    submitted: date | None = None
    verified: date | None = None
    amount: str | None = None  # verified; the request when not cut
    note: str = ""
    third_party: bool = False
    completion: date | None = None
    withdrawn: date | None = None
    docs: tuple | None = None  # materials uploaded; those the rules require by default


APPS = [
    # 2024, 钦政办规〔2023〕6号: applications after each project's 立项批复
    App("wjw24", "s23_wjw", 2024, "construction", "12160000", "4000000", date(2024, 3, 11), date(2024, 3, 18),
        date(2024, 4, 8)),
    App("gaj24", "s23_gaj", 2024, "equipment", "27170000", "6500000", date(2024, 3, 13), date(2024, 3, 20),
        date(2024, 4, 16), "5800000", "经委托第三方评审，前端高清摄像机和视频存储设备报价高于同期政府采购均价，核减 70 万元。",
        third_party=True),
    App("bdc24", "s23_bdcdjj", 2024, "construction", "3880000", "2000000", date(2024, 3, 15), date(2024, 3, 22),
        date(2024, 4, 8)),
    App("rsj24", "a24_rsj", 2024, "equipment", "3104000", "1800000", date(2024, 3, 21), date(2024, 3, 28),
        date(2024, 4, 12)),
    App("cgj24", "a24_cgj", 2024, "construction", "9310000", "5000000", date(2024, 4, 1), date(2024, 4, 8),
        date(2024, 4, 18), "4600000", "按照“过紧日子”要求，压减非急需的指挥大厅拼接屏扩容内容，核减 40 万元。"),
    App("jyj24", "a24_jyj", 2024, "construction", "5320000", "3000000", date(2024, 4, 8), date(2024, 4, 12),
        date(2024, 4, 19), completion=date(2025, 6, 30)),
    App("jtysj24", "a24_jtysj", 2024, "construction", "13870000", "6000000", date(2024, 4, 15), date(2024, 4, 19),
        date(2024, 4, 24), completion=date(2025, 9, 30)),
    App("qinnan24", "a24_qinnan", 2024, "construction", "1794500", "700000", date(2024, 4, 22), date(2024, 4, 26),
        date(2024, 5, 20), completion=date(2026, 6, 30)),
    App("scjgj24", "a24_scjgj", 2024, "construction", "3492000", "1800000", date(2024, 5, 8), date(2024, 5, 14),
        date(2024, 5, 27), "1600000", "硬件设备按政府采购协议供货价格重新测算，核减 20 万元。", completion=date(2025, 8, 31)),
    App("sthjj24", "a24_sthjj", 2024, "construction", "6175000", "3000000", date(2024, 5, 15), date(2024, 5, 22),
        date(2024, 6, 3)),
    # 2025, 钦政办规〔2024〕1号
    App("jtysj25", "a24_jtysj", 2025, "construction", "13870000", "2000000", date(2025, 2, 10), date(2025, 2, 17),
        date(2025, 3, 10), "1800000", "结合项目实际进度和 2024 年度已安排的 650 万元，核减 20 万元。",
        completion=date(2025, 12, 31)),
    App("wjw25eq", "s24_wjw", 2025, "equipment", "3800000", "2200000", date(2025, 2, 12), date(2025, 2, 19),
        date(2025, 3, 12)),
    App("yjjb25", "s24_yjj", 2025, "construction", "3298000", "1500000", date(2025, 2, 17), date(2025, 2, 24),
        date(2025, 3, 14)),
    App("slj25", "s23_slj", 2025, "om", "480000", "480000", date(2025, 2, 24), date(2025, 3, 3), date(2025, 3, 19),
        "384000", "按申报通知运维经费支持比例 80% 核定，核减 9.6 万元。"),
    App("bdc25", "s23_bdcdjj", 2025, "om", "420000", "336000", date(2025, 3, 3), date(2025, 3, 10),
        date(2025, 3, 24)),
    App("yjj25", "a25_yjj", 2025, "construction", "4500000", "2400000", date(2025, 3, 10), date(2025, 3, 17),
        date(2025, 3, 28), "2000000", "项目尚未完成立项审批，按年度可形成的支出规模核减 40 万元。",
        completion=date(2026, 6, 30)),
    App("zjj25", "a25_zjj", 2025, "construction", "2667500", "1500000", date(2025, 4, 21), date(2025, 4, 28),
        date(2025, 5, 14)),
    App("lingshan25", "a25_lingshan", 2025, "construction", "1164000", "400000", date(2025, 4, 28), date(2025, 5, 6),
        date(2025, 5, 20)),
    App("ybj25", "a25_ybj", 2025, "construction", "4560000", "2600000", date(2025, 5, 12), date(2025, 5, 19),
        date(2025, 6, 4), "2200000", "智能审核规则库部分内容可复用自治区医保信息平台已有成果，核减 40 万元。"),
    App("qinbei25", "a25_qinbei", 2025, "construction", "950600", "500000", date(2025, 5, 12), date(2025, 5, 19),
        date(2025, 6, 4)),
    App("bdcw25", "s25_bdcdjj", 2025, "construction", "2890600", "1500000", date(2025, 5, 26), date(2025, 6, 3),
        withdrawn=date(2025, 6, 10)),
    # 2026
    App("jyj26", "a24_jyj", 2026, "om", "600000", "480000", date(2026, 2, 2), date(2026, 2, 9), date(2026, 3, 2)),
    App("cgj26", "a24_cgj", 2026, "om", "900000", "720000", date(2026, 2, 3), date(2026, 2, 10), date(2026, 3, 3),
        "650000", "运维驻场人员由 4 人压减为 3 人，核减 7 万元。"),
    App("wjw26", "s24_wjw", 2026, "om", "700000", "560000", date(2026, 2, 9), date(2026, 2, 16), date(2026, 3, 5)),
    App("yjj26", "s23_yjj", 2026, "om", "800000", "640000", date(2026, 2, 10), date(2026, 2, 24), date(2026, 3, 6)),
    App("bdc26", "s23_bdcdjj", 2026, "om", "420000", "336000", date(2026, 2, 16), date(2026, 2, 26),
        date(2026, 3, 9)),
    App("lingshan26", "a25_lingshan", 2026, "construction", "1164000", "250000", date(2026, 2, 24), date(2026, 3, 3),
        date(2026, 3, 12)),
    App("sthjj26", "a24_sthjj", 2026, "construction", "6175000", "700000", date(2026, 3, 2), date(2026, 3, 9),
        date(2026, 3, 16)),
    App("slj26", "s23_slj", 2026, "om", "480000", "384000", date(2026, 5, 11), date(2026, 5, 20)),  # pending
    App("jyjb26", "s26_jyj", 2026, "construction", "3686000", "1800000", date(2026, 8, 10), date(2026, 8, 17),
        date(2026, 9, 7)),
    App("gaj26", "a25_gaj", 2026, "construction", "15960000", "6000000", date(2026, 8, 31), date(2026, 9, 7),
        date(2026, 9, 22), "5500000", "数据汇聚治理部分内容与自治区公安厅统建项目重复，核减 50 万元。",
        completion=date(2027, 12, 31)),
    App("wjwb26", "s26_wjw", 2026, "construction", "4132500", "1600000", date(2026, 11, 4), date(2026, 11, 5),
        date(2026, 11, 12), completion=date(2027, 10, 31)),
    App("xzspj26", "a24_xzspj", 2026, "om", "500000", "400000", date(2026, 11, 2), date(2026, 11, 10)),  # pending
    App("ybj26", "a25_ybj", 2026, "om", "520000", "416000", date(2026, 11, 18), docs=("construction_plan",)),  # draft
]
APP_BY_KEY = {a.key: a for a in APPS}

# ---------------------------------------------------------------- contracts beyond the default ones

SUPPLIERS = ["广西瀚云信息技术有限公司", "钦州湾智联科技有限公司", "南宁数维软件有限公司", "广西北部湾智慧城市建设有限公司",
             "桂南安防工程有限公司", "广西八桂数科信息服务有限公司", "钦州市启明网络科技有限公司"]
SUPERVISOR = "钦州市鼎信工程咨询监理有限公司"
# (project, year, kind): fund amount of the main contract, when not 95% of the allocation
MAIN_FUND = {("a24_rsj", 2024, "equipment"): D("1650000")}
NO_CONTRACTS = {("a25_yjj", 2025, "construction")}  # not started: the money goes back (盘活)
EXTRA_CONTRACTS = [  # after an approved adjustment
    dict(project="a24_jtysj", year=2024, kind="construction", signed=date(2024, 11, 11), fund=D("480000"),
         title="港口集疏运监测接口扩展开发合同", procurement="竞争性磋商"),
    dict(project="a25_ybj", year=2025, kind="construction", signed=date(2025, 11, 10), fund=D("480000"),
         title="医保基金智能监管规则库扩展开发合同", procurement="竞争性磋商"),
]

# ---------------------------------------------------------------- reports that are not on time

LATE_REPORTS = {("a24_scjgj", 2024, "Q4"): date(2025, 2, 18)}
MISSING_REPORTS = {("a25_qinbei", 2025, "Q4"), ("a25_qinbei", 2025, "Y"), ("s23_yjj", 2026, "Q3"),
                   ("a24_cgj", 2026, "Q3")}


def hundreds(amount) -> Decimal:
    return (Decimal(amount) / 100).quantize(D("1"), ROUND_DOWN) * 100


class FundsLoader:
    """Schedules every act as (business date, priority, order, act), then runs them in that order."""

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
