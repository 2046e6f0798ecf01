"""The demo portfolio as data: 66 projects, each a ``Spec`` of the story ``walk.Walk`` plays through the services.

The portfolio stands as of late November 2026 (``LIMIT``) and covers every state of ``states.State``
at least twice, both rulebook versions (钦政办规〔2023〕6号 until 2024-12-05, 〔2024〕1号 from
2024-12-06), both declaration types, plan years 2023–2027, 22 units and the stories a reviewer wants
to see: a returned approval item, an approved 信创 exception, a failed acceptance followed by a pass,
an approved postponement, a late acceptance application, inspections with and without rectification
(one overdue), the 2026 plan sent back by the government and resubmitted.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from govproj.projects.models import AcceptanceAttempt, AttachmentKind, PlanEntry
from govproj.projects.states import State

D = date
LIMIT = D(2026, 11, 20)  # the last business date the demo records (the calendar ends with 2026)
SWITCH = D(2024, 12, 6)  # 钦政办规〔2024〕1号 in force


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

NAMES = [s.name for s in PORTFOLIO]
