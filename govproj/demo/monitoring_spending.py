"""Routine spending of the demo units: what a budget unit pays month by month, made so that no rule applies to it."""

from datetime import date

from govproj.demo.monitoring_ledger import Ledger
from govproj.demo.monitoring_units import (
    BANKS,
    END,
    OFFICE_PURPOSES,
    PRINT_PURPOSES,
    PROJECT_PAY,
    TRAINING_PURPOSES,
    TRAVEL_PURPOSES,
    UNITS,
    UTILITIES,
)


class RoutineSpending(Ledger):
    """The bulk of the files: bills, supplies, travel and programme payments, each kept clear of every rule."""

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
