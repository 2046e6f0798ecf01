"""The monitoring analysis (钦市财规〔2023〕1号 Art. 20 (五), 24–26): a page, a workbook and a 分析报告.

Article 25 asks finance to sum up monitoring regularly, analyse the violations found, propose
remedies and circulate the problems that keep recurring; Article 24 to feed common problems and
typical cases back to the departments. The page shows the period's figures with three charts;
``export`` gives the same figures as an Excel workbook (one sheet per table) or as the report
in Word, with the suggestions section Article 25 requires. All figures come from ``selectors``,
so the page, the workbook and the report never disagree.
"""

import io
from decimal import Decimal

import xlsxwriter
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from docx.enum.text import WD_ALIGN_PARAGRAPH

from govproj.audit import services as audit
from govproj.common.documents import (
    DOCX_MIME,
    HEADING_FONT,
    TITLE_FONT,
    a4_document,
    cn_date,
    docx_bytes,
    grid_table,
    paragraph,
)
from govproj.common.export import XLSX_MIME, download
from govproj.common.money import yuan
from govproj.common.roles import Perm
from govproj.common.views import RoleRequiredMixin

from . import selectors
from .rules import DOCUMENT, RULES
from .selectors import Period

MAX_DAYS = 3660  # ten years: beyond that the month chart stops being readable


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("支付日期自"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("至"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
            if (end - start).days > MAX_DAYS:
                raise forms.ValidationError(_("统计期间不能超过十年。"))
        return data


def _period_form(request) -> PeriodForm:
    """The GET parameters, or this year so far when none are given."""
    default = Period.default()
    if "start" not in request.GET and "end" not in request.GET:
        return PeriodForm({"start": default.start.isoformat(), "end": default.end.isoformat()})
    return PeriodForm(request.GET)


def _num(value) -> float:
    """ECharts wants plain numbers; Decimal stays Decimal everywhere else."""
    return float(value or 0)


def charts(data: dict) -> dict:
    """ECharts options for the three charts, rendered by static/monitoring/analysis.js."""
    rules = [r for r in data["by_rule"] if r["total"]]
    units = data["top_units"]
    return {
        "rule": {"kind": "hbar", "labels": [r["title"] for r in rules], "series": [
            {"name": _("确认违规"), "data": [r["confirmed"] for r in rules], "stack": "n"},
            {"name": _("排除疑点"), "data": [r["dismissed"] for r in rules], "stack": "n"},
            {"name": _("待核实"), "data": [r["open"] for r in rules], "stack": "n"}]},
        "month": {"kind": "line", "labels": [m["label"] for m in data["by_month"]], "series": [
            {"name": _("疑点"), "data": [m["total"] for m in data["by_month"]]},
            {"name": _("确认违规"), "data": [m["confirmed"] for m in data["by_month"]]},
            {"name": _("排除疑点"), "data": [m["dismissed"] for m in data["by_month"]]}]},
        "unit": {"kind": "hbar", "labels": [u["name"] for u in units], "series": [
            {"name": _("确认违规"), "data": [u["confirmed"] for u in units], "stack": "n"},
            {"name": _("排除疑点"), "data": [u["dismissed"] for u in units], "stack": "n"},
            {"name": _("待核实"), "data": [u["open"] for u in units], "stack": "n"}]},
    }


class ReportView(RoleRequiredMixin, View):
    """The period analysis; an htmx request for a new period gets only the results partial."""

    permission_required = Perm.VIEW_MONITORING

    def get(self, request):
        form = _period_form(request)
        context = {"title": _("支付监控分析"), "form": form,
                   "can_export": request.user.has_perm(Perm.EXPORT_MONITORING.full),
                   "finance_view": request.user.has_perm(Perm.MANAGE_MONITORING.full)}
        status = 200
        if form.is_valid():
            period = Period(form.cleaned_data["start"], form.cleaned_data["end"])
            data = selectors.analysis(request.user, period)
            context.update(data=data, charts=charts(data), query=f"start={period.start}&end={period.end}")
        else:
            status = 400
        partial = getattr(request, "htmx", False) and not request.htmx.boosted
        template = "monitoring/analysis_results.html" if partial else "monitoring/analysis.html"
        return TemplateResponse(request, template, context, status=status)


class ExportView(RoleRequiredMixin, View):
    """``?format=xlsx`` the workbook, ``?format=docx`` the 分析报告; every export is audited."""

    permission_required = Perm.VIEW_MONITORING

    def get(self, request):
        if not request.user.has_perm(Perm.EXPORT_MONITORING.full):
            raise PermissionDenied
        kind = request.GET.get("format", "xlsx")
        if kind not in ("xlsx", "docx"):
            return HttpResponseBadRequest(_("导出格式应为 xlsx 或 docx。"))
        form = _period_form(request)
        if not form.is_valid():
            return HttpResponseBadRequest("；".join(form.non_field_errors()) or _("请填写正确的统计期间。"))
        period = Period(form.cleaned_data["start"], form.cleaned_data["end"])
        data = selectors.analysis(request.user, period)
        title = report_title(period)
        if kind == "xlsx":
            content, mime = workbook_bytes(data), XLSX_MIME
        else:
            content, mime = report_docx(data), DOCX_MIME
        audit.record(actor=request.user, action=audit.Action.EXPORT, object_type="monitoring.analysis",
                     object_id=f"{period.start}~{period.end}", object_repr=title,
                     after={"format": kind, "start": period.start, "end": period.end,
                            "doubts": data["summary"]["total"], "confirmed": data["summary"]["confirmed"]})
        return download(content, f"{title}_{timezone.localtime():%Y%m%d%H%M%S}.{kind}", mime)


report = ReportView.as_view()
export = ExportView.as_view()


def report_title(period: Period) -> str:
    return f"预算执行动态监控分析报告（{period.start:%Y%m%d}-{period.end:%Y%m%d}）"


def pct(value) -> str:
    return "—" if value is None else f"{value}%"


# ---------------------------------------------------------------- workbook

COUNT_HEADERS = ["疑点数", "预警", "拦截", "确认违规", "排除疑点", "待核实", "违规确认率（%）"]


def _counts(row) -> list:
    return [row["total"], row["warn"], row["intercept"], row["confirmed"], row["dismissed"], row["open"],
            _num(row["confirmed_rate"]) if row.get("confirmed_rate") is not None else ""]


def workbook_bytes(data: dict) -> bytes:
    """One sheet per table of the page; money as numbers with two decimals so the sheet can be summed."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True, "strings_to_formulas": False})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    money = book.add_format({"num_format": "#,##0.00"})

    def sheet(name: str, headers: list[str], rows: list[list]):
        ws = book.add_worksheet(name)
        ws.write_row(0, 0, headers, head)
        widths = [max(8, len(h) * 2 + 2) for h in headers]
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, Decimal):
                    ws.write_number(r, c, float(value), money)
                elif isinstance(value, (int, float)):
                    ws.write_number(r, c, value)
                else:
                    ws.write_string(r, c, "" if value is None else str(value))
                widths[c] = min(60, max(widths[c], len(str(value)) * 2 + 2))
        for c, w in enumerate(widths):
            ws.set_column(c, c, w)
        ws.freeze_panes(1, 0)

    s, p = data["summary"], data["period"]
    sheet("概况", ["项目", "数值"], [
        ["统计期间", p.label], ["监控支付笔数", s["payments"]], ["监控支付金额（元）", s["payments_amount"]],
        ["疑点数", s["total"]], ["其中：预警", s["warn"]], ["其中：拦截", s["intercept"]],
        ["涉及支付笔数", s["involved_payments"]], ["涉及支付金额（元）", s["involved_amount"]],
        ["确认违规", s["confirmed"]], ["排除疑点", s["dismissed"]], ["待核实", s["open"]],
        ["违规确认率（%）", _num(s["confirmed_rate"]) if s["confirmed_rate"] is not None else ""],
        ["确认违规涉及支付笔数", s["confirmed_payments"]], ["确认违规涉及金额（元）", s["confirmed_amount"]],
        ["处理单", data["cases"]["total"]], ["逾期未整改处理单", data["cases"]["overdue"]]])
    sheet("按预警规则", ["预警规则", "依据", *COUNT_HEADERS, "涉及金额（元）", "确认违规金额（元）"],
          [[r["title"], r["citation"], *_counts(r), r["amount"], r["confirmed_amount"]] for r in data["by_rule"]])
    unit_headers = [*COUNT_HEADERS, "涉及支付笔数", "涉及金额（元）", "确认违规金额（元）"]
    sheet("按预算单位", ["预算单位", *unit_headers],
          [[r["name"], *_counts(r), r["payments"], r["amount"], r["confirmed_amount"]] for r in data["by_unit"]])
    sheet("按代理银行", ["代理银行", *unit_headers],
          [[r["name"] or "（未登记）", *_counts(r), r["payments"], r["amount"], r["confirmed_amount"]]
           for r in data["by_bank"]])
    sheet("按月份", ["月份", *COUNT_HEADERS[:-1], "涉及金额（元）"],
          [[m["label"], *_counts(m)[:-1], m["amount"]] for m in data["by_month"]])
    sheet("多发易发问题", ["预算单位", "预警规则", "确认违规次数", "涉及月份数", "金额（元）", "最早支付日期", "最近支付日期"],
          [[r["unit"], r["title"], r["times"], r["months"], r["amount"], r["first"].isoformat(),
            r["last"].isoformat()] for r in data["recurring"]])
    sheet("典型案例", ["凭证号", "付款单位", "支付日期", "收款人", "金额（元）", "预警规则", "核实结论", "处理单", "处理单状态"],
          [_case_row(d) for d in data["typical"]])
    sheet("未办结处理单", ["处理单编号", "处理对象", "预警规则", "凭证号", "金额（元）", "状态", "整改期限", "是否逾期"],
          [[c.number, c.party_name, c.rule_title, c.doubt.payment.voucher, c.doubt.payment.amount,
            c.get_status_display(), c.deadline.isoformat() if c.deadline else "", "是" if c.is_overdue else "否"]
           for c in data["cases"]["unfinished"]])
    book.close()
    return buffer.getvalue()


def _case_row(doubt) -> list:
    payment = doubt.payment
    case = getattr(doubt, "case", None)
    return [payment.voucher, payment.payer_name, f"{timezone.localtime(payment.paid_at):%Y-%m-%d}",
            payment.payee_name, payment.amount, RULES[doubt.rule].title if doubt.rule in RULES else doubt.rule,
            doubt.conclusion, case.number if case else "", case.get_status_display() if case else ""]


# ---------------------------------------------------------------- the 分析报告 (Art. 25)

# What to propose when a rule's violations show up (Art. 25: 对策和建议). Kept next to the report,
# not in the rule registry, because they are finance's wording for this document, not part of a rule.
SUGGESTIONS = {
    "large_amount": "严格执行大额资金支付审批程序，大额支付须先履行审批手续、取得审批单号后再提交支付申请，财政部门对未附审批手续的大额支付予以拦截。",
    "over_indicator": "严格按照批复的预算指标支付资金，确需追加支出的，应按程序办理预算调剂后再行支付，杜绝超指标支付。",
    "over_plan": "科学编报用款计划，严格按计划用款；用款计划不足的，应先申请调整用款计划。",
    "subject_mismatch": "严格按照批复的预算科目和用途支付资金，不得擅自改变资金用途；确需调整科目的，依规办理预算调剂。",
    "own_account_transfer": "严禁通过零余额账户向本单位、上级主管部门或所属下级单位实有资金账户划转资金，确需划转的须事先报市财政局审核同意。",
    "advance_repayment": "规范实有资金账户垫付资金的管理，严格控制垫付范围，按规定办理归垫手续。",
    "cash_withdrawal": "严格控制现金使用，能够通过公务卡或银行转账结算的，一律不得提取现金。",
    "prohibited_use": "严格执行《党政机关厉行节约反对浪费条例》，严禁使用财政资金购买烟酒、礼品、购物卡和开展与公务无关的消费。",
    "year_end_rush": "加快预算执行进度，均衡安排支出，避免年底集中突击花钱；年底支付占比过高的单位，在下一年度预算编制中统筹考虑。",
    "unregistered_payee_account": "规范银行账户管理，单位开立、变更、撤销银行账户须按规定报市财政局审批或备案，向未登记账户付款的应核实原因并补办手续。",
    "split_payment": "不得将大额支付拆分为多笔支付规避大额资金监控，财政部门对短期内向同一收款人的多笔支付加强跟踪核查。",
    "no_fiscal_review": "政府投资项目应按规定完成财政投资评审后再支付资金，项目主管部门加强对项目前期手续的审核。",
    "bank_feedback_mismatch": "代理银行应及时、准确、完整地传输动态监控信息，对反馈信息与支付指令不一致的问题立即整改，并纳入代理银行服务质量考评。",
    "late_payment": "代理银行应严格按照业务规范及时办理支付清算，对未及时支付的问题限期整改，并纳入代理银行服务质量考评。",
}


def suggestions(data: dict) -> list[str]:
    """One suggestion per rule with confirmed violations, most frequent first, then the standing ones (Art. 24–26)."""
    found = sorted((r for r in data["by_rule"] if r["confirmed"] and r["rule"] in SUGGESTIONS),
                   key=lambda r: -r["confirmed"])
    items = [f"针对“{r['title']}”问题（确认违规 {r['confirmed']} 个）：{SUGGESTIONS[r['rule']]}" for r in found]
    if data["recurring"]:
        units = "、".join(dict.fromkeys(r["unit"] for r in data["recurring"]))
        items.append(f"对多发易发问题予以通报，{units}等单位应举一反三、开展自查自纠，并将整改情况报告预算单位主管部门和市财政局"
                     "（第二十二条第四项、第二十五条）。")
    if data["cases"]["overdue"]:
        items.append(f"对逾期未整改的 {data['cases']['overdue']} 份监控处理单，依第十五条第四项采取暂缓批复用款计划、暂缓拨付资金等措施。")
    items.append("将预算执行中的共性问题、典型案例和潜在风险反馈预算单位主管部门，督促各部门落实预算执行主体责任（第二十四条）。")
    items.append("将动态监控结果作为预算编制或调剂、制定完善相关管理制度和开展预算绩效管理的重要依据（第二十六条）。")
    return items


def report_docx(data: dict) -> bytes:
    """The 分析报告 with its 通报 of recurring problems, in the order Article 25 lists what it must contain."""
    s, p, c = data["summary"], data["period"], data["cases"]
    doc = a4_document()
    paragraph(doc, "钦州市本级财政预算执行动态监控分析报告", font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER,
              indent=False)
    paragraph(doc, f"（{p.label}）", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    paragraph(doc, f"根据《钦州市本级财政预算执行动态监控管理办法》（{DOCUMENT}）第二十五条规定，现将{p.label}"
                   "市本级财政预算执行动态监控情况分析报告如下。")

    paragraph(doc, "一、总体情况", font=HEADING_FONT)
    paragraph(doc, f"本期共监控国库集中支付 {s['payments']} 笔、金额 {yuan(s['payments_amount'])} 元。"
                   f"预警规则共发现疑点 {s['total']} 个（预警 {s['warn']} 个、拦截 {s['intercept']} 个），"
                   f"涉及支付 {s['involved_payments']} 笔、金额 {yuan(s['involved_amount'])} 元。")
    paragraph(doc, f"经核实，已认定疑点 {s['concluded']} 个，其中确认违规 {s['confirmed']} 个、排除疑点 {s['dismissed']} 个，"
                   f"违规确认率 {pct(s['confirmed_rate'])}；尚在核实的 {s['open']} 个。确认违规涉及支付 "
                   f"{s['confirmed_payments']} 笔、金额 {yuan(s['confirmed_amount'])} 元。")

    paragraph(doc, "二、疑点分布情况", font=HEADING_FONT)
    paragraph(doc, "（一）按预警规则", indent=True)
    rules = [r for r in data["by_rule"] if r["total"]]
    grid_table(doc, ["预警规则", "疑点数", "确认违规", "排除疑点", "待核实", "涉及金额（元）"],
               [[r["title"], str(r["total"]), str(r["confirmed"]), str(r["dismissed"]), str(r["open"]),
                 yuan(r["amount"])] for r in rules] or [["本期无疑点", "0", "0", "0", "0", "0.00"]], size=10.5,
               align={5: WD_ALIGN_PARAGRAPH.RIGHT})
    paragraph(doc, "（二）按预算单位（确认违规较多的前十个单位）")
    grid_table(doc, ["预算单位", "疑点数", "确认违规", "排除疑点", "涉及金额（元）"],
               [[u["name"], str(u["total"]), str(u["confirmed"]), str(u["dismissed"]), yuan(u["amount"])]
                for u in data["top_units"]] or [["本期无疑点", "0", "0", "0", "0.00"]], size=10.5,
               align={4: WD_ALIGN_PARAGRAPH.RIGHT})
    if data["by_bank"]:
        paragraph(doc, "（三）按代理银行")
        grid_table(doc, ["代理银行", "疑点数", "确认违规", "排除疑点", "涉及金额（元）"],
                   [[b["name"] or "（未登记）", str(b["total"]), str(b["confirmed"]), str(b["dismissed"]),
                     yuan(b["amount"])] for b in data["by_bank"]], size=10.5, align={4: WD_ALIGN_PARAGRAPH.RIGHT})

    paragraph(doc, "三、典型案例", font=HEADING_FONT)
    if not data["typical"]:
        paragraph(doc, "本期尚无确认违规的案例。")
    for i, doubt in enumerate(data["typical"], start=1):
        payment, case = doubt.payment, getattr(doubt, "case", None)
        handled = f"处理单 {case.number}，{case.get_status_display()}。" if case else ""
        paragraph(doc, f"{i}. {payment.payer_name}于{timezone.localtime(payment.paid_at):%Y年%-m月%-d日}向"
                       f"{payment.payee_name}支付 {yuan(payment.amount)} 元（凭证号 {payment.voucher}），"
                       f"存在“{_rule_title(doubt.rule)}”问题。核实结论：{doubt.conclusion or '—'}{handled}")

    paragraph(doc, "四、多发易发问题通报", font=HEADING_FONT)
    if data["recurring"]:
        paragraph(doc, f"以下单位在本期内同一问题在 {selectors.RECURRING_MONTHS} 个以上月份或累计 "
                       f"{selectors.RECURRING_TIMES} 次以上被确认违规，现予通报（第二十五条）：")
        grid_table(doc, ["预算单位", "问题", "确认次数", "涉及月份数", "金额（元）"],
                   [[r["unit"], r["title"], str(r["times"]), str(r["months"]), yuan(r["amount"])]
                    for r in data["recurring"]], size=10.5, align={4: WD_ALIGN_PARAGRAPH.RIGHT})
    else:
        paragraph(doc, "本期未发现多发易发违规问题。")

    paragraph(doc, "五、整改落实情况", font=HEADING_FONT)
    paragraph(doc, f"本期疑点共形成监控处理单 {c['total']} 份，已办结 {c['closed']} 份、已报整改结果待审核 {c['submitted']} 份、"
                   f"整改中 {c['open']} 份，其中逾期未整改 {c['overdue']} 份；办结率 {pct(c['closed_rate'])}。")
    overdue = [case for case in c["unfinished"] if case.is_overdue]
    if overdue:
        grid_table(doc, ["处理单编号", "处理对象", "问题", "整改期限"],
                   [[case.number, case.party_name, case.rule_title, f"{case.deadline:%Y-%m-%d}"]
                    for case in overdue], size=10.5)

    paragraph(doc, "六、存在的问题和建议", font=HEADING_FONT)
    for i, text in enumerate(suggestions(data), start=1):
        paragraph(doc, f"（{_chinese_number(i)}）{text}")

    paragraph(doc, "钦州市财政局", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    paragraph(doc, cn_date(timezone.localdate()), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    return docx_bytes(doc)


def _rule_title(rule_id: str) -> str:
    return str(RULES[rule_id].title) if rule_id in RULES else rule_id


def _chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")

