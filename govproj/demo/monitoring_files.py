"""The demo treasury files of payment monitoring, generated deterministically (seeded random).

``python -m govproj.demo.monitoring_files`` rewrites ``data/monitoring/``: the five files the treasury and the
agent banks would export from 预算管理一体化系统 (accounts, indicators, plans, payments, feedback) for
2025-01-02 … 2026-11-20 and 27 municipal budget units, plus ``planted.csv``, the answer key: every
violation planted on purpose (``expected=命中``) with the warning rule it breaks, and the near-misses
(``expected=不命中``) that look like one but are within the rules. Everything else is routine
spending generated so that no rule applies to it; ``check()`` re-derives every rule from the rows
themselves and the generator refuses to write files whose routine rows would be caught.

The files are committed as data; the generator is kept so they can be changed and re-made.
"""

import csv
import io
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "monitoring"
SEED = 20230101  # 钦市财规〔2023〕1号
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


@dataclass
class Pay:
    voucher: str = ""
    unit: Unit | None = None
    paid_at: datetime | None = None
    amount: D = D(0)
    subject: str = ""
    indicator_subject: str = ""  # the subject of the indicator the payment is charged to
    purpose: str = ""
    payee_name: str = ""
    payee_account: str = ""
    payee_bank: str = ""
    method: str = "直接支付"
    pay_type: str = "普通支付"
    settlement: str = "转账"
    project_name: str = ""
    approval: str = ""
    label: str = ""  # planted.csv key
    indicator_code: str = ""
    plan_code: str = ""
    feedback_delay: timedelta | None = None
    feedback_override: dict = field(default_factory=dict)


@dataclass
class Plant:
    label: str
    rule: str
    expected: bool
    note: str


class Generator:
    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.units = {u.code: u for u in UNITS}
        self.payments: list[Pay] = []
        self.plants: list[Plant] = []
        self.accounts: list[dict] = []
        self.firms: dict[tuple, tuple] = {}
        self.used_accounts: set[str] = set()
        self.cards: dict[str, tuple] = {}
        self.approvals = 0
        self.schools: dict[str, str] = {}

    # ------------------------------------------------------------ names and numbers

    def account(self, bank: str) -> str:
        prefix, length = ACCOUNT_SHAPES[bank]
        while True:
            number = prefix + "".join(self.rng.choice("0123456789") for _ in range(length - len(prefix)))
            if number not in self.used_accounts:
                self.used_accounts.add(number)
                return number

    def card(self, bank: str) -> str:
        while True:
            number = CARD_PREFIX[bank] + "".join(self.rng.choice("0123456789") for _ in range(15))
            if number not in self.used_accounts:
                self.used_accounts.add(number)
                return number

    def firm(self, unit: str, kind: str, slot: int = 0) -> tuple[str, str, str]:
        """A company the unit deals with, with its account: (name, account, bank branch)."""
        key = (unit, kind, slot)
        if key not in self.firms:
            taken = {f[0] for f in self.firms.values()}
            while True:
                region = self.rng.choice(["钦州市", "钦州市", "广西", "广西北部湾", "钦州"])
                name = region + self.rng.choice(FIRM_WORDS) + self.rng.choice(TRADES[kind])
                if name not in taken:
                    break
            bank = self.rng.choice(list(BANKS))
            self.firms[key] = (name, self.account(bank), self.rng.choice(BRANCHES[bank]))
        return self.firms[key]

    def person(self, unit: str) -> tuple[str, str, str]:
        """A member of the unit's staff with the 公务卡 / salary card payments are made to."""
        pool = self.cards.setdefault(unit, [])
        if len(pool) < 6 or self.rng.random() < 0.1:
            name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
            bank = self.units[unit].bank
            pool.append((name, self.card(bank), BRANCHES[bank][0]))
        return self.rng.choice(pool)

    def moment(self, day: date, early: bool = False) -> datetime:
        minutes = self.rng.randint(8 * 60 + 30, (12 if early else 17) * 60 + 20)
        return datetime.combine(day, time(minutes // 60, minutes % 60, self.rng.randint(0, 59)))

    def workday(self, year: int, month: int, low: int = 1, high: int = 28) -> date:
        for _ in range(50):
            day = date(year, month, self.rng.randint(low, high))
            if day.weekday() < 5 and START <= day <= END:
                return day
        raise ValueError((year, month, low, high))

    def approval(self, day: date) -> str:
        self.approvals += 1
        return f"钦财国库〔{day.year}〕大额审批{self.approvals:03d}号"

    # ------------------------------------------------------------ the register of accounts

    def register(self) -> None:
        for u in UNITS:
            opened = date(self.rng.randint(2008, 2019), self.rng.randint(1, 12), self.rng.randint(1, 28))
            u.accounts["zero_balance"] = self.account(u.bank)
            rows = [("zero_balance", u.accounts["zero_balance"], BANKS[u.bank], opened)]
            basic_bank = self.rng.choice(list(BANKS))
            u.accounts["basic"] = self.account(basic_bank)
            rows.append(("basic", u.accounts["basic"], BANKS[basic_bank], opened - timedelta(days=400)))
            if u.real_fund:
                u.accounts["real_fund"] = self.account(u.bank)
                rows.append(("real_fund", u.accounts["real_fund"], BANKS[u.bank], opened + timedelta(days=90)))
            for kind, number, bank, on in rows:
                self.accounts.append({"账号": number, "单位名称": u.name, "账户类型": KIND_LABELS[kind], "开户银行": bank,
                                      "主管部门": u.parent, "开户日期": on.isoformat(), "销户日期": ""})
        for name, bank in SCHOOLS:
            number = self.account(bank)
            self.accounts.append({"账号": number, "单位名称": name, "账户类型": "实有资金账户", "开户银行": BANKS[bank],
                                  "主管部门": "钦州市教育局", "开户日期": "2012-09-01", "销户日期": ""})
            self.schools[name] = number
        # an old account closed before the period: part of the register, not of any payment
        self.accounts.append({"账号": self.account("ccb"), "单位名称": "钦州市统计局", "账户类型": "实有资金账户",
                              "开户银行": BANKS["ccb"], "主管部门": "", "开户日期": "2009-03-16",
                              "销户日期": "2024-06-28"})

    # ------------------------------------------------------------ routine spending

    def add(self, unit: Unit, day: date, amount, purpose: str, payee: tuple, *, subject: str | None = None,
            label: str = "", **extra) -> Pay:
        subject = subject or unit.admin
        p = Pay(unit=unit, paid_at=extra.pop("at", None) or self.moment(day), amount=money(amount), subject=subject,
                indicator_subject=extra.pop("indicator_subject", subject), purpose=purpose, payee_name=payee[0],
                payee_account=payee[1], payee_bank=payee[2], label=label, **extra)
        self.payments.append(p)
        return p

    def routine(self) -> None:
        rng = self.rng
        months = [(y, m) for y in (2025, 2026) for m in range(1, 13) if date(y, m, 1) <= END]
        for u in UNITS:
            if u.code == "dfzb":
                continue
            property_firm = self.firm(u.code, "property")
            for year, month in months:
                last = 20 if (year, month) == (END.year, END.month) else 28
                dec = 1.25 if month == 12 else 1.0
                pw = UTILITIES["power"]
                if rng.random() < 0.72 or month == 1:
                    self.add(u, self.workday(year, month, 5, last), rng.uniform(4000, 30000) * u.size,
                             pw[2].format(m=f"{(month - 2) % 12 + 1}"), self.utility("power"))
                for key in ("water", "telecom", "mobile"):
                    if rng.random() < 0.15:
                        name, _bank, text = UTILITIES[key]
                        self.add(u, self.workday(year, month, 5, last), rng.uniform(800, 9000) * u.size,
                                 text.format(m=f"{(month - 2) % 12 + 1}"), self.utility(key))
                if month % 3 == 1:  # quarterly property management, in arrears
                    q = (month - 1) // 3 or 4
                    qy = year if month > 1 else year - 1
                    self.add(u, self.workday(year, month, 8, last), rng.uniform(30000, 90000) * u.size,
                             f"办公楼物业管理服务费（{qy}年第{q}季度）", property_firm)
                if rng.random() < 0.25 * u.size * dec:
                    self.add(u, self.workday(year, month, 1, last), rng.uniform(1500, 28000),
                             rng.choice(OFFICE_PURPOSES), self.firm(u.code, "office", rng.randint(0, 2)))
                if rng.random() < 0.18 * u.size:
                    self.add(u, self.workday(year, month, 1, last), rng.uniform(2000, 15000),
                             UTILITIES["fuel"][2], self.utility("fuel"))
                if rng.random() < 0.06:
                    self.add(u, self.workday(year, month, 1, last), rng.uniform(1500, 18000), "公务用车维修保养费",
                             self.firm(u.code, "garage"))
                for _ in range(rng.choice([0, 0, 0, 1, 1, 2]) if u.size >= 1 else rng.choice([0, 0, 0, 1])):
                    purpose = rng.choice(TRAVEL_PURPOSES)
                    self.add(u, self.workday(year, month, 1, last), rng.uniform(600, 9000), purpose,
                             self.person(u.code), pay_type="公务卡还款" if "公务卡" in purpose else "普通支付")
                if rng.random() < 0.08:
                    self.add(u, self.workday(year, month, 1, last), rng.uniform(3000, 40000),
                             rng.choice(PRINT_PURPOSES), self.firm(u.code, "office", 3))
                if rng.random() < 0.08:
                    self.add(u, self.workday(year, month, 1, last), rng.uniform(5000, 45000),
                             rng.choice(TRAINING_PURPOSES), self.firm(u.code, "hotel"))
                if rng.random() < 0.05:
                    self.add(u, self.workday(year, month, 1, last), rng.uniform(300, 3000), UTILITIES["post"][2],
                             self.utility("post"))
                if month % 3 == 0 and u.code in ("jyj", "gaj", "wjw", "rsj", "zrzyj", "mzj", "sthjj"):
                    jg = self.units["jgfwzx"]  # canteen meals, paid to the service centre's registered account
                    self.add(u, self.workday(year, month, 8, last), rng.uniform(20000, 60000) * u.size,
                             f"机关食堂职工工作餐费（{year}年{month - 2}—{month}月）",
                             (jg.name, jg.accounts["basic"], BANKS["icbc"]))
                for i, prog in enumerate(u.programmes):
                    if rng.random() < min(0.95, 0.55 * u.size * dec):
                        # mid-month so that payments to one contractor are always weeks apart
                        day = self.workday(year, month, 8, min(last, 24))
                        amount = rng.uniform(prog.low, prog.high)
                        if prog.payee == "contractor":
                            amount = round(amount, -2)
                        n = month if year == 2025 else month + 12
                        purpose = prog.purpose if prog.payee != "contractor" else f"{prog.purpose}（第{n}期）"
                        self.add(u, day, amount, purpose, self.firm(u.code, prog.payee, i), subject=prog.subject)
        # a few large payments made with the approval the rule asks for (Art. 9 (一) 10)
        for code, year, month, amount, purpose in [
            ("jtysj", 2025, 3, "2680000", "国道G325线钦州段路面大中修工程预付款"),
            ("jtysj", 2026, 9, "1450000", "国道G325线钦州段路面大中修工程结算款"),
            ("zjj", 2025, 5, "1980000", "城区雨污分流改造工程进度款"),
            ("slj", 2025, 10, "1260000", "小型水库除险加固工程竣工结算款"),
            ("jyj", 2025, 8, "1500000", "中小学教师全员培训年度服务费"),
            ("dsj", 2026, 2, "1120000", "政务云平台年度资源租用服务费"),
            ("wjw", 2025, 11, "1350000", "卫生健康信息系统年度运维服务费"),
            ("cgj", 2026, 5, "1080000", "城区道路清扫保洁服务年度结算款"),
            ("nyncj", 2026, 7, "1730000", "高标准农田建设项目竣工结算款"),
            ("gaj", 2025, 6, "1640000", "公安信息系统年度运行维护服务费"),
        ]:
            u = self.units[code]
            prog = u.programmes[-1]
            self.add(u, self.workday(year, month, 8, 24), amount, purpose, self.firm(code, prog.payee, 9),
                     subject=prog.subject)
        self.platform_projects()
        self.small_unit()

    def utility(self, key: str) -> tuple[str, str, str]:
        name, bank, _text = UTILITIES[key]
        if (key, "account") not in self.firms:
            self.firms[(key, "account")] = (name, self.account(bank), BRANCHES[bank][0])
        return self.firms[(key, "account")]

    def platform_projects(self) -> None:
        """Payments under platform projects whose fiscal investment review is complete (near-misses)."""
        code, name = PROJECT_PAY["reviewed"]
        u = self.units[code]
        self.add(u, date(2026, 10, 15), "980000", "智慧警务数据融合平台建设合同预付款",
                 self.firm(code, "it", 7), subject=u.programmes[-1].subject, project_name=name, label="nfr_reviewed")
        code, name = PROJECT_PAY["operating"]
        u = self.units[code]
        for month in (3, 9):
            self.add(u, date(2026, month, 17), "168000", "智慧教育云平台（一期）运行维护服务费（半年）",
                     self.firm(code, "it", 7), subject=u.admin, project_name=name,
                     label="nfr_operating" if month == 9 else "")
        code, name = PROJECT_PAY["constructing"]
        u = self.units[code]
        for month, amount in ((3, "1080000"), (9, "720000")):
            self.add(u, date(2025, month, 23), amount, "食品安全智慧监管追溯平台建设合同进度款", self.firm(code, "it", 7),
                     subject=u.programmes[-1].subject, project_name=name,
                     label="nfr_constructing" if month == 9 else "")
        u = self.units["jyj"]
        self.add(u, date(2025, 7, 22), "436800", "2025年暑期中小学校舍维修改造工程进度款", self.firm("jyj", "contractor", 8),
                 subject=u.programmes[0].subject, project_name="2025年中小学校舍维修改造项目", label="nfr_not_platform")

    def small_unit(self) -> None:
        """市地方志办: a small office whose December is heavy, but whose year is below the rule's floor."""
        u = self.units["dfzb"]
        for year in (2025, 2026):
            for month in range(1, 13):
                day = date(year, month, 12)
                if day > END:
                    break
                self.add(u, self.workday(year, month, 5, 20), self.rng.uniform(1500, 2600),
                         f"{(month - 2) % 12 + 1}月电费", self.utility("power"))
        self.add(u, date(2025, 12, 10), "18600", "《钦州年鉴（2025）》编纂出版印刷费", self.firm("dfzb", "office", 3),
                 label="yer_small_unit")
        self.add(u, date(2025, 12, 17), "9800", "地方志资料数字化扫描服务费", self.firm("dfzb", "it"))

    # ------------------------------------------------------------ the planted violations and near-misses

    def plant(self, label: str, rule: str, note: str, expected: bool = True) -> None:
        self.plants.append(Plant(label, rule, expected, note))

    def planted(self) -> None:
        u = self.units
        jyj, rng = u["jyj"], self.rng
        # Art. 9 (一) 10: 大额资金 without the approval
        self.add(jyj, date(2026, 3, 18), "1000000.00", "城区学校运动场改造工程进度款",
                 self.firm("jyj", "contractor", 9), subject=jyj.programmes[0].subject, label="large_jyj")
        self.plant("large_jyj", "large_amount", "单笔恰为 100 万元（含本数），未附大额审批单号")
        self.add(u["zjj"], date(2025, 9, 16), "1860000", "城区雨污分流改造工程进度款", self.firm("zjj", "contractor", 9),
                 subject=u["zjj"].programmes[0].subject, label="large_zjj")
        self.plant("large_zjj", "large_amount", "186 万元，未附大额审批单号")
        self.add(u["jtysj"], date(2026, 6, 10), "2350000", "农村公路生命安全防护工程结算款",
                 self.firm("jtysj", "contractor", 8), subject=u["jtysj"].programmes[0].subject, label="large_jtysj")
        self.plant("large_jtysj", "large_amount", "235 万元，未附大额审批单号")
        self.add(u["slj"], date(2026, 4, 21), "999999.00", "小型水库除险加固工程进度款", self.firm("slj", "contractor", 8),
                 subject=u["slj"].programmes[0].subject, label="large_just_below")
        self.plant("large_just_below", "large_amount", "999,999 元，低于大额标准一元", expected=False)
        self.plant("large_jtysj_with_approval", "large_amount", "268 万元，附大额审批单号", expected=False)

        # Art. 9 (一) 15: one payment split into several below the threshold, within 7 days
        firm = self.firm("zjj", "contractor", 7)
        for i, (d, amount) in enumerate([(date(2025, 11, 3), "380000"), (date(2025, 11, 5), "360000"),
                                          (date(2025, 11, 7), "350000")]):
            self.add(u["zjj"], d, amount, f"老旧小区改造配套工程款（{i + 1}/3）", firm,
                     subject=u["zjj"].programmes[0].subject, label=f"split_zjj_{i}")
            self.plant(f"split_zjj_{i}", "split_payment", "5 日内向同一收款人支付 3 笔，合计 109 万元")
        firm = self.firm("jtysj", "contractor", 7)
        for i, (d, amount) in enumerate([(date(2026, 4, 14), "600000"), (date(2026, 4, 16), "450000")]):
            self.add(u["jtysj"], d, amount, "县乡公路桥梁加固工程款", firm, subject=u["jtysj"].programmes[0].subject,
                     label=f"split_jtysj_{i}")
            self.plant(f"split_jtysj_{i}", "split_payment", "3 日内向同一收款人支付 2 笔，合计 105 万元")
        firm = self.firm("nyncj", "contractor", 7)
        for i, (d, amount) in enumerate([(date(2025, 6, 9), "480000"), (date(2025, 6, 12), "490000")]):
            self.add(u["nyncj"], d, amount, "农田水利设施修复工程款", firm, subject=u["nyncj"].programmes[1].subject,
                     label=f"split_below_{i}")
            self.plant(f"split_below_{i}", "split_payment", "4 日内两笔合计 97 万元，未达大额标准", expected=False)
        firm = self.firm("slj", "contractor", 7)
        for i, (d, amount) in enumerate([(date(2025, 7, 7), "600000"), (date(2025, 7, 16), "550000")]):
            self.add(u["slj"], d, amount, "山洪沟治理工程款", firm, subject=u["slj"].programmes[0].subject,
                     label=f"split_apart_{i}")
            self.plant(f"split_apart_{i}", "split_payment", "两笔合计 115 万元，但相隔 9 天，超出 7 天窗口", expected=False)

        # Art. 9 (一) 13: into a real-fund account of the unit, its superior or a subordinate
        gaj, qinbei = u["gaj"], u["gaj_qinbei"]
        self.add(qinbei, date(2025, 8, 20), "260000", "执法办案经费划转市局统筹使用",
                 (gaj.name, gaj.accounts["real_fund"], BANKS[gaj.bank]), label="own_to_superior")
        self.plant("own_to_superior", "own_account_transfer", "钦北分局划入上级市公安局实有资金账户")
        jkj = u["jkj"]
        self.add(u["wjw"], date(2026, 5, 13), "420000", "拨付疾控局传染病防控工作经费",
                 (jkj.name, jkj.accounts["real_fund"], BANKS[jkj.bank]), subject=u["wjw"].programmes[0].subject,
                 label="own_to_subordinate")
        self.plant("own_to_subordinate", "own_account_transfer", "市卫生健康委划入所属市疾控局实有资金账户")
        school = SCHOOLS[0][0]
        self.add(jyj, date(2026, 9, 8), "350000", "拨付第一中学秋季学期学生资助资金",
                 (school, self.schools[school], BANKS["icbc"]), subject=jyj.programmes[0].subject,
                 label="own_to_school")
        self.plant("own_to_school", "own_account_transfer", "市教育局划入所属学校（账户登记时登记主管部门）实有资金账户")
        zyyy = u["zyyy"]
        self.add(jkj, date(2025, 10, 21), "86000", "委托开展传染病病原学检测服务费",
                 (zyyy.name, zyyy.accounts["real_fund"], BANKS[zyyy.bank]), subject=jkj.programmes[0].subject,
                 label="own_sibling")
        self.plant("own_sibling", "own_account_transfer", "市疾控局付给同属市卫生健康委的市中医医院，不是上下级", expected=False)

        # Art. 9 (一) 11: repaying what a real-fund account advanced (these are also transfers into own accounts)
        for label, code, day, amount, purpose in [
            ("adv_bdc", "bdcdjj", date(2025, 4, 15), "128000", "归垫一季度实有资金账户垫付的档案整理费"),
            ("adv_zyyy", "zyyy", date(2026, 2, 10), "96500", "归还垫付的医疗设备维修款"),
            ("adv_zrzyj", "zrzyj", date(2025, 12, 9), "215000", "还垫付的国土变更调查外业经费"),
        ]:
            unit = u[code]
            self.add(unit, day, amount, purpose, (unit.name, unit.accounts["real_fund"], BANKS[unit.bank]),
                     label=label)
            self.plant(label, "advance_repayment", "用途写明归还垫付，收款账户为本单位实有资金账户")
            self.plant(label, "own_account_transfer", "收款账户为本单位实有资金账户")
        person = self.person("mzj")
        self.add(u["mzj"], date(2025, 5, 14), "3860", "归垫职工代垫的养老机构检查差旅费", person, label="adv_to_person")
        self.plant("adv_to_person", "advance_repayment", "用途有“归垫”，但收款人是职工个人账户，不是实有资金账户",
                   expected=False)
        self.plant("travel_card_repayment", "advance_repayment", "“公务卡还款”含“还款”，收款人为公务卡，不是实有资金账户",
                   expected=False)

        # Art. 9 (一) 12: a payee that is a registered unit, into an account the register does not have
        jg = u["jgfwzx"]
        self.add(u["mzj"], date(2026, 1, 20), "52000", "机关食堂职工工作餐费（2025年10—12月）",
                 (jg.name, self.card("abc"), BRANCHES["abc"][0]), label="unreg_service_centre")
        self.plant("unreg_service_centre", "unregistered_payee_account", "市直属机关服务中心的收款账户未登记（个人卡号段）")
        self.add(u["scjgj"], date(2025, 11, 12), "64000", "委托开展食品安全快检人员培训服务费",
                 (zyyy.name, self.account("bbw"), BRANCHES["bbw"][1]), subject=u["scjgj"].programmes[0].subject,
                 label="unreg_hospital")
        self.plant("unreg_hospital", "unregistered_payee_account", "市中医医院已登记账户中没有该账号")
        self.add(u["sthjj"], date(2026, 7, 8), "138000", "委托开展海水浴场水质微生物监测服务费",
                 (jkj.name, self.account("icbc"), BRANCHES["icbc"][2]), subject=u["sthjj"].programmes[0].subject,
                 label="unreg_cdc")
        self.plant("unreg_cdc", "unregistered_payee_account", "市疾控局已登记账户中没有该账号")
        self.add(u["wlj"], date(2025, 9, 24), "75000", "城市形象宣传片制作播出费",
                 ("钦州市融媒体中心", self.account("bbw"), BRANCHES["bbw"][0]), label="unreg_no_accounts")
        self.plant("unreg_no_accounts", "unregistered_payee_account", "收款单位在机构名录中，但没有任何登记账户（不适用此规则）",
                   expected=False)
        self.plant("canteen_registered", "unregistered_payee_account", "付给市直属机关服务中心已登记的基本存款账户",
                   expected=False)

        # Art. 9 (一) 6: cash
        for label, code, day, amount, purpose, settlement, pay_type in [
            ("cash_jyj", "jyj", date(2026, 1, 22), "48000", "发放春节困难学生临时救助金", "现金", "授权支付"),
            ("cash_mzj", "mzj", date(2025, 6, 18), "20000", "提取备用金", "现金支票", "授权支付"),
            ("cash_nyncj", "nyncj", date(2026, 8, 5), "36500", "取现支付防疫消杀临时用工劳务费", "转账", "授权支付"),
        ]:
            unit = u[code]
            self.add(unit, day, amount, purpose, (unit.name, unit.accounts["zero_balance"], BANKS[unit.bank]),
                     settlement=settlement, pay_type=pay_type, method="授权支付", label=label)
            self.plant(label, "cash_withdrawal", f"结算方式“{settlement}”，用途“{purpose}”")
        self.add(u["zrzyj"], date(2025, 8, 19), "58000", "现场踏勘及界址点测量服务费", self.firm("zrzyj", "survey", 3),
                 subject=u["zrzyj"].programmes[0].subject, label="cash_near")
        self.plant("cash_near", "cash_withdrawal", "用途含“现场”而非现金，转账结算", expected=False)

        # Art. 9 (一) 8: against the frugality rules
        for label, code, day, amount, purpose, kind in [
            ("prohibited_jyj", "jyj", date(2025, 9, 26), "86400", "中秋节职工慰问购物卡采购", "supplier"),
            ("prohibited_gaj", "gaj", date(2026, 2, 3), "23680", "春节期间接待用烟酒采购", "supplier"),
            ("prohibited_zrzyj", "zrzyj", date(2025, 10, 28), "64200", "职工疗休养赴桂林旅游费用", "hotel"),
            ("prohibited_dsj", "dsj", date(2025, 12, 24), "31800", "年终客户答谢礼品采购", "supplier"),
        ]:
            self.add(u[code], day, amount, purpose, self.firm(code, kind, 5), label=label)
            self.plant(label, "prohibited_use", f"用途“{purpose}”")
        self.add(u["wlj"], date(2026, 4, 22), "186000", "全域旅游宣传推广服务费", self.firm("wlj", "service", 5),
                 subject=u["wlj"].programmes[0].subject, label="prohibited_tourism_promotion")
        self.plant("prohibited_tourism_promotion", "prohibited_use",
                   "关键词“旅游”命中，但这是文旅部门的旅游推广业务支出：核实后应排除疑点（关键词规则的已知误报）")
        self.add(u["jgfwzx"], date(2026, 6, 16), "42000", "机关礼堂音响及舞台灯光维修费", self.firm("jgfwzx", "service", 5),
                 label="prohibited_near")
        self.plant("prohibited_near", "prohibited_use", "“礼堂”不是“礼品”", expected=False)

        # Art. 9 (一) 4: paying a platform project before its fiscal investment review is complete
        for label, key, day, amount, purpose in [
            ("nfr_jyj", "review_pending", date(2026, 11, 5), "630000", "校园安全视频监控前端设备采购预付款"),
            ("nfr_wjw", "approved_no_review", date(2026, 9, 15), "420000", "基层医疗卫生机构信息系统升级开发预付款"),
            ("nfr_yjj", "approved_no_review2", date(2026, 8, 12), "380000", "森林防火监测前端感知设备采购预付款"),
        ]:
            code, name = PROJECT_PAY[key]
            unit = u[code]
            self.add(unit, day, amount, purpose, self.firm(code, "it", 6), subject=unit.programmes[-1].subject,
                     project_name=name, label=label)
            self.plant(label, "no_fiscal_review", f"“{name}”尚未完成财政投资评审")
        self.plant("nfr_reviewed", "no_fiscal_review", "评审已于 2026-08-26 完成后支付", expected=False)
        self.plant("nfr_operating", "no_fiscal_review", "已运维的平台项目（评审 2024 年完成）", expected=False)
        self.plant("nfr_constructing", "no_fiscal_review", "在建平台项目（评审 2024 年完成）", expected=False)
        self.plant("nfr_not_platform", "no_fiscal_review", "项目名称不是平台上的项目", expected=False)

        # Art. 9 (一) 9: December rush — 市司法局 pays 4 large service bills in December 2025
        sfj = u["sfj"]
        for i, (d, amount, purpose) in enumerate([
            (date(2025, 12, 8), "318000", "公共法律服务平台升级服务费"),
            (date(2025, 12, 15), "286000", "法治宣传教育基地布展费"),
            (date(2025, 12, 22), "254000", "社区矫正智慧管理设备采购款"),
            (date(2025, 12, 29), "197000", "人民调解员培训及案卷整理服务费"),
        ]):
            self.add(sfj, d, amount, purpose, self.firm("sfj", "service", 5 + i), subject=sfj.programmes[0].subject,
                     label=f"yer_sfj_{i}")
        self.plant("yer_small_unit", "year_end_rush", "市地方志办 12 月占比超 30%，但全年支付不足 10 万元", expected=False)

        # Art. 9 (一) 1: the payment's subject differs from the indicator's
        for label, code, day, amount, purpose, prog in [
            ("subject_jyj", "jyj", date(2025, 4, 17), "58600", "中小学教师信息技术应用能力培训费", 1),
            ("subject_rsj", "rsj", date(2026, 6, 23), "44000", "就业见习基地补贴经办服务费", 1),
            ("subject_ybj", "ybj", date(2025, 8, 13), "27500", "医保政策宣传折页印制费", 0),
        ]:
            unit = u[code]
            self.add(unit, day, amount, purpose, self.firm(code, "service", 6), subject=unit.programmes[prog].subject,
                     indicator_subject=unit.admin, label=label)
            self.plant(label, "subject_mismatch", f"支付科目 {unit.programmes[prog].subject}，指标科目 {unit.admin}")

        # Art. 9 (二) 2: the agent bank paid late; (二) 3: its feedback differs from the instruction
        for label, code, day, delay, note in [
            ("late_jyj", "jyj", date(2025, 11, 20), timedelta(days=3, hours=2), "3 天后才支付"),
            ("late_gaj", "gaj", date(2026, 3, 11), timedelta(hours=30), "30 小时后支付"),
            ("late_wjw", "wjw", date(2025, 7, 2), timedelta(hours=50, minutes=12), "50 小时后支付"),
        ]:
            unit = u[code]
            self.add(unit, day, rng.choice(["36800", "128000", "9650"]), rng.choice(OFFICE_PURPOSES),
                     self.firm(code, "office", 4), feedback_delay=delay, label=label,
                     at=datetime.combine(day, time(10, 12, 5)))
            self.plant(label, "late_payment", note)
        self.add(u["mzj"], date(2026, 10, 14), "12600", "办公家具采购", self.firm("mzj", "office", 4),
                 feedback_delay=timedelta(hours=23, minutes=50), label="late_near",
                 at=datetime.combine(date(2026, 10, 14), time(9, 5)))
        self.plant("late_near", "late_payment", "23 小时 50 分后支付，未超过 24 小时", expected=False)
        for label, code, day, override, note in [
            ("fb_amount", "rsj", date(2025, 10, 16), {"amount": "125800.00"}, "银行反馈金额 125,800.00，指令 128,500.00"),
            ("fb_account", "cgj", date(2026, 2, 25), {"account_digit": True}, "银行反馈收款账号与指令不一致"),
            ("fb_name", "yjj", date(2025, 6, 24), {"payee_name": "钦州市宏远安全技术咨询有限公司"}, "银行反馈收款人名称与指令不一致"),
        ]:
            unit = u[code]
            self.add(unit, day, "128500" if label == "fb_amount" else rng.choice(["46300", "88000"]),
                     unit.programmes[0].purpose, self.firm(code, unit.programmes[0].payee, 0),
                     subject=unit.programmes[0].subject, feedback_override=override, label=label)
            self.plant(label, "bank_feedback_mismatch", note)
        paren = ("广西北部湾（钦州）智慧城市科技有限公司", self.account("bbw"), BRANCHES["bbw"][0])
        self.add(u["dsj"], date(2026, 5, 19), "76000", "政务数据共享交换平台运维服务费", paren,
                 subject=u["dsj"].programmes[0].subject, label="fb_parentheses",
                 feedback_override={"payee_name": paren[0].replace("（", "(").replace("）", ")")})
        self.plant("fb_parentheses", "bank_feedback_mismatch", "反馈的收款人名称仅括号为半角，实为同一收款人", expected=False)

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


KIND_LABELS = {"zero_balance": "零余额账户", "real_fund": "实有资金账户", "basic": "基本存款账户"}
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


# ---------------------------------------------------------------- an independent reading of the rules

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
