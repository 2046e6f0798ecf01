"""The demo portfolio for ``make demo``: 66 projects walked through the real services.

Every project is created and moved by ``services`` exactly as people would do it in the browser,
each act dated (``on=``) in the past, so the timeline, deadlines, opinions, plans, notifications
and the audit chain are what the platform itself records. The portfolio stands as of late
November 2026 and covers every state of ``states.State`` at least twice, both rulebook versions
(钦政办规〔2023〕6号 until 2024-12-05, 〔2024〕1号 from 2024-12-06), both declaration types,
plan years 2023–2027, 22 units and the stories a reviewer wants to see: a returned approval
item, an approved 信创 exception, a failed acceptance followed by a pass, an approved
postponement, a late acceptance application, inspections with and without rectification (one
overdue), the 2026 plan sent back by the government and resubmitted.

All acts run in business-date order across the whole portfolio (a small scheduler over one
generator per project), so the audit log and every timeline read chronologically.
"""

import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from govproj.accounts.models import User
from govproj.accounts.services import role_grant, user_create
from govproj.common import money
from govproj.common.roles import Role
from govproj.demo.accounts import DEMO_PASSWORD
from govproj.orgs.models import Organisation
from govproj.projects import selectors, services
from govproj.projects.deadlines import add_months
from govproj.projects.models import (
    AcceptanceAttempt,
    AnnualPlan,
    ApprovalItemKind,
    AttachmentKind,
    Conclusion,
    OpinionKind,
    PlanEntry,
    Project,
)
from govproj.projects.states import State
from govproj.rulebook.versions import version_on
from govproj.rulebook.workdays import WorkdayCalendar

D = date
LIMIT = D(2026, 11, 20)  # the last business date the demo records (the calendar ends with 2026)
SWITCH = D(2024, 12, 6)  # 钦政办规〔2024〕1号 in force

# ---------------------------------------------------------------- people

# Who answers for an organisation: the demo_setup accounts plus the member departments created here.
ORG_USER = {"fgw": "fgw_approve", "dsj": "dsj_review", "czj": "czj_finance", "bmj": "bmj_secrecy",
            "wxb": "wxb_member", "kjj": "kjj_member", "gaj": "gaj_member", "gxj": "gxj_member",
            "zjj": "zjj_member"}
MEMBERS = {"kjj": "林志远", "gaj": "邓海峰", "gxj": "潘晓东", "zjj": "赵明辉"}
STAFF = {  # one 信息化专干 per unit besides jyj (jyj_staff comes from demo_setup)
    "gaj": "黄振宇", "wjw": "李秀梅", "ybj": "韦丽娟", "zjj": "陆家豪", "jtysj": "宁国栋", "nyncj": "劳春燕",
    "sthjj": "冯志刚", "rsj": "谢晓燕", "mzj": "梁美玲", "yjj": "庞建华", "scjgj": "何俊杰", "qinnan": "陈思远",
    "qinbei": "蒙海波", "lingshan": "钟丽萍", "pubei": "甘振林", "dsj": "覃子涵", "bdcdjj": "黎文斌", "cgj": "卢伟",
    "xzspj": "吴婷婷", "rx12345": "杨光", "slj": "苏海明",
}
REQUIRED_USERS = ("jyj_staff", "dsj_review", "fgw_approve", "wxb_member", "expert_demo", "czj_finance",
                  "bmj_secrecy", "szf_gov")


class Cast:
    """The people who act in the demo, looked up once (their role grants are cached on the objects)."""

    def __init__(self, password: str):
        missing = [u for u in REQUIRED_USERS if not User.objects.filter(username=u).exists()]
        if missing:
            raise LookupError(_("缺少演示账户 {users}，请先运行 govproj demo_setup。").format(users="、".join(missing)))
        orgs = {o.code: o for o in Organisation.objects.filter(code__in=[*STAFF, *MEMBERS])}
        for code, name in STAFF.items():
            self._ensure(f"{code}_staff", name, orgs[code], "信息化专干", Role.UNIT_STAFF, password)
        for code, name in MEMBERS.items():
            self._ensure(f"{code}_member", name, orgs[code], "评估联络员", Role.MEMBER_DEPT, password)
        self.users = {u.username: u for u in User.objects.select_related("organisation")}
        self.expert, self.finance = self.users["expert_demo"], self.users["czj_finance"]
        self.secrecy, self.government = self.users["bmj_secrecy"], self.users["szf_gov"]

    @staticmethod
    def _ensure(username, full_name, organisation, title, role, password):
        if User.objects.filter(username=username).exists():
            return
        user = user_create(by=None, username=username, password=password, full_name=full_name,
                           organisation=organisation, title=title)
        role_grant(by=None, user=user, role=role)

    def staff(self, unit: str) -> User:
        return self.users[f"{unit}_staff"]

    def of(self, org_code: str) -> User:
        """The person who reviews, approves or gives opinions for ``org_code``."""
        return self.users[ORG_USER[org_code]]

    def lead(self, on: date) -> User:
        return self.of(version_on(on).lead_department)


# ---------------------------------------------------------------- the portfolio

@dataclass
class Spec:
    key: str
    unit: str
    name: str
    category: str
    kind: str  # annual | special
    year: int
    amount: str
    target: str
    declared: date | None
    content: str
    functions: str
    build: str = "new"
    funds: tuple = (0, 0, 1, 0)  # shares of central, region, municipal, other funds
    flags: dict = field(default_factory=dict)  # further Project fields
    evaluated: tuple | None = None  # annual: (start_evaluation, conclusion)
    outcome: str = "pass"
    planned: date | None = None  # annual: added to the plan
    priority: str = PlanEntry.Priority.IMPORTANT
    override: str = ""
    opinions: tuple = ()  # special: the days the two departments answer
    special_on: date | None = None  # special: sent to the government
    gov: date | None = None  # special: government decision
    start: date | None = None  # start_approval
    months: int = 10  # construction period
    story: dict = field(default_factory=dict)


COUNTY = (0, 0, Decimal("0.4"), Decimal("0.6"))
REGION = (0, Decimal("0.3"), Decimal("0.7"), 0)
CENTRAL = (Decimal("0.7"), Decimal("0.3"), 0, 0)
URGENT, IMPORTANT, NORMAL = PlanEntry.Priority.URGENT, PlanEntry.Priority.IMPORTANT, PlanEntry.Priority.NORMAL

PORTFOLIO = [
    # ------------------------------------------------ special declarations of 2023 (钦政办规〔2023〕6号)
    Spec("s23_slj", "slj", "钦州市防汛抗旱指挥决策支持系统", "smart_app", "special", 2023, "2950000", State.OPERATING,
         D(2023, 7, 3), "汇聚水雨情、工情、险情数据，建设防汛抗旱“四预”（预报、预警、预演、预案）指挥决策支持系统。",
         "水雨情实时监测；洪水预报预警；调度预案管理；会商决策“一张图”；移动巡查。",
         flags={"urgent_major": True}, opinions=(D(2023, 7, 12), D(2023, 7, 14)), special_on=D(2023, 7, 18),
         gov=D(2023, 7, 28), start=D(2023, 8, 7), months=8),
    Spec("s23_yjj", "yjj", "钦州市应急指挥综合平台（一期）", "smart_app", "special", 2023, "8600000", State.OPERATING,
         D(2023, 7, 10), "建设市级应急指挥中心业务用房及综合应用平台，实现与自治区应急管理厅、各县区应急指挥系统互联互通。",
         "监测预警；指挥调度；应急资源管理；融合通信；值班值守；辅助决策。",
         flags={"new_civil_works": True}, opinions=(D(2023, 7, 21), D(2023, 7, 26)), special_on=D(2023, 7, 31),
         gov=D(2023, 8, 11), start=D(2023, 8, 21), months=9),
    Spec("s23_wjw", "wjw", "钦州市全民健康信息平台升级改造", "egov", "special", 2023, "12800000", State.ARCHIVED,
         D(2023, 8, 14), "升级市级全民健康信息平台，完善电子健康档案、电子病历共享调阅和检查检验结果互认。",
         "电子健康档案；电子病历共享；检查检验结果互认；卫生健康统计直报；医疗服务监管。",
         build="upgrade", funds=REGION, opinions=(D(2023, 8, 24), D(2023, 8, 29)), special_on=D(2023, 9, 4),
         gov=D(2023, 9, 15), start=D(2023, 9, 25), months=12),
    Spec("s23_gaj", "gaj", "钦州市“雪亮工程”视频监控联网共享平台扩容", "smart_app", "special", 2023, "28600000",
         State.ARCHIVED, D(2023, 9, 4),
         "扩容市级公共安全视频监控联网共享平台，新增接入重点公共区域视频点位 3200 路，实现全市视频资源统一汇聚、分级共享。",
         "视频资源汇聚；分级共享交换；视频智能解析；运维管理；共享服务门户。",
         build="expand", funds=REGION, flags={"network": "both"}, opinions=(D(2023, 9, 13), D(2023, 9, 18)),
         special_on=D(2023, 9, 22), gov=D(2023, 10, 13), start=D(2023, 10, 23), months=7,
         story={"fail_first": 3, "fail_reason": "部分区县视频点位未按合同接入，系统压力测试未达到设计指标，验收不通过，限期整改后重新申请验收。"}),
    Spec("s23_bdcdjj", "bdcdjj", "钦州市不动产登记“一窗受理”集成服务平台", "egov", "special", 2023, "4000000",
         State.OPERATING, D(2023, 10, 9),
         "建设不动产登记、交易和缴税“一窗受理、并行办理”集成服务平台，对接税务、住建、公安等部门数据。",
         "一窗受理；网上预约；电子证照；税费一体缴纳；“带押过户”；数据共享交换。",
         opinions=(D(2023, 10, 18), D(2023, 10, 20)), special_on=D(2023, 10, 26), gov=D(2023, 11, 10),
         start=D(2023, 11, 20), months=9),
    Spec("s23_rx12345", "rx12345", "钦州市12345政务服务便民热线智能化升级", "egov", "special", 2023, "2680000",
         State.ARCHIVED, D(2023, 11, 6), "升级 12345 热线平台，建设智能语音导航、智能派单和热线数据分析功能。",
         "智能语音导航；工单智能分派；知识库；热线数据分析；回访评价。",
         build="upgrade", opinions=(D(2023, 11, 15), D(2023, 11, 17)), special_on=D(2023, 11, 23),
         gov=D(2023, 12, 8), start=D(2023, 12, 18), months=10, story={"mode": AcceptanceAttempt.Mode.THIRD_PARTY}),

    # ------------------------------------------------ annual declarations for 2024 (declared 2023, evaluated by 市发展改革委)
    Spec("a24_jyj", "jyj", "钦州市智慧教育云平台（一期）", "egov", "annual", 2024, "5600000", State.OPERATING, D(2023, 7, 17),
         "建设全市统一的教育资源公共服务平台和教育管理公共服务平台，覆盖全市中小学校。",
         "优质教育资源共享；网络教研；学生综合素质评价；教育管理决策分析；统一身份认证。",
         evaluated=(D(2023, 10, 9), D(2023, 11, 6)), planned=D(2023, 11, 13), priority=URGENT,
         start=D(2024, 1, 8), months=12, story={"expert": True}),
    Spec("a24_cgj", "cgj", "钦州市城市运行管理服务平台", "smart_app", "annual", 2024, "9800000", State.OPERATING,
         D(2023, 8, 21), "按照国家城市运行管理服务平台建设指南，建设市级城市运行管理服务平台并与自治区平台联网。",
         "业务指导；监督检查；监测分析；综合评价；决策建议；数据交换。",
         flags={"in_national_or_region_plan": True}, evaluated=(D(2023, 10, 9), D(2023, 11, 7)),
         planned=D(2023, 11, 14), priority=URGENT, start=D(2024, 1, 15), months=11),
    Spec("a24_rsj", "rsj", "钦州市人社一体化公共服务平台（社保卡“一卡通”应用）", "egov", "annual", 2024, "3200000",
         State.ARCHIVED, D(2023, 9, 4), "拓展社会保障卡在就医购药、交通出行、文化旅游等领域的“一卡通”应用。",
         "社保卡线上服务；居民服务“一卡通”；待遇资格认证；数据共享接口。",
         build="upgrade", evaluated=(D(2023, 10, 10), D(2023, 11, 8)), planned=D(2023, 11, 15),
         start=D(2024, 1, 22), months=9),
    Spec("a24_sthjj", "sthjj", "钦州市生态环境监测监控平台", "smart_app", "annual", 2024, "6500000", State.ACCEPTED,
         D(2023, 9, 11), "整合大气、水、土壤、海洋环境监测数据，建设生态环境监测监控“一张图”。",
         "环境质量监测；污染源在线监控；预警分析；执法联动；信息公开。",
         evaluated=(D(2023, 10, 10), D(2023, 11, 8)), planned=D(2023, 11, 15), start=D(2024, 2, 19), months=26),
    Spec("a24_xzspj", "xzspj", "钦州市政务服务“一网通办”能力提升工程", "egov", "annual", 2024, "7200000",
         State.ACCEPTED, D(2023, 9, 18), "提升市级政务服务平台“一网通办”能力，推进高频事项“掌上办”“跨省通办”。",
         "统一受理；电子证照应用；“跨省通办”专区；好差评；政务服务移动端。",
         build="upgrade", evaluated=(D(2023, 10, 11), D(2023, 11, 9)), planned=D(2023, 11, 16), priority=URGENT,
         start=D(2024, 1, 29), months=26, story={"return_item": True}),
    Spec("a24_qinnan", "qinnan", "钦南区智慧社区综合服务平台", "smart_app", "annual", 2024, "1850000", State.ACCEPTING,
         D(2023, 9, 25), "在钦南区 12 个城市社区建设智慧社区综合服务平台，整合社区治理和便民服务。",
         "网格化管理；社区人口信息；便民服务；居家养老服务；社区安防。",
         funds=COUNTY, evaluated=(D(2023, 10, 11), D(2023, 11, 9)), planned=D(2023, 11, 16), priority=NORMAL,
         start=D(2024, 3, 4), months=28),
    Spec("a24_mzj", "mzj", "钦州市智慧养老服务平台", "smart_app", "annual", 2024, "2400000", State.TERMINATED,
         D(2023, 8, 28), "建设市级智慧养老服务平台，汇聚养老机构、居家社区养老服务数据。",
         "养老机构监管；居家养老服务；老年人能力评估；养老补贴发放。",
         evaluated=(D(2023, 10, 12), D(2023, 11, 10)), planned=D(2023, 11, 17), start=D(2024, 2, 26), months=12,
         story={"terminate": {"on": D(2024, 11, 15), "reason": (
             "自治区民政厅统一建设全区养老服务信息平台并延伸至市县，本项目剩余建设内容与之重复，"
             "经研究终止建设，已建成部分并入自治区平台使用。")}}),
    Spec("a24_pubei", "pubei", "浦北县智慧农业大数据平台", "smart_app", "annual", 2024, "1380000",
         State.ACCEPTANCE_APPLIED, D(2023, 10, 16), "建设浦北县农业大数据平台，对百香果、红椎菌等特色产业种植基地开展物联网监测。",
         "农业物联网监测；特色产业“一张图”；农产品质量追溯；农技服务。",
         funds=COUNTY, evaluated=(D(2023, 10, 23), D(2023, 11, 13)), planned=D(2023, 11, 20),
         override="该项目已列入自治区 2024 年数字乡村建设试点，建设时限紧迫，经牵头部门研究同意逾期列入年度工作方案。",
         start=D(2024, 3, 11), months=22, story={"late_apply": True}),
    Spec("a24_jtysj", "jtysj", "钦州市交通运输综合监测调度平台", "smart_app", "annual", 2024, "14600000", State.COMPLETED,
         D(2023, 7, 24), "建设交通运输运行监测、应急调度和行业监管综合平台，接入港口、道路运输和城市公交数据。",
         "运行监测；应急指挥调度；“两客一危”监管；港口集疏运监测；出行信息服务。",
         funds=REGION, evaluated=(D(2023, 10, 9), D(2023, 11, 6)), planned=D(2023, 11, 13), priority=URGENT,
         start=D(2024, 1, 15), months=20, story={"expert": True, "postpone": {
             "on": D(2026, 6, 22), "until": D(2026, 12, 31),
             "reason": "密码应用安全性评估由第三方机构排期，预计 2026 年 11 月出具报告，无法在建成后 6 个月内申请验收。"}}),
    Spec("a24_scjgj", "scjgj", "钦州市食品安全智慧监管追溯平台", "smart_app", "annual", 2024, "3600000",
         State.CONSTRUCTING, D(2023, 9, 20), "建设食品安全智慧监管追溯平台，覆盖进口冷链食品、校园食堂和农贸市场。",
         "食品生产经营主体档案；进口冷链食品追溯；“互联网+明厨亮灶”；抽检监测；风险预警。",
         evaluated=(D(2023, 10, 12), D(2023, 11, 10)), planned=D(2023, 11, 17), start=D(2024, 3, 18), months=14,
         story={"cap": 80, "inspections": [
             {"on": D(2025, 9, 16), "due": D(2025, 10, 31), "rectified": D(2025, 10, 28),
              "findings": "项目实际进度较计划滞后约 8 个月，承建单位驻场人员不足，未按月报送进度表。",
              "rectification": "已督促承建单位增派 4 名驻场工程师，建立周例会和月度进度报送制度。"},
             {"on": D(2026, 9, 22), "due": D(2026, 10, 30),
              "findings": "仍有 37 家冷链食品经营企业数据未接入追溯平台，系统等级保护测评尚未开展。"}]}),

    # ------------------------------------------------ annual declarations for 2025 (declared 2024, 2023 measures)
    Spec("a25_ybj", "ybj", "钦州市医保智能监管系统", "egov", "annual", 2025, "4800000", State.ARCHIVED, D(2024, 5, 13),
         "建设医保基金智能监管系统，实现定点医药机构诊疗、结算行为事前提醒、事中审核、事后监管。",
         "智能审核规则库；事前提醒；事中审核；事后稽核；医保基金运行分析。",
         evaluated=(D(2024, 10, 14), D(2024, 11, 11)), planned=D(2024, 11, 18), priority=URGENT,
         start=D(2025, 2, 10), months=8),
    Spec("a25_wjw", "wjw", "钦州市“互联网+医疗健康”便民服务平台", "smart_app", "annual", 2025, "5200000",
         State.ACCEPTING, D(2024, 6, 17), "建设全市统一的“互联网+医疗健康”便民服务平台，提供预约挂号、检查检验结果查询、移动支付等服务。",
         "统一预约挂号；检查检验结果查询；诊间支付；家庭医生签约；健康档案查询。",
         evaluated=(D(2024, 10, 14), D(2024, 11, 11)), planned=D(2024, 11, 18), start=D(2025, 2, 17), months=15),
    Spec("a25_nyncj", "nyncj", "钦州市智慧农业综合服务平台", "smart_app", "annual", 2025, "3900000",
         State.ACCEPTANCE_APPLIED, D(2024, 7, 8), "建设智慧农业综合服务平台，汇聚种植、养殖、农资和农产品市场数据。",
         "农业生产监测；农资监管；农产品价格行情；农技服务；农业数据分析。",
         evaluated=(D(2024, 10, 15), D(2024, 11, 12)), planned=D(2024, 11, 19), start=D(2025, 2, 24), months=16),
    Spec("a25_zjj", "zjj", "钦州市智慧工地监管平台", "smart_app", "annual", 2025, "2750000", State.COMPLETED,
         D(2024, 8, 12), "建设房屋建筑和市政工程智慧工地监管平台，接入在建项目视频、扬尘、塔吊监测数据。",
         "工地视频监控；扬尘噪声监测；塔吊安全监测；实名制考勤；监管执法。",
         evaluated=(D(2024, 10, 15), D(2024, 11, 12)), planned=D(2024, 11, 19), start=D(2025, 3, 3), months=14),
    Spec("a25_lingshan", "lingshan", "灵山县荔枝产业数字化服务平台", "smart_app", "annual", 2025, "1200000",
         State.CONSTRUCTING, D(2024, 8, 26), "建设灵山荔枝产业数字化服务平台，开展果园物联网监测、品牌溯源和产销对接。",
         "果园物联网监测；病虫害预警；品牌溯源；产销对接；产业数据分析。",
         funds=COUNTY, evaluated=(D(2024, 10, 16), D(2024, 11, 13)), planned=D(2024, 11, 20), priority=NORMAL,
         start=D(2025, 3, 10), months=20, story={"inspections": [
             {"on": D(2026, 3, 17), "due": D(2026, 4, 30), "rectified": D(2026, 4, 24),
              "findings": "监理日志记录不完整，部分物联网设备未张贴资产标识。",
              "rectification": "已补齐监理日志，完成全部 126 台设备资产标识张贴和台账登记。"}]}),
    Spec("a25_qinbei", "qinbei", "钦北区基层社会治理网格化平台", "smart_app", "annual", 2025, "980000",
         State.CONSTRUCTING, D(2024, 9, 9), "建设钦北区基层社会治理网格化平台，统一网格划分和事件流转。",
         "网格划分管理；事件上报流转；矛盾纠纷调处；重点人员服务管理；统计分析。",
         funds=COUNTY, evaluated=(D(2024, 10, 16), D(2024, 11, 13)), planned=D(2024, 11, 20), priority=NORMAL,
         start=D(2025, 3, 17), months=22, story={"inspections": [
             {"on": D(2026, 6, 10), "findings": "现场抽查事件流转、统计分析模块运行正常，资料齐全，未发现问题。"}]}),
    Spec("a25_gaj", "gaj", "钦州市公安局智慧警务数据融合平台", "egov", "annual", 2025, "16800000", State.REVIEWED,
         D(2024, 9, 23), "在公安信息网建设警务数据融合平台，汇聚各警种业务数据并提供统一数据服务。",
         "数据汇聚治理；警务数据资源目录；统一数据服务；数据安全审计；可视化分析。",
         build="expand", funds=REGION, flags={"network": "intranet", "uses_gov_cloud": False},
         evaluated=(D(2024, 10, 17), D(2024, 11, 14)), planned=D(2024, 11, 21), priority=URGENT,
         start=D(2026, 5, 11), story={"expert": True}),
    Spec("a25_jyj", "jyj", "钦州市中小学校园安全视频监控联网工程", "infrastructure", "annual", 2025, "6300000",
         State.FISCAL_REVIEW, D(2024, 9, 20), "建设全市中小学校园视频监控联网平台，接入校园出入口、周边重点区域视频。",
         "校园视频联网；一键报警；校园周边治安联动；视频巡查。",
         evaluated=(D(2024, 10, 17), D(2024, 11, 14)), planned=D(2024, 11, 21), start=D(2026, 7, 20)),
    Spec("a25_yjj", "yjj", "钦州市森林防火智能监测预警系统", "smart_app", "annual", 2025, "4500000", State.APPROVED,
         D(2024, 6, 24), "在重点林区建设森林火情视频监测点，建设森林防火智能监测预警和指挥调度系统。",
         "林火视频监测；烟火智能识别；火情预警推送；扑救力量调度；防火“一张图”。",
         evaluated=(D(2024, 10, 14), D(2024, 11, 11)), planned=D(2024, 11, 18), start=D(2026, 7, 13),
         story={"xinchuang": "approved"}),
    Spec("a25_sthjj", "sthjj", "钦州市入海排污口在线监测系统", "smart_app", "annual", 2025, "500000", State.CONSTRUCTING,
         D(2024, 7, 22), "对茅尾海、钦州湾重点入海排污口建设在线监测设施，数据接入生态环境监测监控平台。",
         "排污口在线监测；超标报警；排污口档案；数据报送。",
         evaluated=(D(2024, 10, 15), D(2024, 11, 12)), planned=D(2024, 11, 19), priority=NORMAL,
         start=D(2025, 3, 24), months=22),
    Spec("a25_mzj", "mzj", "钦州市婚姻登记档案数字化工程", "egov", "annual", 2025, "680000", State.GOV_APPROVED,
         D(2024, 9, 26), "对 1980 年以来的婚姻登记纸质档案进行数字化加工，建设婚姻登记档案管理系统。",
         "档案数字化加工；档案检索利用；电子证照对接；档案安全管理。",
         evaluated=(D(2024, 10, 18), D(2024, 11, 15)), planned=D(2024, 11, 22), priority=NORMAL),
    Spec("a25_rx12345", "rx12345", "钦州市12345热线智能知识库及工单辅助系统", "smart_app", "annual", 2025, "1680000",
         State.APPROVING, D(2024, 10, 15), "建设 12345 热线智能知识库和工单辅助处理系统，提升一次办结率。",
         "智能知识库；话务辅助；工单智能分类；热点诉求预警。",
         evaluated=(D(2024, 10, 21), D(2024, 11, 15)), planned=D(2024, 12, 3),
         override="落实自治区关于 12345 热线归并优化和提质增效的工作要求，确需列入 2025 年度工作方案。",
         start=D(2026, 9, 7), story={"approving": "item_pending"}),
    Spec("a25_xzspj", "xzspj", "钦州市政务服务大厅数字孪生展示系统", "smart_app", "annual", 2025, "2600000",
         State.TERMINATED, D(2024, 8, 5), "建设政务服务大厅三维数字孪生展示系统和大屏可视化。",
         "大厅三维建模；人流热力展示；窗口运行大屏。",
         evaluated=(D(2024, 10, 15), D(2024, 11, 12)), outcome="reject"),
    Spec("a25_rsj", "rsj", "钦州市就业服务数字化平台", "egov", "annual", 2025, "2100000", State.APPROVING, D(2024, 9, 2),
         "建设就业服务数字化平台，提供岗位匹配、零工市场和就业补贴“免申即享”服务。",
         "岗位智能匹配；零工市场；就业补贴“免申即享”；就业监测分析。",
         evaluated=(D(2024, 10, 16), D(2024, 11, 13)), planned=D(2024, 11, 20), start=D(2026, 9, 21),
         story={"approving": "item_returned"}),

    # ------------------------------------------------ annual declarations for 2026 (钦政办规〔2024〕1号, 市大数据发展局)
    Spec("a26_jyj", "jyj", "钦州市智慧教育云平台（二期）", "egov", "annual", 2026, "8800000", State.GOV_REVIEW,
         D(2025, 8, 18), "在一期基础上扩展智慧课堂、教育数字基座和教育数据中台，接入国家智慧教育平台。",
         "教育数字基座；智慧课堂；教育数据中台；区域教研；家校共育。",
         build="expand", evaluated=(D(2025, 10, 13), D(2025, 11, 10)), planned=D(2025, 11, 17), priority=URGENT),
    Spec("a26_wjw", "wjw", "钦州市120急救调度指挥系统升级", "smart_app", "annual", 2026, "3300000", State.GOV_REVIEW,
         D(2025, 7, 14), "升级 120 急救调度指挥系统，实现“上车即入院”院前院内信息衔接。",
         "智能调度；车辆定位；院前院内信息衔接；急救资源管理。",
         build="upgrade", evaluated=(D(2025, 10, 13), D(2025, 11, 10)), planned=D(2025, 11, 17), priority=URGENT),
    Spec("a26_scjgj", "scjgj", "钦州市特种设备智慧监管平台", "smart_app", "annual", 2026, "1600000", State.GOV_REVIEW,
         D(2025, 9, 15), "建设电梯、锅炉、压力容器等特种设备智慧监管平台。",
         "设备“一码通”；电梯应急处置；检验检测数据；风险分级监管。",
         evaluated=(D(2025, 10, 14), D(2025, 11, 11)), planned=D(2025, 11, 18)),
    Spec("a26_qinbei", "qinbei", "钦北区城乡供水智能监控平台", "smart_app", "annual", 2026, "1150000", State.GOV_REVIEW,
         D(2025, 9, 22), "对钦北区城乡供水水源地、水厂和管网建设智能监控平台。",
         "水质在线监测；管网压力监测；漏损分析；应急调度。",
         funds=COUNTY, evaluated=(D(2025, 10, 14), D(2025, 11, 11)), planned=D(2025, 11, 18), priority=NORMAL),
    Spec("a26_lingshan", "lingshan", "灵山县数字乡村综合服务平台", "smart_app", "annual", 2026, "2200000", State.PASSED,
         D(2025, 6, 9), "建设灵山县数字乡村综合服务平台，推进乡村治理、农村电商和便民服务数字化。",
         "乡村治理；农村电商服务；便民服务；乡村振兴数据分析。",
         funds=COUNTY, evaluated=(D(2025, 10, 14), D(2025, 11, 11)), planned=D(2025, 11, 18), priority=NORMAL,
         story={"removed": True}),
    Spec("a26_nyncj", "nyncj", "钦州市高标准农田建设数字化监管平台", "smart_app", "annual", 2026, "6000000",
         State.CONSTRUCTING, D(2025, 5, 12), "落实中央和自治区高标准农田建设要求，建设高标准农田“上图入库”和建后管护数字化监管平台。",
         "农田“上图入库”；项目建设监管；建后管护；耕地质量监测。",
         funds=CENTRAL, flags={"centrally_funded": True}, start=D(2025, 6, 9), months=16),
    Spec("a26_cgj", "cgj", "钦州市智慧停车综合管理平台", "smart_app", "annual", 2026, "12500000", State.TERMINATED,
         D(2025, 9, 8), "建设全市智慧停车综合管理平台，统一接入路内泊位和公共停车场。",
         "泊位感知；停车诱导；无感支付；停车收费监管。",
         evaluated=(D(2025, 10, 15), D(2025, 11, 12)), outcome="reject"),

    # ------------------------------------------------ annual declarations for 2027 (the plan now being drafted)
    Spec("a27_gaj", "gaj", "钦州市“雪亮工程”视频资源智能解析平台（三期）", "smart_app", "annual", 2027, "30000000",
         State.IN_PLAN, D(2026, 6, 15), "在“雪亮工程”联网共享平台基础上建设视频资源智能解析平台，提升视频结构化和研判能力。",
         "视频结构化解析；人车轨迹研判；视频质量诊断；共享服务。",
         build="expand", funds=REGION, evaluated=(D(2026, 9, 14), D(2026, 10, 16)), planned=D(2026, 10, 20),
         priority=URGENT, story={"expert": True}),
    Spec("a27_ybj", "ybj", "钦州市医保基金监管大数据分析平台", "egov", "annual", 2027, "3500000", State.IN_PLAN,
         D(2026, 7, 20), "建设医保基金监管大数据分析平台，开展欺诈骗保行为大数据筛查。",
         "大数据筛查模型；疑点线索管理；飞行检查支撑；监管绩效分析。",
         evaluated=(D(2026, 9, 14), D(2026, 10, 16)), planned=D(2026, 10, 21)),
    Spec("a27_xzspj", "xzspj", "钦州市“高效办成一件事”集成服务平台", "egov", "annual", 2027, "4600000", State.IN_PLAN,
         D(2026, 8, 17), "建设“高效办成一件事”集成服务平台，推进企业和个人全生命周期重点事项集成办理。",
         "一件事集成办理；表单智能预填；电子证照免提交；办件监测。",
         evaluated=(D(2026, 9, 15), D(2026, 10, 19)), planned=D(2026, 10, 22), priority=URGENT),
    Spec("a27_rsj", "rsj", "钦州市人社服务“快办行动”数字化平台", "egov", "annual", 2027, "1900000", State.PASSED,
         D(2026, 9, 7), "建设人社服务“快办行动”数字化平台，推进人社事项打包办、提速办。",
         "打包办；提速办；免证办；服务评价。",
         evaluated=(D(2026, 10, 12), D(2026, 11, 16))),
    Spec("a27_qinnan", "qinnan", "钦南区智慧渔港综合管理平台", "smart_app", "annual", 2027, "5800000", State.RETURNED,
         D(2026, 9, 14), "建设钦南区智慧渔港综合管理平台，实现渔船进出港报告、渔获申报和港区安全监管。",
         "渔船进出港管理；渔获申报；港区视频监控；安全生产监管。",
         funds=COUNTY, evaluated=(D(2026, 10, 9), D(2026, 10, 30)), outcome="return"),
    Spec("a27_jtysj", "jtysj", "钦州市公交一卡通及出行服务平台升级", "info_service", "annual", 2027, "2450000",
         State.RETURNED, D(2026, 9, 21), "升级公交一卡通系统，支持交通联合卡、移动支付和定制公交服务。",
         "交通联合卡；移动支付；定制公交；客流分析。",
         build="upgrade", evaluated=(D(2026, 10, 12), D(2026, 11, 2)), outcome="return"),
    Spec("a27_zjj", "zjj", "钦州市城市生命线安全监测平台", "smart_app", "annual", 2027, "11200000", State.EVALUATING,
         D(2026, 9, 24), "建设城市燃气、供水、排水、桥梁等城市生命线安全监测平台。",
         "燃气管网监测；供排水监测；桥梁结构健康监测；风险评估预警；应急联动。",
         evaluated=(D(2026, 10, 12), None), story={"expert": True, "given": 3}),
    Spec("a27_cgj", "cgj", "钦州市城市综合管理服务指挥中心升级", "smart_app", "annual", 2027, "3750000",
         State.EVALUATING, D(2026, 9, 28), "升级城市综合管理服务指挥中心，完善城市管理事件智能发现和协同处置。",
         "事件智能发现；协同处置；考核评价；指挥调度。",
         build="upgrade", evaluated=(D(2026, 11, 9), None), story={"given": 1}),
    Spec("a27_mzj", "mzj", "钦州市社会救助家庭经济状况核对平台升级", "egov", "annual", 2027, "870000", State.DECLARED,
         D(2026, 9, 24), "升级社会救助家庭经济状况核对平台，扩大与公安、不动产、税务等部门的数据比对范围。",
         "核对业务管理；跨部门数据比对；核对报告；动态监测。", build="upgrade"),
    Spec("a27_qinbei", "qinbei", "钦北区中小学“三个课堂”应用平台", "egov", "annual", 2027, "760000", State.DECLARED,
         D(2026, 10, 20), "建设钦北区“专递课堂、名师课堂、名校网络课堂”应用平台，覆盖乡村学校。",
         "专递课堂；名师课堂；名校网络课堂；课堂录播。", funds=COUNTY),
    Spec("a27_pubei", "pubei", "浦北县全域旅游智慧服务平台", "info_service", "annual", 2027, "1450000", State.WITHDRAWN,
         D(2026, 9, 10), "建设浦北县全域旅游智慧服务平台，提供景区导览、客流监测和文旅营销服务。",
         "智慧导览；客流监测；文旅营销；旅游投诉处理。", funds=COUNTY,
         story={"withdraw": (D(2026, 9, 18), "需补充征求自治区文化和旅游厅意见，撤回修改后再申报。")}),
    Spec("a27_lingshan", "lingshan", "灵山县智慧水务管理平台", "smart_app", "annual", 2027, "2300000", State.DRAFT,
         D(2026, 9, 16), "建设灵山县智慧水务管理平台，覆盖县城供水、排水和污水处理设施。",
         "供水调度；排水防涝；污水处理监管；管网 GIS。", funds=COUNTY,
         story={"withdraw": (D(2026, 9, 24), "投资估算需按最新设备价格重新测算，撤回修改。"), "redraft": D(2026, 9, 29)}),
    Spec("a27_gaj_dc", "gaj", "钦州市公安局大数据中心机房扩容工程", "infrastructure", "annual", 2027, "7800000",
         State.DRAFT, None, "扩容公安局大数据中心机房，新增存储备份设备。",
         "机房扩容；存储备份；动环监控。", build="expand",
         flags={"network": "intranet", "new_infrastructure": ["machine_room", "storage_backup"]},
         story={"created": D(2026, 11, 2), "docs": [AttachmentKind.CONSTRUCTION_PLAN]}),
    Spec("a27_jyj", "jyj", "钦州市教育督导评估信息平台", "egov", "annual", 2027, "300000", State.DRAFT, None,
         "建设教育督导评估信息平台，支撑对县区政府履行教育职责和学校办学质量的督导评估。",
         "督导任务管理；评估指标库；督导报告；问题整改跟踪。",
         story={"created": D(2026, 11, 12), "docs": []}),

    # ------------------------------------------------ special declarations of 2024 (still under the 2023 measures)
    Spec("s24_wjw", "wjw", "钦州市传染病多点触发监测预警平台", "smart_app", "special", 2024, "7500000", State.OPERATING,
         D(2024, 3, 11), "建设传染病多点触发监测预警平台，汇聚医疗机构、药店、学校等多渠道监测数据。",
         "多点触发监测；智能预警；流调溯源；应急处置；疫情分析。",
         funds=REGION, flags={"urgent_major": True}, opinions=(D(2024, 3, 20), D(2024, 3, 22)),
         special_on=D(2024, 3, 27), gov=D(2024, 4, 12), start=D(2024, 4, 22), months=9),
    Spec("s24_yjj", "yjj", "钦州市危险化学品安全风险监测预警系统（一期）", "smart_app", "special", 2024, "3400000",
         State.ACCEPTED, D(2024, 5, 20), "对重大危险源企业建设安全风险监测预警系统，接入自治区危险化学品监测预警平台。",
         "重大危险源监测；风险预警；企业安全承诺；隐患排查治理。",
         opinions=(D(2024, 5, 29), D(2024, 6, 3)), special_on=D(2024, 6, 7), gov=D(2024, 6, 21),
         start=D(2024, 7, 1), months=23),
    Spec("s24_xzspj", "xzspj", "钦州市电子证照库扩容升级", "egov", "special", 2025, "2350000", State.ACCEPTING,
         D(2024, 11, 18), "扩容升级市级电子证照库，新增 120 类证照电子化，推进“免证办”。",
         "证照制证签发；证照共享调用；用证授权；证照质量监测。",
         build="upgrade", opinions=(D(2024, 11, 26), D(2024, 11, 29)), special_on=D(2024, 12, 10),
         gov=D(2024, 12, 20), start=D(2025, 1, 6), months=18, story={"mode": AcceptanceAttempt.Mode.THIRD_PARTY}),

    # ------------------------------------------------ special declarations under 钦政办规〔2024〕1号
    Spec("s25_dsj", "dsj", "钦州市公共数据授权运营平台", "info_service", "special", 2025, "9600000",
         State.ACCEPTANCE_APPLIED, D(2025, 3, 10), "建设公共数据授权运营平台，实现公共数据“可用不可见”的授权开发利用。",
         "数据授权管理；隐私计算；数据产品开发；运营监管；安全审计。",
         opinions=(D(2025, 3, 19), D(2025, 3, 24)), special_on=D(2025, 3, 27), gov=D(2025, 4, 18),
         start=D(2025, 5, 6), months=13),
    Spec("s25_bdcdjj", "bdcdjj", "钦州市自然资源和不动产数据治理工程", "egov", "special", 2025, "2980000",
         State.COMPLETED, D(2025, 2, 17), "对存量不动产登记数据开展数据治理和整合，完善不动产登记数据库。",
         "数据清洗整合；历史档案补录；数据质量检查；数据库更新。",
         opinions=(D(2025, 2, 26), D(2025, 3, 3)), special_on=D(2025, 3, 7), gov=D(2025, 3, 28),
         start=D(2025, 4, 7), months=8),
    Spec("s26_jyj", "jyj", "钦州市教育考试标准化考点升级改造", "infrastructure", "special", 2026, "3800000",
         State.REVIEWED, D(2026, 4, 13), "升级改造全市国家教育考试标准化考点视频巡查、身份核验和防作弊系统。",
         "考场视频巡查；考生身份核验；无线电防作弊；考务综合管理。",
         build="upgrade", opinions=(D(2026, 4, 22), D(2026, 4, 24)), special_on=D(2026, 4, 29), gov=D(2026, 5, 22),
         start=D(2026, 6, 1)),
    Spec("s26_cgj", "cgj", "钦州市数字化城管视频AI智能识别系统", "smart_app", "special", 2026, "4200000",
         State.APPROVING, D(2026, 6, 8), "利用城市视频资源建设城市管理问题 AI 智能识别系统，自动发现占道经营、乱堆物料等问题。",
         "AI 事件识别；事件自动立案；识别算法管理；算力调度。",
         opinions=(D(2026, 6, 17), D(2026, 6, 22)), special_on=D(2026, 6, 26), gov=D(2026, 7, 17),
         start=D(2026, 7, 27), story={"approving": "xinchuang_pending"}),
    Spec("s26_sthjj", "sthjj", "钦州市茅尾海红树林生态监测系统", "smart_app", "special", 2026, "2900000",
         State.FISCAL_REVIEW, D(2026, 5, 11), "在茅尾海红树林保护区建设生态监测站点和生态监测系统。",
         "红树林生态监测；鸟类监测；水质监测；生态评估。",
         opinions=(D(2026, 5, 20), D(2026, 5, 22)), special_on=D(2026, 5, 27), gov=D(2026, 6, 18),
         start=D(2026, 9, 14)),
    Spec("s26_wjw", "wjw", "钦州市基层医疗卫生机构信息系统升级", "egov", "special", 2026, "4350000", State.APPROVED,
         D(2026, 4, 20), "升级全市乡镇卫生院和社区卫生服务中心信息系统，统一部署于“壮美广西·钦州市云”。",
         "基层 HIS；公共卫生服务；家庭医生签约；远程会诊。",
         build="upgrade", opinions=(D(2026, 4, 29), D(2026, 5, 6)), special_on=D(2026, 5, 11), gov=D(2026, 5, 29),
         start=D(2026, 8, 10)),
    Spec("s26_yjj", "yjj", "钦州市危险化学品安全风险监测预警系统（二期）", "smart_app", "special", 2026, "5100000",
         State.GOV_REVIEW, D(2026, 9, 14), "在一期基础上扩展化工园区封闭化管理和危险化学品运输全过程监管。",
         "化工园区封闭化管理；危化品运输监管；风险研判；应急联动。",
         opinions=(D(2026, 9, 24), D(2026, 10, 12)), special_on=D(2026, 10, 20)),
    Spec("s26_zjj", "zjj", "钦州市城镇燃气安全智能监测平台", "smart_app", "special", 2026, "6800000",
         State.GOV_APPROVED, D(2026, 8, 10), "建设城镇燃气安全智能监测平台，覆盖燃气场站、管网和餐饮用户。",
         "管网泄漏监测；用户报警器联网；场站监控；隐患闭环处置。",
         funds=REGION, opinions=(D(2026, 8, 19), D(2026, 8, 24)), special_on=D(2026, 9, 8), gov=D(2026, 10, 23)),
    Spec("s26_qinbei", "qinbei", "钦北区数字孪生城区展示平台", "smart_app", "special", 2026, "8900000", State.TERMINATED,
         D(2026, 7, 6), "建设钦北区城区三维数字孪生模型和综合展示大屏。",
         "三维建模；综合展示；领导驾驶舱。", funds=COUNTY,
         opinions=(D(2026, 7, 15), D(2026, 7, 20)), special_on=D(2026, 8, 3), gov=D(2026, 8, 28),
         story={"rejected": "建设内容以展示为主，实际应用场景不足，且不属于急需建设的项目，不予同意专项申报，请纳入年度申报统筹考虑。"}),
    Spec("s26_rsj", "rsj", "钦州市技工院校智慧校园平台", "smart_app", "special", 2026, "1750000", State.WITHDRAWN,
         D(2026, 7, 6), "建设技工院校智慧校园平台，提供实训管理、学籍管理和校园一卡通服务。",
         "实训管理；学籍管理；校园一卡通；就业服务。",
         story={"withdraw": (D(2026, 7, 13), "经研究，本项目不属于急需建设项目，改为年度申报。")}),
    Spec("s26_ybj", "ybj", "钦州市医保移动支付及电子处方流转平台", "egov", "special", 2026, "1980000",
         State.SPECIAL_REVIEW, D(2026, 11, 9), "建设医保移动支付和电子处方流转平台，落实国家医保局工作部署。",
         "医保移动支付；电子处方流转；处方审核；定点药店对接。",
         opinions=(D(2026, 11, 16),), story={"given": 1}),
    Spec("s26_qinnan", "qinnan", "钦南区海洋渔船安全生产智能监管系统", "smart_app", "special", 2026, "3150000",
         State.SPECIAL_REVIEW, D(2026, 11, 16), "为钦南区海洋渔船加装北斗终端，建设渔船安全生产智能监管系统。",
         "渔船北斗定位；越界预警；恶劣天气预警；渔船动态监管。", funds=COUNTY, story={"given": 0}),
]

POST = [State.APPROVING, State.APPROVED, State.FISCAL_REVIEW, State.REVIEWED, State.CONSTRUCTING, State.COMPLETED,
        State.ACCEPTANCE_APPLIED, State.ACCEPTING, State.ACCEPTED, State.ARCHIVED, State.OPERATING]
NAMES = [s.name for s in PORTFOLIO]

REGION_DEPARTMENT = {
    "jyj": "自治区教育厅", "gaj": "自治区公安厅", "wjw": "自治区卫生健康委", "ybj": "自治区医保局", "zjj": "自治区住房城乡建设厅",
    "jtysj": "自治区交通运输厅", "nyncj": "自治区农业农村厅", "sthjj": "自治区生态环境厅", "rsj": "自治区人力资源社会保障厅",
    "mzj": "自治区民政厅", "yjj": "自治区应急管理厅", "scjgj": "自治区市场监管局", "dsj": "自治区大数据发展局",
    "bdcdjj": "自治区自然资源厅", "cgj": "自治区住房城乡建设厅", "xzspj": "自治区大数据发展局", "rx12345": "自治区大数据发展局",
    "slj": "自治区水利厅",
}
ADCODE = {"qinnan": "450702", "qinbei": "450703", "lingshan": "450721", "pubei": "450722"}
DEPT_REMARK = {
    "wxb": "建议同步落实网络安全等级保护和数据分类分级保护要求，做好关键信息基础设施安全保护。",
    "kjj": "技术路线成熟可行，建议优先采用经过验证的本地化解决方案。",
    "gaj": "应落实网络安全等级保护测评和安全监测预警要求，按期开展等保测评。",
    "gxj": "建议优先选用信创产品，落实安全可靠替代要求。",
    "zjj": "项目不涉及新建土建工程，无意见。",
    "czj": "投资估算基本合理，资金来源明确，建议按轻重缓急纳入预算统筹安排。",
    "bmj": "项目不涉及国家秘密，应按要求落实信创技术应用方案和保密管理要求。",
}
CHAPTERS = ["sharing", "crypto", "xinchuang"]
AMOUNT_SHARE = {  # requested and approved share of the total investment per approval item
    ApprovalItemKind.PROPOSAL: (Decimal("1"), Decimal("1")),
    ApprovalItemKind.FEASIBILITY: (Decimal("0.99"), Decimal("0.97")),
    ApprovalItemKind.ESTIMATE: (Decimal("0.97"), Decimal("0.95")),
}
ACCEPTANCE_DOCS = (AttachmentKind.SUMMARY, AttachmentKind.FINANCIAL_REPORT, AttachmentKind.AUDIT_REPORT,
                   AttachmentKind.XINCHUANG_FILING)


def yuan(amount) -> Decimal:
    """Whole hundreds of yuan, as money."""
    return ((Decimal(amount) / 100).quantize(Decimal("1"), ROUND_HALF_UP) * 100).quantize(Decimal("0.01"))


def pdf(text: str) -> bytes:
    """A small, valid one-page PDF carrying ``text`` (ASCII)."""
    stream = f"BT /F1 14 Tf 72 760 Td (Digital Qinzhou demo document) Tj 0 -24 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def quarter_ends(start: date, stop: date) -> Iterator[date]:
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while True:
        month = quarter * 3
        end = add_months(D(year, month, 1), 1) - timedelta(days=1)
        if end >= stop:
            return
        if end > start:
            yield end
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


# ---------------------------------------------------------------- walking one project

class Walk:
    """One project's history, as a generator: it yields the date of its next act, then performs it."""

    def __init__(self, loader: "Loader", spec: Spec):
        self.loader, self.s, self.cast = loader, spec, loader.cast
        self.staff = self.cast.staff(spec.unit)
        self.p: Project | None = None
        terminate = spec.story.get("terminate")
        self.until = State.CONSTRUCTING if terminate else spec.target

    # helpers
    def day(self, base: date, days: int = 0) -> date:
        day = self.loader.workday(base + timedelta(days=days))
        if day > LIMIT:
            raise AssertionError(f"{self.s.key}: act on {day} is after {LIMIT}; move the project's dates earlier")
        return day

    def reach(self, state: str) -> bool:
        return self.until in POST and POST.index(state) <= POST.index(self.until)

    def upload(self, kind: str, on: date, by=None, passed=None, note=""):
        label = str(AttachmentKind(kind).label).replace("/", "、")
        self.loader.uploads += 1
        body = pdf(f"{self.p.code or 'DRAFT'} {kind} #{self.loader.uploads}")
        return services.attachment_upload(
            by=by or self.staff, project=self.p, kind=kind, passed=passed, note=note, on=on,
            upload=SimpleUploadedFile(f"{label}.pdf", body, content_type="application/pdf"))

    def aspects(self, org_code: str | None) -> dict:
        s = self.s
        _central, region, municipal, other = s.funds
        funding = ("中央和自治区资金全额保障。" if not municipal and not other
                   else "资金来源为县级财政和市级补助资金。" if other
                   else "资金来源为自治区补助和市级财政资金。" if region else "资金来源为市级财政资金。")
        return dict(
            necessity="项目符合“数字钦州”建设总体部署，业务需求明确，建设必要。",
            feasibility="建设内容、技术路线和实施计划基本可行，投资估算基本合理。",
            security="应落实网络安全等级保护、商用密码应用和数据安全保护要求。",
            sharing="项目数据应编入信息资源目录，通过市公共数据平台和自治区数据共享交换平台共享。",
            funding=funding,
            text=DEPT_REMARK.get(org_code, "同意该项目建设，建议加强与已建系统的数据共享。") if org_code else
            "项目需求分析较充分，建议细化数据治理和运维保障方案。",
        )

    # the path
    def run(self) -> Iterator[date]:
        s = self.s
        created = s.story.get("created") or self.loader.workday(s.declared - timedelta(days=12), back=True)
        yield created
        self.create(created)
        if s.declared is None:
            return
        yield s.declared
        self.p = services.submit(by=self.staff, project=self.p, on=s.declared)
        if "withdraw" in s.story:
            day, reason = s.story["withdraw"]
            yield day
            self.p = services.withdraw(by=self.staff, project=self.p, reason=reason, on=day)
            if "redraft" in s.story:
                yield s.story["redraft"]
                self.p = services.redraft(by=self.staff, project=self.p, on=s.story["redraft"])
            return
        if s.kind == "special":
            yield from self.special()
        elif s.flags.get("centrally_funded"):
            yield from self.build()
        else:
            yield from self.annual()

    def create(self, on: date) -> None:
        s = self.s
        amount = Decimal(s.amount)
        shares = [Decimal(x) for x in s.funds]
        parts = [yuan(amount * share) for share in shares]
        last = max(i for i, share in enumerate(shares) if share)
        parts[last] += amount - sum(parts)
        declared = s.declared or on
        region = REGION_DEPARTMENT.get(s.unit, "自治区对口主管部门")
        fields = dict(
            name=s.name, category=s.category, declaration_type=s.kind, plan_year=s.year, build_type=s.build,
            content=s.content, functions=s.functions, total_investment=amount.quantize(Decimal("0.01")),
            fund_central=parts[0], fund_region=parts[1], fund_municipal=parts[2], fund_other=parts[3],
            region_platform_code=f"{declared.year}-{ADCODE.get(s.unit, '450700')}-65-01-{self.loader.serial():06d}",
            region_opinion=f"已征求{region}意见，原则同意建设，要求做好与自治区相关业务系统的数据对接。",
            common_apps="统一身份认证、电子证照、电子印章、市公共数据平台",
            **s.flags,
        )
        self.p = services.project_create(by=self.staff, unit=self.loader.units[s.unit], on=on, **fields)
        kinds = s.story.get("docs", [AttachmentKind.CONSTRUCTION_PLAN, AttachmentKind.RESOURCE_CATALOG,
                                     AttachmentKind.CRYPTO_PLAN, AttachmentKind.XINCHUANG_PLAN])
        if declared >= SWITCH and s.declared:
            kinds = [AttachmentKind.REGION_REQUIREMENT, *kinds]
        for kind in kinds:
            self.upload(kind, on)

    def give(self, opinion, on: date, conclusion=Conclusion.AGREE, text: str = "") -> None:
        by = opinion.expert or self.cast.of(opinion.organisation.code)
        org_code = opinion.organisation.code if opinion.organisation_id else None
        args = self.aspects(org_code) if opinion.kind == OpinionKind.EVALUATION else {
            "text": self.aspects(org_code)["text"]}
        if text:
            args["text"] = text
        services.opinion_give(by=by, opinion=opinion, conclusion=conclusion, on=on, **args)

    def annual(self) -> Iterator[date]:
        s = self.s
        if s.target == State.DECLARED:
            return
        start, end = s.evaluated
        yield start
        experts = [self.cast.expert] if s.story.get("expert") else []
        self.p = services.start_evaluation(by=self.cast.lead(start), project=self.p, experts=experts, on=start)
        opinions = list(self.p.opinions.filter(kind=OpinionKind.EVALUATION, submitted_at__isnull=True)
                        .select_related("organisation", "expert"))
        given = s.story.get("given", len(opinions))
        for i, opinion in enumerate(opinions[:given]):
            day = self.day(start, 6 + 2 * i)
            yield day
            if s.outcome == "return" and i == len(opinions) - 1:
                self.give(opinion, day, Conclusion.REVISE, "建议压减硬件采购规模，优先利用“壮美广西·钦州市云”资源，并补充数据共享清单。")
            elif s.outcome == "reject" and i == 0:
                self.give(opinion, day, Conclusion.DISAGREE, "建设内容与已建系统功能重复，必要性不足。")
            else:
                self.give(opinion, day)
        if end is None:
            return
        yield end
        reasons = {
            "pass": "",
            "return": "请按成员单位意见压减硬件投资、补充信息资源共享清单后重新申报。",
            "reject": "建设内容以展示为主，与已建的城市运行管理服务平台等系统功能重复，必要性不足，不予通过。",
        }
        self.p = services.conclude_evaluation(by=self.cast.lead(end), project=self.p, outcome=s.outcome,
                                              reason=reasons[s.outcome], on=end)
        if s.outcome != "pass" or s.planned is None:
            return
        yield s.planned
        services.plan_add(by=self.cast.lead(s.planned), project=self.p, priority=s.priority,
                          override_reason=s.override, on=s.planned)
        if s.start:
            yield from self.build()

    def special(self) -> Iterator[date]:
        s = self.s
        opinions = list(self.p.opinions.filter(kind=OpinionKind.SPECIAL, submitted_at__isnull=True)
                        .select_related("organisation").order_by("id"))
        opinions.sort(key=lambda o: o.organisation.code == "czj")  # the lead department answers first
        for opinion, day in zip(opinions[:s.story.get("given", 2)], s.opinions, strict=False):
            yield day
            if "rejected" in s.story and opinion.organisation.code == "czj":
                self.give(opinion, day, Conclusion.DISAGREE, "项目不属于急需建设项目，建议纳入年度申报，资金不予专项安排。")
            else:
                self.give(opinion, day, text="同意按专项申报程序报市人民政府审定。" if opinion.organisation.code != "czj"
                          else "资金来源明确，同意。")
        if s.target == State.SPECIAL_REVIEW:
            return
        yield s.special_on
        self.p = services.submit_special(by=self.cast.lead(s.special_on), project=self.p, on=s.special_on)
        if s.target == State.GOV_REVIEW:
            return
        yield s.gov
        rejected = s.story.get("rejected", "")
        self.p = services.government_decide(by=self.cast.government, project=self.p, approve=not rejected,
                                            decision_ref="" if rejected else self.loader.ref("gov", s.gov),
                                            reason=rejected, on=s.gov)
        if s.start:
            yield from self.build()

    def build(self) -> Iterator[date]:
        s, cast, story = self.s, self.cast, self.s.story
        day = self.day(s.start)
        yield day
        self.p = services.start_approval(by=self.staff, project=self.p, on=day)
        approver = cast.of(self.p.approver.code)
        if story.get("xinchuang") == "approved":
            day = yield from self.xinchuang(day)
        items = list(self.p.approval_items.order_by("order", "id"))
        for n, item in enumerate(items):
            day = self.day(day, 10)
            yield day
            self.submit_item(item, day)
            if story.get("approving") == "item_pending" and n == len(items) - 1:
                return
            if item.kind == ApprovalItemKind.FEASIBILITY and (story.get("return_item")
                                                               or story.get("approving") == "item_returned"):
                day = self.day(day, 8)
                yield day
                services.item_decide(by=approver, item=item, approve=False, on=day, comment=(
                    "可行性研究报告中信息资源共享开放分析篇内容过简，需求分析与建设内容不对应，请修改后重新报送。"))
                if story.get("approving") == "item_returned":
                    return
                day = self.day(day, 12)
                yield day
                self.submit_item(item, day, note="按审批意见修改")
            day = self.day(day, 8)
            yield day
            share = AMOUNT_SHARE.get(item.kind)
            services.item_decide(by=approver, item=item, approve=True, on=day,
                                 approved_amount=yuan(self.p.total_investment * share[1]) if share else None,
                                 approval_ref=self.loader.ref(self.p.approver.code, day))
        if story.get("approving") == "xinchuang_pending":
            yield from self.xinchuang(day, decide=False)
            return
        day = self.day(day, 7)
        yield day
        self.p = services.issue_approval(by=approver, project=self.p, on=day,
                                         approval_ref=self.loader.ref(self.p.approver.code, day))
        self.upload(AttachmentKind.APPROVAL_DOC, day, by=approver)
        if not self.reach(State.FISCAL_REVIEW):
            return
        day = self.day(day, 12)
        yield day
        review = services.submit_fiscal_review(by=self.staff, project=self.p, amount=self.p.approved_investment, on=day)
        if not self.reach(State.REVIEWED):
            return
        day = review.due_on or self.day(day, 15)
        yield day
        reviewed = yuan(self.p.approved_investment * Decimal("0.96"))
        self.p = services.complete_fiscal_review(
            by=cast.finance, project=self.p, reviewed_amount=reviewed, on=day,
            comment=f"审减 {money.yuan(self.p.approved_investment - reviewed)} 元，主要为硬件设备单价按市场询价调整。")
        if not self.reach(State.CONSTRUCTING):
            return
        day = self.day(day, 14)
        yield day
        if self.p.total_investment > Decimal("500000"):
            self.upload(AttachmentKind.SUPERVISION_CONTRACT, day)
            day = self.day(day, 4)
            yield day
        self.p = services.start_construction(by=self.staff, project=self.p, on=day)
        end = add_months(day, s.months)
        yield from self.construction(day, end)
        if "terminate" in story:
            term = story["terminate"]
            yield term["on"]
            services.terminate(by=cast.lead(term["on"]), project=self.p, reason=term["reason"], on=term["on"])
            return
        if not self.reach(State.COMPLETED):
            return
        yield from self.finish(end)

    def submit_item(self, item, day: date, note: str = "") -> None:
        kind = item.kind if item.kind in AttachmentKind.values else AttachmentKind.OTHER
        doc = self.upload(kind, day, note=note)
        share = AMOUNT_SHARE.get(item.kind)
        services.item_submit(by=self.staff, item=item, attachment=doc, chapters=CHAPTERS, on=day,
                             requested_amount=yuan(self.p.total_investment * share[0]) if share else None)

    def xinchuang(self, day: date, decide: bool = True) -> Iterator[date]:
        day = self.day(day, 3)
        yield day
        self.upload(AttachmentKind.XINCHUANG_EVALUATION, day, note="部分前端感知设备和 GPU 推理服务器暂无满足性能要求的信创产品")
        opinion = services.request_xinchuang_exception(by=self.staff, project=self.p, on=day)
        if not decide:
            return day
        day = self.day(day, 9)
        yield day
        services.opinion_give(by=self.cast.secrecy, opinion=opinion, conclusion=Conclusion.AGREE, on=day, text=(
            "经审查评估论证材料，同意前端红外热成像双光谱摄像机暂不实施信创替代，其余软硬件须采用信创产品，待有成熟产品后及时替代。"))
        return day

    def construction(self, start: date, end: date, rework: bool = False) -> Iterator[date]:
        """Progress reports each quarter, inspections and their rectification, until completion (or now)."""
        story = {} if rework else self.s.story
        stop = end if self.reach(State.COMPLETED) else LIMIT
        if "terminate" in story:
            stop = story["terminate"]["on"]
        acts = []
        cap = story.get("cap", 95)
        span = max((end - start).days, 1)
        for q_end in quarter_ends(start, stop):
            report_day = q_end + timedelta(days=5)
            if report_day >= stop:
                continue
            report_day = self.day(report_day)
            if report_day >= stop:
                continue
            pct = 95 if rework else min(cap, max(5, round((q_end - start).days * 20 / span) * 5))
            acts.append((report_day, self.progress(q_end, pct, rework)))
        for spec in story.get("inspections", []):
            holder = {}
            acts.append((spec["on"], self.inspect(spec, holder)))
            if spec.get("rectified"):
                acts.append((spec["rectified"], self.rectify(spec, holder)))
        if self.s.target == State.CONSTRUCTING and self.p.total_investment >= Decimal("1000000"):
            acts.append((self.day(start, 30), self.plan_crypto(end)))
        for day, act in sorted(acts, key=lambda a: a[0]):
            yield day
            act(day)

    def progress(self, q_end: date, pct: int, rework: bool = False):
        period = f"{q_end.year}年第{(q_end.month - 1) // 3 + 1}季度"
        if rework:
            summary = "针对验收发现的问题开展整改：补充接入未接入点位，完成系统性能优化和压力测试复测。"
        elif pct < 30:
            summary = "完成需求调研、详细设计和部分设备到货验收。"
        elif pct < 60:
            summary = "完成主要功能模块开发和云资源部署，开展数据对接。"
        elif pct < 85:
            summary = "完成系统联调和数据迁移，开展用户培训。"
        else:
            summary = "系统进入试运行，整改试运行发现的问题。"
        problems = "部分委办局数据接口提供不及时。" if pct in (40, 45, 50) else ""

        def act(day):
            services.progress_report(by=self.staff, project=self.p, period=period, percent=pct, summary=summary,
                                     problems=problems, on=day)
        return act

    def inspect(self, spec: dict, holder: dict):
        def act(day):
            holder["inspection"] = services.inspection_record(by=self.cast.lead(day), project=self.p,
                                                              findings=spec["findings"],
                                                              rectification_due=spec.get("due"), on=day)
        return act

    def rectify(self, spec: dict, holder: dict):
        def act(day):
            services.inspection_rectify(by=self.staff, inspection=holder["inspection"],
                                        rectification=spec["rectification"], on=day)
        return act

    def plan_crypto(self, end: date):
        def act(day):
            services.crypto_evaluation_record(by=self.staff, project=self.p, due_on=add_months(end, 2), on=day)
        return act

    def finish(self, completed_on: date) -> Iterator[date]:
        story = self.s.story
        day = self.day(completed_on, 3)
        yield day
        self.p = services.complete(by=self.staff, project=self.p, completed_on=completed_on, on=day)
        if story.get("fail_first"):
            day = yield from self.acceptance(completed_on, fail=True)
            completed_on = add_months(day, story["fail_first"])
            yield from self.construction(day, completed_on, rework=True)
            day = self.day(completed_on, 3)
            yield day
            self.p = services.complete(by=self.staff, project=self.p, completed_on=completed_on, on=day)
        if "postpone" in story:
            pp = story["postpone"]
            day = self.day(pp["on"])
            yield day
            request = services.postponement_request(by=self.staff, project=self.p, until=pp["until"],
                                                    reason=pp["reason"], on=day)
            day = self.day(day, 6)
            yield day
            organiser = selectors.acceptance_organiser(self.p, day)
            services.postponement_decide(by=self.cast.of(organiser.code), postponement=request, approve=True, on=day,
                                         comment="理由充分，同意延期至 {d} 前申请验收。".format(d=pp["until"]))
        if not self.reach(State.ACCEPTANCE_APPLIED):
            return
        yield from self.acceptance(completed_on)

    def acceptance(self, completed_on: date, fail: bool = False) -> Iterator[date]:
        story, cast = self.s.story, self.cast
        day = self.day(completed_on, 25)
        yield day
        second = self.p.acceptances.exists()
        for kind in ((AttachmentKind.SUMMARY,) if second else ACCEPTANCE_DOCS):
            self.upload(kind, day, note="整改后重新编制" if second else "")
        self.upload(AttachmentKind.SECURITY_ASSESSMENT, day, passed=True)
        crypto = self.upload(AttachmentKind.CRYPTO_ASSESSMENT, day, passed=True)
        if not second:
            services.crypto_evaluation_record(by=self.staff, project=self.p, due_on=add_months(completed_on, 3),
                                              done_on=day, passed=True, attachment=crypto, on=day)
        if story.get("late_apply"):
            self.p.refresh_from_db()
            day = self.day(self.p.acceptance_due, 24)
        else:
            day = self.day(day, 12)
        yield day
        attempt = services.apply_acceptance(by=self.staff, project=self.p, on=day)
        if not fail and not self.reach(State.ACCEPTING):
            return day
        organiser = cast.of(attempt.organiser.code)
        day = self.day(day, 10)
        yield day
        mode = story.get("mode", AcceptanceAttempt.Mode.COMMITTEE if self.p.total_investment >= Decimal("1000000")
                         else AcceptanceAttempt.Mode.UNIT_GUIDED)
        members = {
            AcceptanceAttempt.Mode.COMMITTEE: f"{attempt.organiser.short_name}牵头，市委网信办、市财政局、市保密局各 1 人及行业专家 3 人组成验收委员会。",
            AcceptanceAttempt.Mode.THIRD_PARTY: "委托钦州市演示信息咨询评估有限公司开展第三方验收。",
            AcceptanceAttempt.Mode.UNIT_GUIDED: f"指导建设单位组织验收，{attempt.organiser.short_name}派员全程监督。",
        }[mode]
        experts = [cast.expert] if mode == AcceptanceAttempt.Mode.COMMITTEE else []
        services.start_acceptance(by=organiser, project=self.p, mode=mode, members=members, experts=experts, on=day)
        if not fail and not self.reach(State.ACCEPTED):
            return day
        if experts:
            day = self.day(day, 9)
            yield day
            opinion = self.p.opinions.get(kind=OpinionKind.ACCEPTANCE, round=attempt.number, expert=cast.expert)
            if fail:
                self.give(opinion, day, Conclusion.DISAGREE, "系统压力测试未达到设计指标，部分点位未接入，建议整改后重新验收。")
            else:
                self.give(opinion, day, text="项目按批复内容完成建设，文档资料齐全，同意通过验收。")
        day = self.day(day, 3)
        yield day
        conclusion = story.get("fail_reason") if fail else "项目按批复的建设内容、规模和投资完成建设，系统运行稳定，同意通过验收。"
        services.conclude_acceptance(by=organiser, project=self.p, passed=not fail, conclusion=conclusion, on=day)
        if fail or not self.reach(State.ARCHIVED):
            return day
        day = self.day(day, 6)
        yield day
        self.upload(AttachmentKind.ACCEPTANCE_REPORT, day, by=organiser)
        day = self.day(day, 10)
        yield day
        self.p = services.file_report(by=self.staff, project=self.p, on=day)
        if not self.reach(State.OPERATING):
            return day
        day = self.day(day, 21)
        yield day
        self.p = services.start_operation(by=self.staff, project=self.p, on=day)
        return day


# ---------------------------------------------------------------- the plans and the scheduler

class Loader:
    def __init__(self, cast: Cast):
        self.cast = cast
        self.calendar = WorkdayCalendar()
        self.units = {o.code: o for o in Organisation.objects.filter(code__in={s.unit for s in PORTFOLIO})}
        self.walks = {s.key: Walk(self, s) for s in PORTFOLIO}
        self.uploads = 0
        self._serial = 100230
        self._refs: dict[tuple, int] = {}

    def workday(self, day: date, back: bool = False) -> date:
        step = timedelta(days=-1 if back else 1)
        while not self.calendar.is_workday(day):
            day += step
        return day

    def serial(self) -> int:
        self._serial += 37
        return self._serial

    def ref(self, issuer: str, day: date) -> str:
        prefix = {"gov": "钦政阅", "fgw": "钦发改审批", "dsj": "钦数据审"}[issuer]
        n = self._refs[(issuer, day.year)] = self._refs.get((issuer, day.year), 8) + 3
        return f"{prefix}〔{day.year}〕{n}号"

    def plans(self) -> Iterator[date]:
        cast = self.cast

        def plan(year):
            return AnnualPlan.objects.get(year=year)

        for year, submitted, decided, ref in ((2024, D(2023, 11, 24), D(2023, 12, 15), "市人民政府常务会议纪要〔2023〕41号"),
                                              (2025, D(2024, 12, 16), D(2025, 1, 17), "市人民政府常务会议纪要〔2025〕3号")):
            yield submitted
            services.plan_submit(by=cast.lead(submitted), plan=plan(year), on=submitted)
            yield decided
            services.plan_decide(by=cast.government, plan=plan(year), approve=True, decision_ref=ref, on=decided)
        day = D(2025, 11, 28)
        yield day
        services.plan_submit(by=cast.lead(day), plan=plan(2026), on=day)
        day = D(2026, 1, 16)
        yield day
        services.plan_decide(by=cast.government, plan=plan(2026), approve=False, on=day, reason=(
            "请按照过紧日子要求压减年度投资规模，优先保障急需项目，调整后重新报送。"))
        day = D(2026, 2, 6)
        yield day
        services.plan_remove(by=cast.lead(day), project=self.walks["a26_lingshan"].p, on=day, reason=(
            "按市人民政府审定意见压减年度投资规模，项目移出 2026 年度工作方案，统筹纳入以后年度。"))
        day = D(2026, 10, 30)
        yield day
        services.plan_submit(by=cast.lead(day), plan=plan(2026), on=day)
        day = D(2026, 11, 19)
        yield day
        order = [self.walks[k].p.pk for k in ("a27_xzspj", "a27_gaj", "a27_ybj")]
        services.plan_reorder(by=cast.lead(day), plan=plan(2027), project_ids=order, on=day)

    def run(self) -> None:
        """Every act of every project and plan, in business-date order."""
        generators = [self.plans(), *(w.run() for w in self.walks.values())]
        heap = []
        for index, gen in enumerate(generators):
            first = next(gen, None)
            if first is not None:
                heapq.heappush(heap, (first, index))
        while heap:
            day, index = heapq.heappop(heap)
            following = next(generators[index], None)  # performs the act dated ``day``
            if following is not None:
                if following < day:
                    raise AssertionError(f"{following} comes before {day} in the same history")
                heapq.heappush(heap, (following, index))


def load_demo_portfolio(*, stdout=None) -> int:
    """Create the demo projects through the services; returns how many (0 when they are already there)."""
    if Project.objects.filter(name__in=NAMES).exists():
        if stdout is not None:
            stdout.write(_("演示项目已存在，未重复载入。"))
        return 0
    with transaction.atomic():
        loader = Loader(Cast(DEMO_PASSWORD))
        loader.run()
    return Project.objects.filter(name__in=NAMES).count()
