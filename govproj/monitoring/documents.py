"""Generated documents of payment monitoring: the 监控处理单 (Art. 17) and the 书面整改意见 (Art. 15 (三)) as .docx."""

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from govproj.common.documents import (
    BODY_FONT,
    HEADING_FONT,
    TITLE_FONT,
    a4_document,
    cn_date,
    docx_bytes,
    paragraph,
    set_font,
)
from govproj.common.money import yuan

from .models import Case, HandlingAction
from .rules import DOCUMENT, RULES

AUTHORITY = "钦州市财政局"
MEASURES = "钦州市本级财政预算执行动态监控管理办法"


def _load(case: Case) -> Case:
    return Case.objects.select_related("doubt", "doubt__payment", "doubt__assignee").get(pk=case.pk)


def _label_table(doc, rows):
    """A two-column form: 黑体 labels on the left, the values on the right."""
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Mm(35), Mm(121)
        cells[0].text = cells[1].text = ""
        set_font(cells[0].paragraphs[0].add_run(label), HEADING_FONT, 12)
        lines = str(value or "—").split("\n")
        set_font(cells[1].paragraphs[0].add_run(lines[0]), BODY_FONT, 12)
        for line in lines[1:]:
            set_font(cells[1].add_paragraph().add_run(line), BODY_FONT, 12)
    return table


def case_rows(case: Case) -> list[tuple[str, str]]:
    """The entries of the 监控处理单, in the order the form prints them (shared by the page and the .docx)."""
    doubt, payment = case.doubt, case.doubt.payment
    rule = RULES.get(doubt.rule)
    verifications = "\n".join(
        f"{v.on:%Y-%m-%d} {v.get_method_display()}{f'（{v.contact}）' if v.contact else ''}：{v.record}"
        for v in doubt.verifications.all())
    actions = "\n".join(
        f"{a.on:%Y-%m-%d}【{a.get_kind_display()}】{a.text}"
        + (f"（整改期限：{a.deadline:%Y-%m-%d}）" if a.deadline else "")
        + (f"（考评扣分：{a.score}）" if a.score is not None else "")
        for a in case.actions.all())
    return [
        ("处理单编号", case.number),
        ("处理对象", f"{case.party_name}（{case.get_party_display()}）"),
        ("付款人", f"{payment.payer_name}（账号 {payment.payer_account}）"),
        ("凭证号", payment.voucher),
        ("支付时间", f"{timezone.localtime(payment.paid_at):%Y-%m-%d %H:%M}"),
        ("支付金额", f"{yuan(payment.amount)} 元"),
        ("预算指标/科目", f"{payment.indicator_code} / {payment.subject}"),
        ("收款人", f"{payment.payee_name}（账号 {payment.payee_account}）"),
        ("用途", payment.purpose),
        ("预警规则", f"{rule.title if rule else doubt.rule}（{doubt.get_severity_display()}；"
                     f"{rule.citation_label if rule else DOCUMENT}）"),
        ("疑点情况", doubt.message),
        ("核实情况", verifications),
        ("核实结论", doubt.conclusion),
        ("处理情况", actions),
        ("整改期限", f"{case.deadline:%Y-%m-%d}" if case.deadline else ""),
        ("办理状态", case.get_status_display()),
        ("办结意见", case.closing_note + (f"（{timezone.localtime(case.closed_at):%Y-%m-%d}）"
                                       if case.closed_at else "")),
    ]


def case_docx(case: Case) -> bytes:
    """监控处理单 (Art. 17): what was found, how it was verified, how it was handled and how it ended."""
    case = _load(case)
    doc = a4_document()
    paragraph(doc, "钦州市本级财政预算执行动态监控处理单", font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER,
              indent=False)
    paragraph(doc, f"编号：{case.number}　　制单日期：{cn_date(timezone.localtime(case.opened_at).date())}", size=12,
              align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _label_table(doc, case_rows(case))
    assignee = case.doubt.assignee.get_full_name() if case.doubt.assignee else ""
    paragraph(doc, f"经办人：{assignee}", size=12, indent=False)
    paragraph(doc, f"{AUTHORITY}（盖章）", size=14, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    paragraph(doc, f"依据《{MEASURES}》（{DOCUMENT}）第十四条至第十七条。", size=10, indent=False)
    return docx_bytes(doc)


def opinion_docx(case: Case, opinion: HandlingAction) -> bytes:
    """书面整改意见 (Art. 15 (三)): the violation, what to do, the deadline and what follows if it passes."""
    case = _load(case)
    doubt, payment = case.doubt, case.doubt.payment
    rule = RULES.get(doubt.rule)
    doc = a4_document()
    paragraph(doc, f"{AUTHORITY}", font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    paragraph(doc, "书面整改意见", font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    paragraph(doc, f"（处理单编号：{case.number}）", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    paragraph(doc, f"{case.party_name}：", indent=False)
    paragraph(doc, "根据《{measures}》（{doc}）第十条、第十一条的规定，我局通过预算执行动态监控系统发现你单位于{paid}"
                   "支付的凭证号为{voucher}的款项（收款人：{payee}，金额：{amount}元，用途：{purpose}）存在"
                   "“{title}”问题。经核实：{conclusion}".format(
                       measures=MEASURES, doc=DOCUMENT, paid=cn_date(timezone.localtime(payment.paid_at).date()),
                       voucher=payment.voucher, payee=payment.payee_name, amount=yuan(payment.amount),
                       purpose=payment.purpose or "未填写", title=rule.title if rule else doubt.rule,
                       conclusion=doubt.conclusion.rstrip("。") + "。"))
    paragraph(doc, "一、整改要求", font=HEADING_FONT)
    paragraph(doc, opinion.text)
    paragraph(doc, "二、整改期限", font=HEADING_FONT)
    paragraph(doc, f"请于{cn_date(opinion.deadline)}前完成整改，并向我局提交书面整改结果和相关佐证材料"
                   f"（{DOCUMENT}第十五条第三项）。")
    paragraph(doc, "三、逾期未整改的处理", font=HEADING_FONT)
    paragraph(doc, "未在限期内落实本整改意见的，我局将依据有关规定，采取暂缓批复用款计划、暂缓拨付资金或按预算单位银行账户管理"
                   f"相关规定撤销违规账户等处理措施，并视情节严重程度在一定范围予以通报（{DOCUMENT}第十五条第四项）。")
    paragraph(doc, AUTHORITY, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    paragraph(doc, cn_date(opinion.on), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    paragraph(doc, f"（经办人：{opinion.by.get_full_name() or opinion.by.username}）", size=12, indent=False)
    return docx_bytes(doc)
