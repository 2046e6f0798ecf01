"""The planted violations and near-misses of the demo treasury files, rule by rule (Art. 9 of 钦市财规〔2023〕1号)."""

from datetime import date, datetime, time, timedelta

from govproj.demo.monitoring_ledger import Ledger
from govproj.demo.monitoring_units import BANKS, BRANCHES, OFFICE_PURPOSES, PROJECT_PAY, SCHOOLS


class PlantedCases(Ledger):
    """Each rule's violations and its near-misses, planted among the routine rows and written to the answer key."""

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
