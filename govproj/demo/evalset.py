"""Labelled evaluation set of the duplicate-construction check, generated so that it can be rebuilt and read.

Run ``python -m govproj.demo.evalset`` to (re)write ``tests/data/corpus.jsonl`` (the
projects already on record) and ``tests/data/queries.jsonl`` (new declarations, each with the
ids of the record projects it duplicates). The output depends only on ``SEED``.

Why generated rather than collected: real declarations of Qinzhou are not public in bulk, and a
hand-labelled set of a few hundred pairs would hide how it was made. Here every project is a
*subject* of a department's work (路灯, 公交, 河湖长制 …) built as one *kind* of system (监测预警、
综合管理、移动巡查、指挥调度、公众服务、数据资源、视频监控). A corpus holds most subject × kind
pairs once, so next to every target stand its hardest negatives: the same subject built as
another kind of system, other subjects of the same department built as the same kind, and
umbrella projects (“智慧城管综合平台”) that name one module of many subjects. All of them share
the unit, the category and the generic words (智慧、平台、系统、建设 …) with the target.

A query is a redeclaration of one corpus project as another unit would write it: other
phrasings of the subject, the kind and each module (the phrasing pools below are written for
this set and are not the engine's synonym table, so the engine meets spellings it was never
told about), modules reordered, one dropped or a generic one added, every sentence of the
content said in other words (a background or scale sentence sometimes dropped, the figures kept
half of the time) or the content left out, the unit a county's counterpart or the bureau's other
name. Each query has exactly one relevant project: its source. Siblings of the source (same
subject, another kind) count as wrong answers, which makes top-1 precision a strict measure:
a reviewer would also want to see them, just below.
``bench/similarity.py`` uses ``synthetic_project`` and ``rewrite`` for its 50,000 projects.
"""

import json
import random
from dataclasses import dataclass
from pathlib import Path

SEED = 20241206
DATA = Path(__file__).parent / "tests" / "data"
COUNTIES = ("灵山县", "浦北县", "钦南区", "钦北区")
SUBJECT_KINDS = 5  # kinds built per subject in the corpus (of the seven)
UMBRELLAS = 2  # umbrella projects per domain
QUERIES = 240


def _phrasings(text: str) -> tuple[tuple[str, ...], ...]:
    """“a/b/c;d/e” → (("a", "b", "c"), ("d", "e")): modules separated by “;”, each module's phrasings by “/”."""
    return tuple(tuple(module.split("/")) for module in text.split(";"))


@dataclass(frozen=True)
class Subject:
    names: tuple[str, ...]
    objects: str
    modules: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Domain:
    name: str
    category: str
    units: tuple[str, ...]  # the city bureau's name, then other names it is known by
    county_unit: str  # the county counterpart is "{county}{county_unit}"
    subjects: tuple[Subject, ...]


@dataclass(frozen=True)
class Kind:
    names: tuple[str, ...]
    goals: tuple[str, ...]
    modules: tuple[tuple[str, ...], ...]


def _domain(name, category, units, county_unit, subjects):
    parsed = []
    for line in subjects:
        names, objects, modules = line.split("|")
        parsed.append(Subject(tuple(names.split("/")), objects, _phrasings(modules)))
    return Domain(name, category, tuple(units), county_unit, tuple(parsed))


KINDS = (
    Kind(("监测预警平台", "在线监测预警系统", "实时监测预警平台", "智能感知预警系统"),
         ("实现对{objects}的全天候在线监测和异常自动预警", "做到{objects}运行状态实时感知、风险早发现早处置",
          "对{objects}进行不间断监测，数据超出阈值即时告警"),
         _phrasings("实时监测/运行状态实时监测/在线实时监测;阈值预警/超限预警/异常预警研判;"
                    "预警信息推送/告警消息推送/预警短信通知;监测数据采集/前端感知数据接入/传感数据采集;"
                    "历史数据回溯/历史曲线查询/监测数据回放")),
    Kind(("综合管理平台", "业务管理系统", "信息管理系统", "综合业务平台"),
         ("实现{subject}业务全流程线上办理和台账统一管理", "把{subject}工作纳入统一系统，业务数据集中存储、统一统计",
          "规范{subject}业务流程，档案电子化、审批网上流转"),
         _phrasings("电子档案/档案台账/台账管理;审批流转/业务审批/网上审批流程;统计报表/报表统计/数据统计汇总;"
                    "考核评价/绩效考核/考评管理;基础信息库/基础数据库/主题数据库")),
    Kind(("移动巡查系统", "巡检巡查平台", "智能巡检系统", "巡查监管APP"),
         ("巡查任务线上派发、巡查轨迹可查、发现问题闭环整改", "巡查人员用手机开展{subject}巡查，问题随手上报、整改全程跟踪",
          "把{objects}的日常巡查搬到线上，做到任务有派发、过程有留痕、问题有销号"),
         _phrasings("巡查任务派发/巡检任务下发/巡查计划管理;巡查轨迹记录/巡检轨迹跟踪/人员定位轨迹;"
                    "问题上报/隐患随手拍上报/现场问题采集;整改跟踪/问题整改闭环/整改督办;巡查考勤/打卡签到/巡检签到")),
    Kind(("指挥调度平台", "可视化指挥调度系统", "联动指挥中心", "调度指挥一张图"),
         ("实现{subject}事件统一接入、可视化展示和跨部门联动指挥", "形成{subject}“一张图”指挥、扁平化调度的工作格局",
          "汇聚{objects}相关的人、车、物资和视频，遇事一键调度、协同处置"),
         _phrasings("一张图展示/地图可视化展示/综合态势一张图;视频调度/视频联动调度/远程视频指挥;"
                    "事件分拨/事件派单处置/工单分拨;资源调度/力量调配/人员物资调度;融合通信/多方通话/对讲集群")),
    Kind(("公众服务平台", "便民服务系统", "网上服务大厅", "群众服务平台"),
         ("为群众和企业提供{subject}网上办理、进度查询和投诉建议等服务", "让群众办理{subject}相关事项“最多跑一次”、掌上可办",
          "打通{subject}服务的线上渠道，办事指南、在线申办、结果查询一站提供"),
         _phrasings("网上办理/在线申办/网上申报;进度查询/办件查询/结果查询;投诉建议/意见反馈/留言咨询;"
                    "消息推送/短信提醒/通知推送;小程序服务/公众号服务/小程序入口")),
    Kind(("数据资源中心", "数据共享平台", "大数据分析平台", "数据治理平台"),
         ("汇聚{subject}相关数据，开展数据治理、共享和专题分析", "建成{subject}主题数据库，向各部门提供数据共享服务",
          "归集{objects}的业务数据，清洗后形成标准数据资源并开展挖掘分析"),
         _phrasings("数据汇聚/多源数据归集/数据采集接入;数据治理/数据清洗/数据质量管理;"
                    "数据共享接口/共享交换接口/数据服务接口;主题分析/专题分析/数据挖掘;数据目录/资源目录编制/目录管理")),
    Kind(("视频监控系统", "视频监控联网平台", "高清视频监控网", "视频感知网络"),
         ("在{objects}重点部位布设高清摄像机，实现视频联网、智能分析和资源共享", "建设覆盖{objects}的视频感知网络，看得见、看得清、能预警",
          "整合{objects}现有和新建视频点位，统一接入、统一存储、统一调阅"),
         _phrasings("前端摄像机布设/高清摄像头部署/前端点位建设;视频存储/录像存储/视频云存储;"
                    "智能视频分析/AI视频识别/视频智能分析;视频共享/视频资源共享/视频联网共享;点位管理/设备运维/设备状态巡检")),
)

GENERIC_MODULES = _phrasings("系统管理/后台管理/系统配置;用户权限管理/权限管理/角色权限;日志审计/操作日志/日志管理;"
                             "移动端应用/手机APP/移动应用;消息中心/消息通知/站内消息")

DOMAINS = (
    _domain("政务服务", "egov", ("钦州市行政审批局", "钦州市政务服务监督管理办公室"), "行政审批局", (
        "政务服务事项/行政审批事项/审批服务事项|政务服务事项和办件|事项清单管理/事项目录管理/权责清单维护;"
        "网上申报/在线申办/网上申请;并联审批/联合审批/多部门并联审批;办件跟踪/办件进度跟踪/审批进度查询;"
        "电子证照调用/证照共享调用/电子证照库对接",
        "政务服务大厅/政务大厅/政务服务中心|大厅窗口和排队叫号设备|排队叫号/智能叫号/取号排队;"
        "预约办事/网上预约/办事预约;好差评/服务评价/办件评价;窗口绩效/窗口考核/窗口效能监督;"
        "自助终端/自助服务一体机/24小时自助服务区",
        "12345热线/便民服务热线/市民热线|热线来电、工单和知识库|话务受理/来电受理/多渠道受理;"
        "工单派发/工单分办/工单流转;知识库/热线知识库/政策知识库;回访满意度/满意度回访/办理结果回访;"
        "热点分析/诉求热点分析/民意分析",
        "工程建设项目审批/工程审批/建设项目审批|工程建设项目从立项到竣工验收的审批事项|多规合一/多规合一协同/空间规划协同;"
        "联合审图/施工图联合审查/图纸联审;联合验收/竣工联合验收/限时联合验收;中介服务超市/中介超市/网上中介服务;"
        "审批时限监管/审批时限预警/审批超时督办",
        "公共资源交易/公共资源电子交易/招投标交易|工程招投标、政府采购和产权交易|电子招投标/网上招投标/全流程电子招标;"
        "远程异地评标/异地评标/远程评标;专家抽取/评标专家抽取/专家库管理;保证金管理/投标保证金/电子保函;"
        "交易见证/交易全过程记录/音视频见证",
        "电子证照/证照库/证照共享|各部门签发的证照和批文|证照归集/证照数据汇聚/历史证照入库;"
        "证照签发/电子签发/证照制证;用证核验/证照核验/亮证核验;签章服务/印章管理/电子签名;证照目录/证照类型目录/证照编目",
        "企业开办/开办企业/企业设立|企业设立登记、刻章、申领发票和社保登记|设立登记/企业名称申报/网上登记;"
        "公章刻制/印章刻制/刻章备案;发票申领/税务发票领取/涉税办理;员工参保登记/用工登记/参保登记;银行开户/预约开户/开户预约",
    )),
    _domain("城市管理", "smart_app", ("钦州市城市管理局", "钦州市城市管理综合行政执法局"), "城市管理局", (
        "路灯/城市照明/市政照明|路灯、灯杆和配电箱|单灯控制/单灯远程开关/路灯单灯调控;回路监测/供电回路监测/配电回路检测;"
        "故障报修/故障上报维修/报修工单;能耗统计/用电能耗分析/能耗计量;亮灯率考核/亮灯率统计/照明质量考评",
        "城市管理案件/城管问题/城市部件事件|城市部件和事件问题|案件受理/问题受理/案卷登记;立案派遣/派遣处置/协同派遣;"
        "处置反馈/结案核查/核查结案;监督员考核/信息采集员管理/采集员考核;部件普查/城市部件普查/部件数据更新",
        "户外广告/户外广告招牌/广告招牌|户外广告牌和店招|广告审批/设置审批/广告设置许可;广告台账/广告牌档案/设施台账;"
        "安全检测/牢固度检测/安全隐患排查;到期提醒/许可到期提醒/超期预警;违规设置/违法广告查处/违规广告处置",
        "渣土车/建筑垃圾运输/余泥渣土运输|渣土运输车辆和消纳场|车辆定位/北斗定位/车辆实时定位;"
        "核准管理/运输核准/处置核准;消纳场管理/消纳点管理/受纳场监管;抛洒滴漏/沿途撒漏识别/抛洒识别;"
        "违规处罚/违规运输查处/违章处置",
        "环卫作业/环境卫生/市容环卫|环卫车辆、环卫工人和公厕|作业车辆监管/环卫车辆定位/车辆作业监控;"
        "人员考勤/环卫工人考勤/作业人员管理;公厕管理/公共厕所监测/公厕运行管理;清扫保洁/道路清扫/保洁质量考核;"
        "垃圾清运/收运管理/垃圾收运",
        "垃圾分类/生活垃圾分类/垃圾分类回收|生活垃圾投放、收集和处理|分类投放/智能投放/定时定点投放;"
        "积分兑换/积分激励/绿色积分;分类收运/收运车辆监管/分类运输;末端处理监管/处理厂监管/处置场监管;"
        "督导检查/分类督导/入户宣传督导",
        "占道经营/流动摊贩/马路市场|占道经营和流动摊点|摊点登记/摊贩备案/经营点位登记;"
        "占道识别/违规识别/智能识别占道;劝导处置/现场劝导/执法处置;疏导点管理/便民疏导区/临时摊区管理;"
        "投诉处理/群众投诉/投诉处置",
        "违法建设/违建/两违|违法建设和违法用地|违建发现/卫片比对发现/违建巡查发现;违建台账/违建档案/图斑台账;"
        "拆除管理/拆违进度/拆除整治;举报受理/违建举报/线索举报;航拍比对/无人机航拍/影像比对",
        "园林绿化/城市绿化/绿地管理|公园绿地和行道树|绿地普查/绿地资源普查/绿化资源台账;古树名木/古树保护/名木古树管理;"
        "养护考核/绿化养护/养护作业监管;公园管理/公园游客管理/公园服务;病虫害防治/病虫害监测/虫情测报",
    )),
    _domain("交通运输", "smart_app", ("钦州市交通运输局", "钦州市交通运输综合行政执法支队"), "交通运输局", (
        "交通信号/路口信号/信号灯|城区路口信号灯和交通流|信号配时优化/配时方案优化/自适应配时;"
        "绿波协调/干线绿波/绿波带控制;路口流量检测/车流量检测/交通流采集;信号机联网/信号机接入/信号设备联网;"
        "特勤任务/特勤线路/一键绿波特勤",
        "公交/公共交通/城市公交|公交车辆、线路和站台|公交车辆调度/智能排班/车辆排班调度;"
        "实时公交查询/到站预报/公交到站查询;电子站牌/智能站牌/站台电子屏;客流统计/乘客客流分析/客流监测;"
        "移动支付乘车/扫码乘车/公交移动支付",
        "出租车/出租汽车/巡游出租车和网约车|出租车、网约车和驾驶员|营运车辆监控/出租车定位监管/车辆监管;"
        "驾驶员管理/从业资格管理/驾驶员信用考核;电召服务/电话叫车/约车服务;计价器监管/计价器检定/营运数据采集;"
        "服务质量投诉/乘客投诉/投诉处理",
        "城市停车/公共停车/停车|路内泊位和公共停车场|泊位感知/地磁车位检测/车位状态检测;余位发布/诱导屏发布/停车诱导;"
        "无感支付/停车缴费/电子支付缴费;停车场接入/停车场联网/停车资源整合;欠费追缴/逃费稽核/欠费管理",
        "治超/超限超载治理/货车超限|过境货车和超限检测站|不停车检测/动态称重/路面动态称重;"
        "超限抓拍/超限识别/违法抓拍;源头管控/货运源头监管/重点货运源头;非现场执法/非现场处罚/电子执法;"
        "检测站管理/治超站管理/检测站联网",
        "公路养护/农村公路/公路管养|国省干线和农村公路|路况检测/路面病害检测/公路技术状况评定;"
        "养护计划/养护工程计划/年度养护计划;桥梁隧道监测/桥梁健康监测/桥隧监测;路产路权/路政管理/路产管理;"
        "巡路管理/公路巡查/日常巡路",
        "两客一危/重点营运车辆/危险货物运输|客运班车、旅游包车和危货车辆|动态监控/车辆动态监控/卫星定位监控;"
        "疲劳驾驶/疲劳驾驶预警/驾驶行为分析;电子运单/危货电子运单/运单管理;企业安全台账/运输企业台账/企业安全管理;"
        "违规处置/报警处置/违规信息处置",
        "驾驶培训/机动车驾驶培训/驾校|驾校、教练员和学员学时|学时计时/计时培训/培训学时采集;"
        "教练员管理/教练员考核/教练信用;学员报名/网上报名/学员管理;培训质量评价/服务评价/学员评价;"
        "驾校信用/驾校考核/质量信誉考核",
    )),
    _domain("医疗卫健", "smart_app", ("钦州市卫生健康委员会", "钦州市卫健委"), "卫生健康局", (
        "全民健康信息/区域卫生信息/卫生健康信息|医疗机构诊疗数据和居民健康档案|居民健康档案/健康档案调阅/电子健康档案;"
        "病历共享调阅/检查报告互认/电子病历共享;检验结果互认/影像互认/检查检验互认;卫生统计直报/医疗数据上报/数据直报;"
        "电子健康卡/就诊卡/健康码",
        "医院信息/医院管理/HIS|门诊、住院和药房业务|门诊挂号/门诊收费/挂号收费;住院管理/住院结算/出入院管理;"
        "药房管理/药库管理/药品进销存;医生工作站/门诊医生站/医生站;护士工作站/护理管理/护理记录",
        "互联网医院/远程医疗/线上诊疗|线上问诊和远程会诊|在线问诊/图文问诊/视频问诊;远程会诊/远程诊断/专家会诊;"
        "电子处方/处方流转/在线处方;药品配送/送药上门/药品快递配送;复诊续方/慢病复诊/在线复诊",
        "基层医疗/乡镇卫生院/村卫生室|乡镇卫生院和村卫生室|家庭医生签约/家医签约/签约服务;"
        "公卫随访/慢病随访/基本公卫随访;基层诊疗/基层HIS/卫生室诊疗;远程心电/远程影像/远程诊断中心;"
        "基本药物管理/药品配备/药品零差率",
        "传染病监测/疾病预防控制/疾控|传染病病例和重点人群|病例报告/传染病报告/疫情报告;"
        "症状监测/发热门诊监测/哨点监测;流调管理/流行病学调查/流调溯源;疫苗接种/预防接种/接种管理;"
        "疫情研判/态势研判/疫情分析",
        "院前急救/120急救/紧急医疗救援|120急救呼叫和救护车|120受理/急救受理/呼救受理;"
        "救护车调度/急救车辆调度/车辆调派;车载监护/车载终端/院前病历;院前院内衔接/急救绿色通道/入院交接;"
        "急救站点/急救网点管理/站点布局",
        "妇幼健康/妇幼保健/母婴健康|孕产妇和儿童|孕产妇管理/孕产妇建档/孕期管理;儿童保健/儿童体检/儿保管理;"
        "出生医学证明/出生证明/出生登记;高危孕产妇/高危孕妇管理/高危妊娠预警;新生儿筛查/新生儿疾病筛查/听力筛查",
        "医疗保障/医保/医保基金|医保基金和定点医药机构|基金监管/医保基金监管/智能审核;"
        "定点机构管理/两定机构管理/定点医药机构;异地就医/跨省结算/异地结算;医保支付/DRG付费/按病种付费;"
        "医保电子凭证/医保码/电子医保凭证",
    )),
    _domain("教育", "smart_app", ("钦州市教育局", "钦州市教育局（市语委）"), "教育局", (
        "智慧校园/数字校园/校园|中小学校园|校园安全/校园安防/门禁安全;家校互通/家校沟通/家长通知;"
        "电子班牌/班牌/班级电子屏;校园一卡通/一卡通/校园卡;校产管理/教学设备管理/资产管理",
        "招生入学/义务教育招生/入学报名|义务教育阶段招生|网上报名/在线报名/入学申请;学位分配/学位派位/电脑派位;"
        "资格审核/材料审核/入学资格核验;招生信息发布/招生公告/政策发布;录取查询/录取结果查询/录取公示",
        "教育资源/优质教育资源/在线教学资源|课程资源和名师课堂|资源库/教学资源库/数字资源库;"
        "同步课堂/专递课堂/远程课堂;名师课堂/名师工作室/名师直播;在线备课/集体备课/教研备课;"
        "网络学习空间/人人通/学习空间",
        "学生资助/教育资助/资助管理|家庭经济困难学生|资助对象认定/困难学生认定/资助认定;"
        "资助发放/资金发放/补助发放;生源地贷款/助学贷款/信用助学贷款;资助台账/受助学生台账/资助档案;"
        "精准资助/资助数据比对/数据比对核查",
        "校车/学生接送/校车安全|校车和接送学生|校车定位/车辆定位/校车实时位置;刷卡乘车/学生刷卡/上下车记录;"
        "驾驶员管理/随车照管员/驾驶员资质;路线管理/线路规划/接送线路;到站提醒/家长通知/接送提醒",
        "教师管理/教师队伍/教师发展|全市中小学教师|教师档案/教职工信息/教师信息库;继续教育/教师培训/学分管理;"
        "职称评审/职称申报/职称管理;教师考核/师德考核/绩效考核;交流轮岗/教师交流/编制管理",
        "标准化考点/教育考试/考试|中高考标准化考点|考场视频巡查/考场监控/网上巡查;身份验证/考生身份核验/人脸核验;"
        "作弊防控/无线电监测/防作弊;考务管理/考务编排/考场编排;成绩查询/考试成绩/成绩发布",
    )),
    _domain("应急管理", "smart_app", ("钦州市应急管理局", "钦州市安全生产委员会办公室"), "应急管理局", (
        "应急指挥/应急救援指挥/突发事件指挥|各类突发事件|预案管理/应急预案/数字预案;值班值守/应急值守/值班管理;"
        "救援队伍/队伍管理/救援力量;应急物资/物资储备/物资调拨;灾情上报/信息报送/事件上报",
        "危险化学品/危化品/危险化学品企业|危化企业和重大危险源|重大危险源监测/危险源在线监测/重大危险源监控;"
        "企业安全承诺/安全承诺公告/承诺管理;特殊作业/动火作业/作业票管理;人员定位/厂区人员定位/定位管理;"
        "双重预防/风险分级管控/隐患排查治理",
        "森林防火/森林火灾/林火|林区和重点林场|火点监测/林火监测/烟火识别;护林员巡护/护林员管理/巡护轨迹;"
        "防火物资/扑火物资/物资管理;火险预报/火险等级/火险气象;火情处置/扑火调度/火情指挥",
        "自然灾害/灾害风险/防灾减灾|台风、洪涝和地质灾害|风险普查/灾害风险普查/隐患普查;"
        "灾情统计/灾情报送/灾情核查;避难场所/应急避难场所/避难点管理;预警发布/灾害预警/预警信息发布;"
        "灾害救助/受灾救助/救灾款物",
        "安全生产/安全监管/安全生产监管|工矿商贸企业|企业分类分级/企业监管档案/一企一档;"
        "执法检查/监督检查/执法计划;隐患整改/隐患闭环/整改复查;安全培训/三类人员培训/教育培训;"
        "事故调查/事故统计/事故管理",
        "城市生命线/城市安全/城市安全风险|燃气、供水、桥梁等城市生命线|燃气管网监测/燃气泄漏监测/燃气监测;"
        "供水管网监测/爆管监测/管网漏损;桥梁结构监测/桥梁安全/桥梁监测;综合风险评估/风险评估/风险一张图;"
        "联动处置/协同处置/事件联动",
        "消防/消防安全/社会消防|消防设施和重点单位|消防设施监测/消防栓监测/水压监测;火灾报警/火灾自动报警/烟感报警;"
        "重点单位管理/消防重点单位/单位档案;消防检查/防火检查/监督检查;电气火灾/电气火灾监测/用电安全",
    )),
    _domain("公安", "smart_app", ("钦州市公安局", "钦州市公安局科技通信科"), "公安局", (
        "公共安全视频/雪亮工程/社会治安视频|公共区域视频和社会视频资源|视频汇聚/视频接入/视频联网;"
        "人像识别/人脸识别/人像比对;车辆识别/车辆卡口/卡口识别;视频巡逻/网上巡逻/视频巡查;视频资源共享/共享服务/视频调阅",
        "110接处警/警情处置/接处警|110警情和警力|接警受理/报警受理/警情受理;警力调度/派警/警力派遣;"
        "警情分析/警情研判/警情统计;处警反馈/出警反馈/处置反馈;警务地图/警情地图/PGIS",
        "人口管理/户籍/流动人口|户籍人口和流动人口|户籍办理/户口迁移/户籍业务;居住证/居住证办理/流动人口登记;"
        "出租屋管理/出租房屋/租住登记;人口统计/人口分析/人口数据;身份证办理/证件办理/身份证",
        "交通违法/道路交通违法/交通违章|道路交通违法行为|违法抓拍/电子警察/违法取证;违法审核/违法数据审核/审核录入;"
        "违法处理/网上处理/缴款处理;驾驶人记分/记分管理/驾驶证记分;重点车辆/重点车辆布控/车辆布控",
        "出入境/出入境管理/边境管理|出入境人员和证件|证件办理/出入境证件/护照办理;自助签注/签注办理/自助办证;"
        "境外人员/外国人管理/境外人员住宿登记;边境管控/边境巡查/边境防控;预约办证/网上预约/出入境预约",
        "反诈/反电信网络诈骗/电诈|电信网络诈骗案件和潜在受害人|预警劝阻/止付劝阻/涉诈预警;"
        "资金止付/紧急止付/冻结止付;宣传防范/反诈宣传/防骗宣传;案件研判/涉诈研判/线索研判;重点人员/涉诈人员/高危人员",
    )),
    _domain("生态环境", "smart_app", ("钦州市生态环境局", "钦州市环保局"), "生态环境分局", (
        "大气环境/空气质量/大气污染|环境空气质量|空气质量监测/空气站监测/大气监测;污染溯源/来源解析/污染源解析;"
        "扬尘监测/工地扬尘/扬尘在线监测;重污染预警/重污染天气预警/污染预警;空气质量排名/排名通报/空气质量考核",
        "水环境/水质/水污染|河流断面和饮用水源地|水质自动监测/水质在线监测/水质监测站;断面考核/国控断面/断面水质考核;"
        "饮用水源地/水源地保护/水源地监控;入河排污口/排污口监管/排口监测;水质预警/水质超标预警/水污染预警",
        "污染源/排污单位/重点排污单位|重点排污企业|污染源在线监测/排放在线监控/在线监控;排污许可/排污许可证/许可管理;"
        "环境执法/移动执法/执法检查;用电监控/分表计电/用电监管;企业环境信用/环境信用评价/信用管理",
        "固体废物/固废/危险废物|危险废物和一般工业固废|危废申报/危废管理计划/产废申报;"
        "转移联单/电子联单/转移跟踪;经营单位/处置单位/利用处置;医废监管/医疗废物/医废收运;固废台账/产废台账/仓库台账",
        "海洋环境/近岸海域/海洋生态|钦州湾和茅尾海近岸海域|海水水质监测/近岸水质/海洋监测;"
        "赤潮预警/赤潮监测/海洋灾害预警;入海排污口/入海口/排口排查;红树林保护/红树林监测/湿地保护;"
        "海上漂浮垃圾/海漂垃圾/海洋垃圾",
        "噪声/声环境/环境噪声|城区声环境和功能区|噪声监测/声环境监测/噪声自动监测;噪声投诉/扰民投诉/投诉处理;"
        "施工噪声/工地噪声/夜间施工;功能区划/声功能区/区划管理;噪声地图/噪声分布/噪声一张图",
    )),
    _domain("农业农村", "smart_app", ("钦州市农业农村局", "钦州市乡村振兴局"), "农业农村局", (
        "农产品质量安全/农产品溯源/食用农产品|食用农产品生产主体|承诺达标合格证/电子合格证/合格证;"
        "生产主体/主体名录/生产者备案;农残检测/快速检测/农药残留检测;追溯码/一品一码/产品追溯;巡查监管/日常巡查/网格监管",
        "动物防疫/畜牧兽医/动物疫病|畜禽养殖场和动物检疫|免疫管理/强制免疫/防疫注射;"
        "检疫出证/电子出证/产地检疫;养殖场备案/养殖档案/规模养殖场;无害化处理/病死畜禽/无害化收集;疫情监测/疫病监测/动物疫情",
        "高标准农田/农田建设/耕地|高标准农田项目和耕地|项目上图入库/上图入库/项目图斑;建设进度/工程进度/项目进度;"
        "耕地质量/耕地质量监测/土壤墒情;农田设施/设施管护/工程管护;验收评价/竣工验收/项目验收",
        "防返贫/巩固脱贫/乡村振兴|脱贫人口和监测对象|防返贫监测/返贫预警/监测帮扶;帮扶措施/结对帮扶/帮扶台账;"
        "产业项目/帮扶产业/项目库;就业帮扶/务工监测/就业监测;资产管理/扶贫资产/项目资产",
        "农机/农业机械/农机作业|农机具和作业补贴|作业监测/农机作业监测/深松监测;购置补贴/农机补贴/补贴申领;"
        "农机定位/北斗农机/农机终端;农机合作社/合作社管理/服务组织;安全监理/农机安全/农机年检",
        "渔业/渔船/海洋渔业|海洋渔船和渔港|渔船定位/渔船动态/北斗渔船;进出港报告/渔港管理/进出港;"
        "休渔监管/禁渔期监管/伏季休渔;渔业资源/增殖放流/资源调查;船员管理/渔业船员/船员证书",
        "宅基地/农村宅基地/农村住房|农村宅基地和农房|宅基地审批/用地审批/建房审批;宅基地台账/一户一宅/宅基地数据库;"
        "农房建设/建房监管/农房巡查;闲置盘活/闲置宅基地/盘活利用;纠纷调处/矛盾调处/纠纷处理",
    )),
    _domain("港口物流", "smart_app", ("钦州港口管理局", "中国（广西）自由贸易试验区钦州港片区管理委员会"), "口岸办", (
        "港口生产/码头作业/港口作业|集装箱码头和散货码头|泊位调度/泊位计划/靠泊计划;堆场管理/堆场计划/箱区管理;"
        "智能闸口/闸口/道口自动化;船舶作业/装卸作业/作业计划;港口统计/吞吐量统计/生产统计",
        "国际贸易单一窗口/单一窗口/口岸通关|进出口货物申报和口岸通关|货物申报/报关申报/一次申报;"
        "舱单申报/运输工具申报/舱单;许可证件/证件联网核查/许可证核验;通关物流/通关状态/物流跟踪;口岸收费/收费公示/费用清单",
        "海铁联运/多式联运/铁海联运|西部陆海新通道海铁联运班列|班列计划/班列订舱/班列调度;箱源调配/空箱调拨/集装箱调配;"
        "在途跟踪/全程追踪/货物追踪;一单制/多式联运单证/联运提单;运费结算/费用结算/结算管理",
        "物流信息/物流公共信息/现代物流|物流企业、车辆和货源|车货匹配/货源发布/运力匹配;物流园区/园区管理/园区服务;"
        "冷链物流/冷链监测/温控追溯;运单管理/电子运单/订单管理;信用评价/物流信用/企业评价",
        "船舶监管/船舶动态/水上交通|进出港船舶和航道|AIS/船舶定位/船舶轨迹;航道监测/航道水深/航标监测;"
        "锚地管理/锚位调度/锚地监控;船舶报告/进出港报告/船舶签证;水上搜救/海上救援/搜救调度",
        "港口危险货物/危货作业/港口危化品|港区危险货物作业和储罐|作业申报/危货申报/作业审批;储罐监测/罐区监测/液位监测;"
        "重大危险源/危险源监控/港口危险源;安全检查/现场检查/隐患排查;应急处置/泄漏处置/事故处置",
    )),
    _domain("市场监管", "smart_app", ("钦州市市场监督管理局", "钦州市市场监管局"), "市场监督管理局", (
        "食品安全/食品监管/食品经营|食品生产经营主体|明厨亮灶/阳光厨房/后厨视频;食品抽检/抽样检验/抽检管理;"
        "许可管理/食品许可/经营许可;进口冷链/冷链食品/冷链追溯;风险预警/食品风险/风险监测",
        "特种设备/电梯/锅炉压力容器|电梯、锅炉和压力容器|设备登记/使用登记/设备档案;定期检验/检验到期/年检提醒;"
        "电梯困人/电梯应急/困人救援;维保监管/维保记录/维保管理;隐患排查/设备隐患/安全检查",
        "市场主体/企业信用/主体登记|企业和个体工商户|企业登记/主体登记/登记注册;信用公示/信用信息公示/年报公示;"
        "双随机/双随机一公开/随机抽查;经营异常/异常名录/严重违法失信;信用修复/修复管理/信用修复申请",
        "计量/计量器具/民生计量|加油机、电子秤等强检计量器具|器具备案/强检备案/器具登记;检定管理/强制检定/检定计划;"
        "在线监测/计量监测/加油机监测;计量投诉/消费投诉/投诉举报;检定证书/证书管理/电子证书",
        "药品安全/药品监管/药械|药品零售企业和医疗器械|药店监管/零售药店/药店视频;药品追溯/药品码/追溯码;"
        "不良反应/不良反应监测/ADR;处方药销售/凭处方销售/处方审核;器械监管/医疗器械/器械经营",
        "消费维权/12315/投诉举报|消费者投诉和举报|投诉受理/诉求受理/投诉登记;在线调解/ODR/在线纠纷解决;"
        "放心消费/放心消费承诺/消费承诺;投诉分析/投诉热点/诉求分析;消费预警/消费提示/风险警示",
    )),
    _domain("人力资源社会保障", "egov", ("钦州市人力资源和社会保障局", "钦州市人社局"), "人力资源和社会保障局", (
        "就业服务/公共就业/就业创业|求职者、用人单位和岗位|岗位发布/招聘信息/职位发布;求职登记/求职者登记/简历管理;"
        "人岗匹配/智能匹配/岗位推荐;就业补贴/补贴申领/创业补贴;失业登记/失业人员/失业保险",
        "社会保险/社保经办/养老保险|参保单位和参保人员|参保登记/参保缴费/参保管理;待遇核定/待遇发放/养老金发放;"
        "资格认证/待遇资格认证/生存认证;社保卡/社会保障卡/社保卡应用;关系转移/转移接续/跨地区转移",
        "欠薪/农民工工资/劳动保障监察|在建工程项目和农民工工资|实名制/实名制管理/用工实名;"
        "工资专户/专用账户/工资代发;欠薪预警/欠薪风险/欠薪监测;欠薪投诉/维权投诉/投诉举报;保证金/工资保证金/保证金管理",
        "职业技能培训/技能人才/职业培训|培训机构、学员和技能证书|培训报名/学员报名/班级管理;"
        "培训监管/培训过程监管/在线打卡;技能鉴定/技能等级认定/职业技能评价;证书查询/证书管理/电子证书;"
        "补贴发放/培训补贴/补贴审核",
        "人才/人才服务/高层次人才|引进人才和人才项目|人才认定/人才申报/人才评定;人才公寓/人才住房/住房补贴;"
        "人才档案/人才库/人才信息库;人才政策/政策兑现/政策申报;人才服务卡/服务卡/一卡通",
    )),
    _domain("民政", "egov", ("钦州市民政局", "钦州市民政局（市老龄办）"), "民政局", (
        "养老服务/居家养老/智慧养老|老年人和养老机构|养老机构/机构管理/养老院管理;居家服务/上门服务/居家养老服务;"
        "紧急呼叫/一键呼叫/智能手环;高龄补贴/养老补贴/补贴发放;服务评估/能力评估/老人评估",
        "社会救助/低保/困难群众|低保、特困和临时救助对象|救助申请/网上申请/一门受理;"
        "家庭经济核对/经济状况核对/核对系统;动态管理/对象动态调整/救助对象管理;资金发放/救助金发放/发放管理;"
        "主动发现/风险预警/监测预警",
        "婚姻登记/婚姻/结婚登记|婚姻登记业务|预约登记/网上预约/登记预约;电子证照/婚姻证照/结婚证照;"
        "档案管理/婚姻档案/档案数字化;身份核验/人证比对/身份核对;颁证服务/颁证仪式/个性化颁证",
        "殡葬/殡葬服务/殡葬管理|殡仪馆、公墓和遗体火化|火化管理/遗体火化/火化登记;公墓管理/墓位管理/墓穴管理;"
        "惠民殡葬/殡葬补贴/惠民补助;网上祭扫/云祭扫/网上祭奠;殡葬执法/殡葬监管/违规治理",
        "社会组织/社团/民办非企业|社会团体和民办非企业单位|登记审批/成立登记/变更登记;年检年报/年度报告/年检管理;"
        "等级评估/社会组织评估/评估管理;活动监管/执法监察/活动异常;党建管理/社会组织党建/党建工作",
        "儿童福利/未成年人保护/留守儿童|农村留守儿童和困境儿童|儿童信息/儿童档案/信息采集;"
        "关爱帮扶/关爱服务/帮扶台账;监护评估/监护能力/监护风险;儿童督导员/儿童主任/儿童工作者;"
        "困境儿童补贴/生活补贴/补助发放",
    )),
    _domain("住房城乡建设", "smart_app", ("钦州市住房和城乡建设局", "钦州市住建局"), "住房和城乡建设局", (
        "房产交易/房屋交易/商品房|新建商品房和存量房交易|网签备案/合同网签/网上签约;"
        "预售资金监管/资金监管/预售监管;存量房交易/二手房/二手房交易;房源核验/房源信息/房源核验码;楼盘表/楼盘数据/楼盘管理",
        "建筑工地/施工现场/在建工地|在建工程施工现场|扬尘监测/工地扬尘/环境监测;塔吊监测/塔机监测/起重机械;"
        "人员实名/劳务实名/实名考勤;高支模监测/深基坑监测/危大工程;质量安全检查/安全巡查/质量检查",
        "物业管理/住宅小区/物业服务|住宅小区和物业服务企业|维修资金/专项维修资金/维修基金;"
        "物业企业信用/信用评价/物业考评;业主投票/业主决策/电子投票;报事报修/物业报修/维修工单;小区备案/项目备案/小区档案",
        "燃气/城镇燃气/燃气安全|燃气企业、管网和用户|瓶装气追溯/气瓶追溯/钢瓶管理;管网巡检/燃气管网/管线巡查;"
        "用户安检/入户安检/安全检查;泄漏报警/可燃气体报警/报警联动;经营许可/燃气许可/企业管理",
        "保障性住房/公租房/住房保障|公租房、保障性租赁住房和住户|申请审核/资格审核/准入审核;"
        "轮候配租/配租管理/摇号配租;租金收缴/租金管理/缴费管理;退出管理/动态核查/资格复核;房源管理/房源台账/房源信息",
        "城建档案/建设工程档案/城市建设档案|建设工程竣工档案|档案接收/档案移交/电子档案接收;"
        "档案数字化/纸质档案数字化/档案扫描;档案利用/查档服务/档案查询;声像档案/影像档案/照片档案;"
        "预验收/档案预验收/档案验收",
    )),
    _domain("自然资源", "egov", ("钦州市自然资源局", "钦州市自然资源和规划局"), "自然资源局", (
        "国土空间规划/规划一张图/国土空间|国土空间规划成果|成果一张图/规划成果展示/规划图层;"
        "规划审查/智能审查/规划审批;指标监测/规划实施监测/指标体系;规划评估/实施评估/体检评估;数据库/规划数据库/成果数据库",
        "不动产登记/不动产/房地产登记|土地、房屋等不动产权利|一窗受理/综合受理/一窗办理;登记簿管理/不动产登记簿/登簿管理;"
        "权籍调查/地籍调查/权籍数据管理;不动产电子证照/电子证书/电子证明;抵押登记/网上抵押登记/银行抵押办理",
        "卫片执法/土地卫片/土地执法|违法用地图斑|图斑下发/卫片图斑/图斑核查;外业核查/实地核查/举证核查;"
        "违法处置/立案查处/违法用地处理;整改跟踪/整改销号/整改督办;统计通报/执法统计/月度通报",
        "测绘地理信息/基础测绘/实景三维|基础地理数据和实景三维|三维建模/倾斜摄影/实景建模;地图服务/天地图/在线地图;"
        "测绘成果/成果管理/成果分发;地名地址/标准地址/地名库;测量标志/测绘标志/标志保护",
        "矿产资源/矿山/矿业权|矿山和采矿权|矿业权管理/采矿权/探矿权;动态监测/矿山监测/开采监测;"
        "储量管理/储量数据库/资源储量;生态修复/矿山修复/复绿;越界开采/非法开采/盗采监测",
        "林业/林长制/森林资源|森林资源和林地|林长巡林/林长责任/林长制;森林资源/资源一张图/林地一张图;"
        "林木采伐/采伐许可/采伐审批;林业有害生物/松材线虫/病虫害;林权/林权登记/林权流转",
    )),
    _domain("水利", "smart_app", ("钦州市水利局", "钦州市水利局（市河长办）"), "水利局", (
        "河湖长制/河长制/河湖管理|江河湖库和河湖长|河长巡河/巡河管理/巡河轨迹;四乱问题/河湖四乱/问题清单;"
        "一河一策/河湖档案/一河一档;考核管理/河长考核/责任考核;公众参与/社会监督/民间河长",
        "水库/防汛/水旱灾害防御|中小型水库和江河水位|水雨情监测/雨量水位/水文监测;水库安全/大坝监测/大坝安全;"
        "洪水预报/防汛预警/汛情预警;山洪灾害/山洪预警/山洪监测;防汛调度/水库调度/调度会商",
        "农村供水/饮水安全/供水工程|农村集中供水工程|水厂监测/供水工程监测/水厂运行;水质监测/饮水水质/水质检测;"
        "管网漏损/漏损监测/管网监测;用水收费/水费收缴/计量收费;工程管护/运行管护/设施维护",
        "灌区/农田灌溉/灌溉|大中型灌区和渠系|渠系监测/渠道流量/斗口计量;闸门控制/闸门远控/闸控;"
        "灌溉调度/配水调度/用水计划;用水计量/农业水价/水权;灌区一张图/灌区地图/渠系一张图",
        "水资源/取用水/节水|取水户和取水口|取水许可/取水审批/许可管理;取水计量/在线计量/取水监测;"
        "水资源费/水资源税/费税征收;节水管理/节水载体/用水定额;地下水监测/地下水位/地下水",
        "水土保持/水土流失/水保|生产建设项目和水土流失|方案审批/水保方案/方案管理;遥感监管/图斑监管/天地一体化;"
        "监测站点/水保监测/监测点;补偿费/水土保持补偿费/补偿费征收;治理项目/综合治理/项目管理",
    )),
    _domain("文化旅游", "info_service", ("钦州市文化广电体育和旅游局", "钦州市文旅局"), "文化广电体育和旅游局", (
        "全域旅游/旅游服务/旅游|景区、酒店和游客|旅游一张图/景区导览/电子导览;客流监测/景区客流/游客流量;"
        "旅游投诉/游客投诉/投诉处理;电子票务/分时预约/门票预约;旅游营销/宣传推广/目的地营销",
        "景区/景区管理/旅游景区|三娘湾、八寨沟等A级景区|票务管理/售检票/检票闸机;景区安防/景区视频/安全监控;"
        "停车管理/景区停车/停车场;景区广播/应急广播/背景音乐;游客服务/游客中心/咨询服务",
        "公共文化/文化馆/图书馆|图书馆、文化馆和基层综合文化服务中心|数字图书馆/电子图书/数字阅读;"
        "文化活动/活动预约/场馆预约;总分馆/总分馆制/通借通还;文化资源/数字文化资源/资源库;群众文化/文艺培训/文化培训",
        "文物/文物保护/文物安全|文物保护单位和馆藏文物|文物安防/文物监测/安防监测;文物数字化/三维采集/数字化保护;"
        "馆藏管理/藏品管理/藏品档案;文物巡查/巡查管理/安全巡查;考古管理/考古发掘/考古项目",
        "全民健身/体育场馆/体育|公共体育场馆和健身设施|场馆预约/场地预约/在线订场;健身设施/健身路径/器材管理;"
        "赛事管理/赛事报名/比赛管理;体质监测/国民体质/体质测试;社会体育指导员/指导员/健身指导",
        "应急广播/广播电视/农村应急广播|县乡村三级应急广播|广播终端/音柱终端/大喇叭;播发管理/节目播发/信息播发;"
        "应急发布/预警广播/应急信息发布;终端监测/设备监测/终端状态;调度控制/分区控制/远程控制",
    )),
    _domain("数字政府基础设施", "infrastructure", ("钦州市大数据发展局", "钦州市大数据和行政审批局"), "大数据发展局", (
        "政务云/云资源/云计算|政务云资源|云主机/云服务器/计算资源;云存储/对象存储/存储资源;"
        "云安全/安全防护/等保防护;资源申请/云资源申请/资源审批;运维监控/运行监控/云监控",
        "电子政务外网/政务网络/政务专网|市县乡三级政务外网|网络接入/链路接入/乡镇接入;IPv6改造/IPv6/网络升级;"
        "边界防护/安全接入/网络安全;网管系统/网络运维/网络监测;移动接入/无线接入/VPN接入",
        "政务数据/公共数据/数据资源|各部门政务数据|数据目录/资源目录/目录编制;数据归集/数据汇聚/数据采集;"
        "共享交换/接口服务/数据接口;数据质量/数据清洗/数据治理;数据开放/开放平台/数据开放门户",
        "网络安全/安全态势/网络安全监测|党政机关网站和信息系统|态势感知/安全态势/威胁感知;"
        "漏洞扫描/漏洞管理/脆弱性检测;网站监测/网站安全/篡改监测;应急响应/安全事件处置/通报处置;等级保护/等保测评/安全测评",
        "城市运行管理/城市大脑/城市运行|城市运行各领域数据|城市体征/运行体征/指标监测;"
        "城市驾驶舱/领导驾驶舱/可视化大屏;事件中枢/事件协同/联动处置;专题应用/专题场景/场景应用;数据底座/数据中台/城市数据",
        "协同办公/办公自动化/OA|市直机关公文和办公事务|公文流转/公文处理/收发文;督查督办/督办管理/事项督办;"
        "会议管理/会议室预约/会务管理;电子印章/签章/印章;移动办公/掌上办公/手机办公",
    )),
)

# Each tuple says one thing in several ways: a rewrite keeps what the declaration says and changes how.
BACKGROUNDS = (
    ("目前{subject}工作主要依靠人工和纸质台账，信息分散，难以及时掌握全局。",
     "{subject}工作至今仍以手工台账为主，情况零散，全局掌握不及时。",
     "当前{subject}管理多靠人工填报和纸质记录，底数难以实时汇总。"),
    ("现有{subject}相关系统建设年代较早，功能单一、数据不通，已不能满足业务需要。",
     "原有的{subject}系统上线多年，功能简单，与其他系统数据不互通，难以适应当前工作。",
     "{subject}方面已有的信息系统老旧、各自独立，支撑不了现在的业务。"),
    ("为落实“数字钦州”建设要求，提升{subject}工作的信息化水平，{unit}提出本项目。",
     "{unit}按照“数字钦州”建设部署申报本项目，用以提高{subject}工作的数字化程度。",
     "本项目由{unit}提出，目的是落实数字钦州部署、提高{subject}领域信息化水平。"),
    ("近年来{subject}业务量持续增长，现有手段难以支撑精细化管理。",
     "{subject}业务量逐年上升，靠现有手段做不到精细管理。",
     "随着{subject}业务不断增加，原有工作方式已跟不上精细化管理的要求。"),
    ("按照自治区关于{subject}工作的部署，需要尽快补齐我市在这方面的信息化短板。",
     "自治区对{subject}工作提出了明确要求，我市相应的信息化手段亟待补齐。",
     "落实自治区{subject}工作部署，必须加快弥补本地信息化方面的不足。"),
    ("{subject}领域长期存在底数不清、监管滞后的问题，群众反映较多。",
     "{subject}方面底数不清、监管跟不上，群众意见较大。",
     "群众对{subject}问题反映集中，根源在于底数不明、监管滞后。"),
)
GOAL_SENTENCES = ("项目围绕{objects}，{goal}。", "通过本项目，{goal}。", "建成后将{goal}。", "项目目标是{goal}。")
MODULE_SENTENCES = ("主要建设{modules}等功能模块。", "平台包括{modules}等子系统。", "功能上涵盖{modules}。",
                    "建设内容包括{modules}。")
EXTRAS = (
    ("项目计划投资{amount}万元，建设周期{months}个月。", "总投资约{amount}万元，工期{months}个月。",
     "估算投资{amount}万元，计划{months}个月建成。"),
    ("系统与自治区相关业务系统对接，数据汇聚到市政务数据共享交换平台。",
     "平台对接自治区业务系统，业务数据归集至全市共享交换平台。",
     "向上对接自治区系统，向下数据统一汇入市级共享交换平台。"),
    ("项目覆盖市本级和四个县区，部署在市政务云上。", "建设范围包括市本级及各县区，统一部署于政务云。",
     "市县两级统一使用，系统部署在市政务云。"),
    ("建设范围为全市{towns}个乡镇（街道）。", "覆盖{towns}个乡镇和街道。", "在全市{towns}个乡镇（街道）推广应用。"),
    ("同步配套等级保护测评和商用密码应用安全性评估。", "同时开展等保测评和密码应用安全性评估。",
     "配套完成网络安全等级保护和商用密码评估工作。"),
    ("终端覆盖{towns}个基层站点，数据按日上报。", "在{towns}个基层站点部署终端，每日上报数据。",
     "基层站点{towns}个全部配置终端，数据日报。"),
)
NAME_DECOR = ("", "", "智慧", "数字", "智能")
NAME_SUFFIX = ("", "", "建设项目", "（一期）", "项目", "升级改造项目")
SEPARATORS = ("、", "、", "；", "，", "\n")


@dataclass(frozen=True)
class Project:
    """A project of the set, with what it was made of so that ``rewrite`` can say the same thing otherwise."""

    domain: Domain
    subject: Subject
    kind: Kind
    modules: tuple[tuple[tuple[str, ...], int], ...]  # (a module's phrasings, the phrasing used)
    subject_name: int
    kind_name: int
    county: str  # "" for a city project
    plan: tuple[tuple[str, int, int], ...]  # the content's sentences: (part, which statement, which phrasing)
    numbers: dict
    fields: dict

    def as_json(self, key: str) -> dict:
        return {"id": key, **self.fields}


def _unit(domain: Domain, county: str, rng: random.Random) -> str:
    return f"{county}{domain.county_unit}" if county else rng.choice(domain.units)


def _name(rng, county, subject_name, kind_name) -> str:
    return f"{county or rng.choice(('钦州市', '钦州市', ''))}{rng.choice(NAME_DECOR)}{subject_name}{kind_name}" \
           f"{rng.choice(NAME_SUFFIX)}"


def _numbers(rng) -> dict:
    return {"amount": rng.randrange(80, 3000, 10), "months": rng.choice((6, 8, 10, 12, 18, 24)),
            "towns": rng.randint(8, 70)}


def _plan(rng, kind: Kind) -> tuple[tuple[str, int, int], ...]:
    """Two to five sentences a declaration would use: background, goal, modules, and scale or links."""
    plan = [("goal", rng.randrange(len(GOAL_SENTENCES)), rng.randrange(len(kind.goals)))]
    if rng.random() < 0.7:
        plan.insert(0, ("background", rng.randrange(len(BACKGROUNDS)), rng.randrange(3)))
    if rng.random() < 0.8:
        plan.append(("modules", rng.randrange(len(MODULE_SENTENCES)), 0))
    plan += [("extra", group, rng.randrange(3)) for group in rng.sample(range(len(EXTRAS)), rng.randint(0, 2))]
    return tuple(plan)


def _content(rng, plan, numbers, subject_name, objects, kind, modules, unit) -> str:
    sentences = []
    for part, which, phrasing in plan:
        if part == "background":
            sentences.append(BACKGROUNDS[which][phrasing].format(subject=subject_name, unit=unit))
        elif part == "goal":
            goal = kind.goals[phrasing].format(subject=subject_name, objects=objects)
            sentences.append(GOAL_SENTENCES[which].format(objects=objects, goal=goal))
        elif part == "modules":
            listed = "、".join(rng.sample(modules, min(3, len(modules))))
            sentences.append(MODULE_SENTENCES[which].format(modules=listed))
        else:
            sentences.append(EXTRAS[which][phrasing].format(**numbers))
    return "".join(sentences)


def _build(rng, domain, subject, kind, modules, subject_name, kind_name, county, plan, numbers, category) -> Project:
    texts = [phrasings[i] for phrasings, i in modules]
    unit = _unit(domain, county, rng)
    fields = {
        "name": _name(rng, county, subject.names[subject_name], kind.names[kind_name]),
        "content": _content(rng, plan, numbers, subject.names[subject_name], subject.objects, kind, texts, unit),
        "functions": rng.choice(SEPARATORS).join(texts),
        "unit": unit,
        "category": category,
    }
    return Project(domain, subject, kind, tuple(modules), subject_name, kind_name, county, plan, numbers, fields)


def _pick(rng, pool, count) -> list[tuple[tuple[str, ...], int]]:
    return [(phrasings, rng.randrange(len(phrasings))) for phrasings in rng.sample(pool, min(count, len(pool)))]


def synthetic_project(rng: random.Random, domain: Domain, subject: Subject, kind: Kind) -> Project:
    """A declaration of ``subject`` built as ``kind``: three or four of the subject's modules, two or three of the kind's."""
    modules = _pick(rng, subject.modules, rng.randint(3, 4)) + _pick(rng, kind.modules, rng.randint(2, 3))
    if rng.random() < 0.5:
        modules += _pick(rng, GENERIC_MODULES, 1)
    rng.shuffle(modules)
    county = rng.choice(COUNTIES) if rng.random() < 0.25 else ""
    return _build(rng, domain, subject, kind, modules, rng.randrange(len(subject.names)),
                  rng.randrange(len(kind.names)), county, _plan(rng, kind), _numbers(rng), domain.category)


def _umbrella(rng: random.Random, domain: Domain) -> dict:
    """A department-wide platform naming one module of each of many subjects: it shares words with every target."""
    subjects = rng.sample(domain.subjects, min(5, len(domain.subjects)))
    kind = rng.choice(KINDS)
    texts = [rng.choice(rng.choice(s.modules)) for s in subjects] + [rng.choice(m) for m in rng.sample(kind.modules, 2)]
    field = domain.name
    goal = rng.choice(kind.goals).format(subject=field, objects=field + "各类对象")
    content = (f"整合{field}领域现有业务系统，建设统一的{field}综合平台，{goal}。"
               f"平台涵盖{'、'.join(s.names[0] for s in subjects)}等业务，主要建设{'、'.join(texts[:4])}等功能。")
    return {"name": f"钦州市{rng.choice(('智慧', '数字'))}{field}综合{rng.choice(('管理平台', '服务平台', '应用平台'))}",
            "content": content, "functions": "、".join(texts), "unit": rng.choice(domain.units),
            "category": domain.category}


def _other(rng: random.Random, count: int, current: int) -> int:
    """Another index than ``current`` among ``count``, when there is one."""
    return rng.choice([i for i in range(count) if i != current] or [current])


def _reworded(rng, plan: tuple, kind: Kind) -> tuple:
    """The same sentences said otherwise: another phrasing of each statement, a background or extra sometimes left out."""
    out = []
    for part, which, phrasing in plan:
        if part in ("background", "extra") and rng.random() < 0.25:
            continue
        if part == "goal":
            out.append((part, rng.randrange(len(GOAL_SENTENCES)), _other(rng, len(kind.goals), phrasing)))
        elif part == "modules":
            out.append((part, rng.randrange(len(MODULE_SENTENCES)), 0))
        else:
            out.append((part, which, _other(rng, 3, phrasing)))
    return tuple(out)


def rewrite(rng: random.Random, project: Project) -> dict:
    """The same system as another unit would declare it (see the module docstring)."""
    subject_name = _other(rng, len(project.subject.names), project.subject_name) if rng.random() < 0.6 \
        else project.subject_name
    kind_name = _other(rng, len(project.kind.names), project.kind_name) if rng.random() < 0.6 else project.kind_name
    modules = [(phrasings, _other(rng, len(phrasings), used) if rng.random() < 0.7 else used)
               for phrasings, used in project.modules]
    rng.shuffle(modules)
    if len(modules) >= 4 and rng.random() < 0.4:
        modules.pop()
    if rng.random() < 0.3:
        modules += _pick(rng, GENERIC_MODULES, 1)
    roll = rng.random()
    if project.county:
        county = "" if roll < 0.5 else rng.choice([c for c in COUNTIES if c != project.county])
    else:
        county = rng.choice(COUNTIES) if roll < 0.5 else ""
    numbers = project.numbers if rng.random() < 0.5 else _numbers(rng)  # another unit's scale differs
    rewritten = _build(rng, project.domain, project.subject, project.kind, modules, subject_name, kind_name, county,
                       _reworded(rng, project.plan, project.kind), numbers,
                       project.fields["category"] if rng.random() < 0.7 else "")
    fields = dict(rewritten.fields)
    if not county and roll >= 0.75:
        fields["unit"] = project.fields["unit"]  # the same unit declaring its own system again
    if rng.random() < 0.2:
        fields["content"] = ""  # a partial declaration: name and modules only
    return fields


def build(seed: int = SEED) -> tuple[list[dict], list[dict]]:
    """Corpus rows and query rows (each with ``relevant``), the same for the same seed."""
    rng = random.Random(seed)
    projects, rows = [], []
    for domain in DOMAINS:
        for subject in domain.subjects:
            for kind in rng.sample(KINDS, SUBJECT_KINDS):
                projects.append(synthetic_project(rng, domain, subject, kind))
        rows += [_umbrella(rng, domain) for _ in range(UMBRELLAS)]
    order = list(range(len(projects) + len(rows)))
    rng.shuffle(order)  # ids say nothing about what a row is
    keyed = [*projects, *rows]
    ids = {position: f"P{n + 1:04d}" for n, position in enumerate(order)}
    corpus = sorted((item.as_json(ids[i]) if isinstance(item, Project) else {"id": ids[i], **item}
                     for i, item in enumerate(keyed)), key=lambda row: row["id"])
    queries = []
    for number, i in enumerate(sorted(rng.sample(range(len(projects)), QUERIES)), start=1):
        queries.append({"id": f"Q{number:04d}", **rewrite(rng, projects[i]), "relevant": [ids[i]]})
    return corpus, queries


def write(folder: Path = DATA) -> tuple[Path, Path]:
    corpus, queries = build()
    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / "corpus.jsonl", folder / "queries.jsonl"
    for path, rows in zip(paths, (corpus, queries), strict=True):
        path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return paths


if __name__ == "__main__":
    for path in write():
        print(path)
