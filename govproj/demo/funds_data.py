"""The demo fund ledger as data: each year's pool, call and arrangement plans, the applications, contracts and reports.

``funds_flow.FundFlow`` turns these into acts on their business dates; the exceptions to the
defaults (a cut, a third-party review, a late or missing report, a contract beyond the main one)
are listed here so every story of the ledger reads in one place.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

D = Decimal
COUNTIES = {"qinnan", "qinbei", "lingshan", "pubei"}
THIRD_PARTY = "钦州市演示信息咨询评估有限公司"

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
