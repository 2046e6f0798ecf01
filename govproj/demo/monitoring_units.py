"""Who the demo treasury files are about: the budget units, their banks, and the words payments are made of.

The 27 municipal budget units with their programmes (the subject each is paid under, what its payments say, who
they go to and how much), the agent banks and the shape of their account numbers, the platform projects the
payments name, and the pools firms, staff and routine purposes are drawn from.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal

START, END = date(2025, 1, 2), date(2026, 11, 20)  # the demo's business dates end with the portfolio's (LIMIT)
D = Decimal
CENT = D("0.01")
MILLION = D("1000000")

BANKS = {"icbc": "中国工商银行钦州分行", "ccb": "中国建设银行钦州分行", "abc": "中国农业银行钦州分行",
         "bbw": "广西北部湾银行钦州分行"}
ACCOUNT_SHAPES = {"icbc": ("2107", 19), "ccb": ("4505", 20), "abc": ("2030", 17), "bbw": ("8001", 16)}
CARD_PREFIX = {"icbc": "6222", "ccb": "6217", "abc": "6228", "bbw": "6231"}
BRANCHES = {"icbc": ["中国工商银行钦州分行营业部", "中国工商银行钦州永福支行", "中国工商银行钦州南珠支行"],
            "ccb": ["中国建设银行钦州分行营业部", "中国建设银行钦州扬帆支行", "中国建设银行钦州港支行"],
            "abc": ["中国农业银行钦州分行营业部", "中国农业银行钦州新兴支行", "中国农业银行钦州钦北支行"],
            "bbw": ["广西北部湾银行钦州分行营业部", "广西北部湾银行钦州城南支行"]}

KIND_LABELS = {"zero_balance": "零余额账户", "real_fund": "实有资金账户", "basic": "基本存款账户"}


@dataclass
class Programme:
    subject: str
    label: str  # 指标用途
    purpose: str  # what the payments under it say
    payee: str  # contractor | supplier | service | it | survey
    low: int
    high: int


@dataclass
class Unit:
    code: str
    name: str
    bank: str
    admin: str  # the 行政运行 subject
    programmes: list[Programme]
    size: float = 1.0
    real_fund: bool = False
    parent: str = ""  # the 主管部门 as the account register names it
    accounts: dict = field(default_factory=dict)  # kind -> account number


P = Programme
UNITS = [
    Unit("jyj", "钦州市教育局", "icbc", "2050101", [
        P("2050299", "中小学校舍维修改造", "中小学校舍维修改造工程进度款", "contractor", 150000, 800000),
        P("2050803", "中小学教师培训", "中小学教师全员培训服务费", "service", 20000, 180000)], 1.6, True),
    Unit("gaj", "钦州市公安局", "ccb", "2040201", [
        P("2040220", "执法办案", "执法办案装备采购款", "supplier", 30000, 400000),
        P("2040299", "公安信息化运行维护", "公安信息系统运行维护服务费", "it", 50000, 300000)], 1.8, True),
    Unit("gaj_qinbei", "钦州市公安局钦北分局", "ccb", "2040201", [
        P("2040220", "执法办案", "执法办案业务装备采购款", "supplier", 10000, 120000)], 0.7, True, "钦州市公安局"),
    Unit("wjw", "钦州市卫生健康委员会", "abc", "2100101", [
        P("2100408", "基本公共卫生服务", "基本公共卫生服务项目经费", "service", 50000, 600000),
        P("2100299", "卫生健康信息化", "卫生健康信息系统运维服务费", "it", 30000, 250000)], 1.4),
    Unit("jkj", "钦州市疾病预防控制局", "abc", "2100401", [
        P("2100409", "重大公共卫生服务", "重大传染病防控物资采购款", "supplier", 20000, 300000)], 0.8, True,
        "钦州市卫生健康委员会"),
    Unit("zyyy", "钦州市中医医院", "abc", "2100202", [
        P("2100299", "中医药事业发展", "中医诊疗设备采购款", "supplier", 30000, 400000)], 0.8, True,
        "钦州市卫生健康委员会"),
    Unit("mzj", "钦州市民政局", "bbw", "2080201", [
        P("2081002", "养老服务", "居家和社区养老服务购买服务费", "service", 30000, 300000)], 1.0),
    Unit("rsj", "钦州市人力资源和社会保障局", "icbc", "2080101", [
        P("2080109", "社会保险经办", "社保经办系统运维服务费", "it", 30000, 200000),
        P("2080799", "就业创业", "职业技能培训服务费", "service", 20000, 250000)], 1.1),
    Unit("zrzyj", "钦州市自然资源局", "ccb", "2200101", [
        P("2200106", "自然资源调查监测", "国土变更调查技术服务费", "survey", 50000, 600000)], 1.2, True),
    Unit("bdcdjj", "钦州市不动产登记局", "ccb", "2200101", [
        P("2200199", "不动产登记", "不动产登记档案数字化服务费", "it", 20000, 200000)], 0.8, True, "钦州市自然资源局"),
    Unit("zjj", "钦州市住房和城乡建设局", "icbc", "2120101", [
        P("2120399", "城市基础设施维护", "市政道路维修改造工程进度款", "contractor", 200000, 900000)], 1.5),
    Unit("jtysj", "钦州市交通运输局", "abc", "2140101", [
        P("2140106", "公路养护", "国省干线公路养护工程进度款", "contractor", 200000, 900000)], 1.5),
    Unit("nyncj", "钦州市农业农村局", "bbw", "2130101", [
        P("2130108", "农作物病虫害防控", "农作物重大病虫害防控物资采购款", "supplier", 20000, 300000),
        P("2130153", "高标准农田建设", "高标准农田建设工程进度款", "contractor", 150000, 850000)], 1.3),
    Unit("slj", "钦州市水利局", "abc", "2130301", [
        P("2130305", "水利工程建设", "小型水库除险加固工程进度款", "contractor", 150000, 900000)], 1.2),
    Unit("sthjj", "钦州市生态环境局", "icbc", "2110101", [
        P("2110302", "水污染防治", "入海河流水质监测服务费", "service", 30000, 300000)], 1.0),
    Unit("yjj", "钦州市应急管理局", "bbw", "2240101", [
        P("2240106", "安全生产监管", "安全生产执法检查技术服务费", "service", 20000, 200000),
        P("2240299", "应急物资储备", "应急救援物资采购款", "supplier", 20000, 300000)], 1.0),
    Unit("scjgj", "钦州市市场监督管理局", "ccb", "2013801", [
        P("2013816", "食品安全监管", "食品安全抽检监测服务费", "service", 20000, 300000)], 1.1),
    Unit("dsj", "钦州市大数据发展局", "icbc", "2010401", [
        P("2010499", "数字政府建设", "政务云资源租用服务费", "it", 50000, 500000)], 1.0),
    Unit("cgj", "钦州市城市管理行政执法局", "ccb", "2120104", [
        P("2120399", "市容环境卫生", "城区道路清扫保洁服务费", "service", 100000, 600000)], 1.3),
    Unit("wlj", "钦州市文化广电体育和旅游局", "bbw", "2070101", [
        P("2070109", "群众文化", "群众文化活动组织服务费", "service", 20000, 250000)], 1.0),
    Unit("ybj", "钦州市医疗保障局", "icbc", "2101501", [
        P("2101599", "医疗保障经办", "医保经办服务系统运维服务费", "it", 20000, 200000)], 0.9),
    Unit("sfj", "钦州市司法局", "abc", "2040601", [
        P("2040604", "基层司法业务", "人民调解及法律援助服务费", "service", 10000, 150000)], 0.8),
    Unit("xzspj", "钦州市行政审批局", "icbc", "2019999", [
        P("2019999", "政务服务", "政务服务大厅运行保障服务费", "service", 20000, 200000)], 0.9),
    Unit("rx12345", "钦州市12345热线管理中心", "bbw", "2010350", [
        P("2010399", "热线运行", "12345热线坐席外包服务费", "service", 50000, 300000)], 0.8, False,
        "钦州市人民政府办公室"),
    Unit("tjj", "钦州市统计局", "ccb", "2010501", [
        P("2010507", "统计调查", "统计调查入户采集劳务服务费", "service", 10000, 150000)], 0.7),
    Unit("jgfwzx", "钦州市直属机关服务中心", "icbc", "2010350", [
        P("2010399", "机关后勤保障", "机关办公区维修改造工程款", "contractor", 20000, 200000)], 0.8),
    Unit("dfzb", "钦州市地方志编纂委员会办公室", "bbw", "2013299", [], 0.15),
]
# Budget units known only from the account register (the platform registers them on import, Art. 9 (一) 13).
SCHOOLS = [("钦州市第一中学", "icbc"), ("钦州市第二中学", "ccb")]


PROJECT_PAY = {  # platform projects (the demo portfolio) and their state on 2026-11-20
    "review_pending": ("jyj", "钦州市中小学校园安全视频监控联网工程"),  # fiscal review submitted 2026-10-27
    "approved_no_review": ("wjw", "钦州市基层医疗卫生机构信息系统升级"),  # approved, never sent to review
    "approved_no_review2": ("yjj", "钦州市森林防火智能监测预警系统"),
    "reviewed": ("gaj", "钦州市公安局智慧警务数据融合平台"),  # review completed 2026-08-26
    "operating": ("jyj", "钦州市智慧教育云平台（一期）"),  # review completed 2024
    "constructing": ("scjgj", "钦州市食品安全智慧监管追溯平台"),
}

FIRM_WORDS = ["海湾", "鑫盛", "泰和", "湾区", "恒通", "锦程", "宏远", "北港", "钦江", "坭兴", "三娘湾", "鸿达", "万顺",
              "华信", "宏图", "安居", "金海", "瑞丰", "远航", "九洲", "康达", "利民", "新港", "天成", "建源", "正和",
              "嘉禾", "永福", "南珠", "龙门", "沙井", "长滩", "白石", "犀牛脚", "大榄坪", "鹿耳环", "平吉", "那丽",
              "久隆", "大寺", "黄屋屯", "青塘", "小董", "板城", "新棠", "尖山", "子材", "冯家", "刘永", "英罗"]
TRADES = {
    "contractor": ["建筑工程有限公司", "市政工程有限公司", "水利水电工程有限公司", "交通工程有限公司", "建设工程有限公司"],
    "supplier": ["商贸有限公司", "设备有限公司", "医疗器械有限公司", "贸易有限公司"],
    "service": ["技术服务有限公司", "管理咨询有限公司", "人力资源服务有限公司", "检测技术有限公司", "环境服务有限公司"],
    "it": ["信息技术有限公司", "网络科技有限公司", "软件有限公司", "数据科技有限公司"],
    "survey": ["测绘地理信息有限公司", "勘测设计有限公司"],
    "property": ["物业服务有限公司", "物业管理有限公司"],
    "office": ["办公设备有限公司", "文具有限公司", "印务有限公司"],
    "garage": ["汽车维修服务有限公司", "汽车服务有限公司"],
    "hotel": ["酒店管理有限公司", "宾馆有限公司"],
}
SURNAMES = "黄李陈韦梁覃莫刘苏陆蒙农钟潘卢张王林何杨罗周吴宁谢邓冯庞甘劳"
GIVEN = ["文静", "建国", "晓明", "志强", "海燕", "立新", "丽华", "振宇", "秀梅", "丽娟", "家豪", "国栋", "春燕", "志刚",
         "晓燕", "美玲", "建华", "俊杰", "思远", "海波", "丽萍", "振林", "子涵", "文斌", "伟", "婷婷", "光", "海明",
         "雪梅", "永强", "桂芳", "少华", "金凤", "德明", "彩霞", "继红", "新华", "玉兰", "承志", "秋菊"]
UTILITIES = {
    "power": ("广西电网有限责任公司钦州供电局", "abc", "{m}月电费"),
    "water": ("钦州市城市供水有限公司", "ccb", "{m}月水费"),
    "telecom": ("中国电信股份有限公司钦州分公司", "icbc", "{m}月电子政务外网及固定电话通信费"),
    "mobile": ("中国移动通信集团广西有限公司钦州分公司", "icbc", "{m}月移动通信及宽带服务费"),
    "post": ("中国邮政集团有限公司钦州市分公司", "bbw", "公文及档案邮寄费"),
    "fuel": ("中国石化销售股份有限公司广西钦州石油分公司", "icbc", "公务用车加油费"),
}
OFFICE_PURPOSES = ["办公用品采购", "打印机耗材采购", "办公家具采购", "复印纸采购", "档案盒及装具采购"]
PRINT_PURPOSES = ["宣传资料印刷费", "政策汇编印刷费", "工作简报印制费"]
TRAVEL_PURPOSES = ["公务卡还款（差旅费）", "公务卡还款（市内交通费）", "差旅费报销", "公务卡还款（会议注册费）"]
TRAINING_PURPOSES = ["业务培训场地租用费", "业务培训会议费"]


def money(value) -> D:
    return D(str(value)).quantize(CENT)


def ceil_to(value: D, step: int) -> D:
    return (value / step).to_integral_value(ROUND_CEILING) * step
