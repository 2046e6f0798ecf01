"""The warning rules of payment monitoring (预警规则, 钦市财规〔2023〕1号 Art. 9–10).

Each rule has a stable id, a default severity and default parameters, and cites the item of
Article 9 it watches. Finance changes severity or parameters by adding a ``RuleSetting`` version
(``services.rule_setting_save``); a payment is judged by the version in force on its payment date.
The finders that do the screening live in ``screening``; this module only says what each rule is.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from govproj.rulebook.gazette import article_label
from govproj.rulebook.versions import Citation

DOCUMENT = "钦市财规〔2023〕1号"
ARTICLE = 9
BASELINE = "2024-01-01"  # the defaults are in force for everything the platform will ever screen


@dataclass(frozen=True)
class MonitorRule:
    id: str
    title: str
    severity: str
    item: str  # the item of Article 9 the rule watches, e.g. "（一）10"
    party: str  # "unit" or "bank": who answers for a confirmed violation (Art. 15 or 16)
    params: dict = field(default_factory=dict)
    param_labels: dict = field(default_factory=dict)

    @property
    def citation(self) -> Citation:
        return Citation(DOCUMENT, ARTICLE)

    @property
    def citation_label(self) -> str:
        return f"{DOCUMENT}{article_label(ARTICLE)}{self.item}"


FRUGALITY_KEYWORDS = ["烟酒", "香烟", "白酒", "茅台", "名酒", "礼品", "礼金", "购物卡", "消费卡", "会员卡", "高尔夫",
                      "会所", "私人会所", "夜总会", "KTV", "洗浴", "足浴", "桑拿", "旅游", "景区门票", "土特产",
                      "高档", "豪华", "奢侈", "名贵", "字画", "古玩"]
ADVANCE_KEYWORDS = ["归垫", "归还垫付", "归还垫支", "还垫", "垫付款", "垫支款", "归还借款", "还款"]
CASH_KEYWORDS = ["现金", "提现", "取现", "备用金"]

RULES: dict[str, MonitorRule] = {r.id: r for r in [
    MonitorRule("large_amount", _("大额资金支付未按规定程序办理手续"), "intercept", "（一）10", "unit",
                {"threshold": "1000000"}, {"threshold": _("大额支付标准（元，含本数）")}),
    MonitorRule("over_indicator", _("超预算指标支付"), "intercept", "（一）1", "unit"),
    MonitorRule("over_plan", _("超用款计划支付"), "intercept", "（一）9", "unit"),
    MonitorRule("subject_mismatch", _("支付科目与预算指标科目不符"), "warn", "（一）1", "unit"),
    MonitorRule("own_account_transfer", _("向本单位、上级主管部门或所属下级单位实有资金账户划转资金"), "warn",
                "（一）13", "unit"),
    MonitorRule("advance_repayment", _("归还实有资金账户垫付的资金"), "warn", "（一）11", "unit",
                {"keywords": ADVANCE_KEYWORDS}, {"keywords": _("用途关键词")}),
    MonitorRule("cash_withdrawal", _("提取现金"), "warn", "（一）6", "unit",
                {"keywords": CASH_KEYWORDS, "min_amount": "0"},
                {"keywords": _("结算方式、支付类型或用途关键词"), "min_amount": _("起点金额（元，含本数）")}),
    MonitorRule("prohibited_use", _("违反厉行节约规定的支出"), "warn", "（一）8", "unit",
                {"keywords": FRUGALITY_KEYWORDS}, {"keywords": _("用途禁止性关键词")}),
    MonitorRule("year_end_rush", _("年底突击花钱（12月支付占比过高）"), "warn", "（一）9", "unit",
                {"share": "0.30", "min_year_total": "100000"},
                {"share": _("12月支付占全年支付比例上限"), "min_year_total": _("全年支付不足此数的单位不预警（元）")}),
    MonitorRule("unregistered_payee_account", _("收款账户未在财政部门登记"), "warn", "（一）12", "unit"),
    MonitorRule("split_payment", _("拆分支付规避大额监控"), "warn", "（一）15", "unit",
                {"threshold": "1000000", "window_days": 7, "min_count": 2},
                {"threshold": _("大额支付标准（元）"), "window_days": _("时间窗口（天）"),
                 "min_count": _("最少笔数")}),
    MonitorRule("no_fiscal_review", _("项目未按规定完成财政投资评审即支付"), "warn", "（一）4", "unit"),
    MonitorRule("bank_feedback_mismatch", _("代理银行反馈信息与支付指令不一致"), "warn", "（二）3", "bank"),
    MonitorRule("late_payment", _("代理银行未及时支付"), "warn", "（二）2", "bank",
                {"max_hours": 24}, {"max_hours": _("支付时限（小时）")}),
]}


def decimal_param(params: dict, name: str) -> Decimal:
    return Decimal(str(params[name]))
