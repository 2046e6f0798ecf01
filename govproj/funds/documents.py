"""Generated documents of the fund: the 经费安排计划 (Art. 18) as a 公文 (.docx)."""

from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

from govproj.common.documents import (
    HEADING_FONT,
    TITLE_FONT,
    a4_document,
    cn_date,
    docx_bytes,
    grid_table,
    paragraph,
    set_font,
)
from govproj.common.money import yuan
from govproj.orgs.models import Organisation
from govproj.rulebook.versions import version_on

from .models import ArrangementPlan

HEADERS = ["序号", "建设单位", "项目名称", "经费类别", "申请金额（元）", "核定金额（元）", "安排金额（元）"]
AMOUNT_COLUMNS = (4, 5, 6)
RIGHT = {i: WD_ALIGN_PARAGRAPH.RIGHT for i in AMOUNT_COLUMNS}


def plan_title(plan: ArrangementPlan) -> str:
    return f"{plan.fund.year}年大数据产业发展专项资金安排计划（第{plan.batch}批）"


def plan_date(plan: ArrangementPlan):
    """The day whose rules the plan rests on: its approval, else its submission, else today (a draft)."""
    return plan.decided_on or plan.submitted_on or timezone.localdate()


def _total_cell(cell, text: str, align) -> None:
    cell.text = ""
    cell.paragraphs[0].alignment = align
    set_font(cell.paragraphs[0].add_run(text), HEADING_FONT, 12)


def plan_docx(plan: ArrangementPlan, lines: QuerySet | None = None) -> bytes:
    """The plan as a Word file: of ``lines``, the plan's lines its reader may see (a unit its own, as on the plan
    page), or the whole plan."""
    plan = ArrangementPlan.objects.select_related("fund").get(pk=plan.pk)
    lines = list((plan.lines.all() if lines is None else lines)
                 .select_related("application", "application__project", "application__project__unit")
                 .order_by("application__project__unit__code", "application_id"))
    day = plan_date(plan)
    version = version_on(day)
    names = dict(Organisation.objects.filter(code__in=[version.lead_department, version.finance_department])
                 .values_list("code", "name"))
    lead, finance = names[version.lead_department], names[version.finance_department]

    doc = a4_document(landscape=True)
    paragraph(doc, plan_title(plan), font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    status = plan.get_status_display()
    if plan.decision_ref:
        status += f"，{plan.decision_ref}"
    if plan.allocation_ref:
        status += f"；资金下达文号：{plan.allocation_ref}"
    paragraph(doc, f"（{status}）", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)

    requested = sum((line.application.requested for line in lines), start=Decimal("0"))
    verified = sum((line.application.verified_amount or Decimal("0") for line in lines), start=Decimal("0"))
    arranged = sum((line.amount for line in lines), start=Decimal("0"))
    paragraph(doc, f"{lead}会同{finance}按照“过紧日子”有关要求，对申报单位{plan.fund.year}年大数据产业发展专项资金经费申请的建设内容"
                   f"和经费金额进行了核定，根据核定结果形成本批经费安排计划，共 {len(lines)} 个项目，安排资金 {yuan(arranged)} 元。")
    paragraph(doc, "依据《{document}》{article}".format(**version.cite("funding").as_dict()))

    paragraph(doc, "一、经费安排明细", font=HEADING_FONT)
    rows = [[str(i), line.application.project.unit.name, line.application.project.name,
             line.application.get_kind_display(), yuan(line.application.requested),
             yuan(line.application.verified_amount), yuan(line.amount)]
            for i, line in enumerate(lines, start=1)]
    table = grid_table(doc, HEADERS, rows, align=RIGHT)
    cells = table.add_row().cells
    _total_cell(cells[0].merge(cells[AMOUNT_COLUMNS[0] - 1]), "合计", WD_ALIGN_PARAGRAPH.CENTER)
    for i, amount in zip(AMOUNT_COLUMNS, (requested, verified, arranged), strict=True):
        _total_cell(cells[i], yuan(amount), WD_ALIGN_PARAGRAPH.RIGHT)

    paragraph(doc, "二、有关要求", font=HEADING_FONT)
    paragraph(doc, "本计划经市人民政府审定后，由{lead}会同{finance}按有关规定和程序向申报单位安排资金。资金下达后必须严格执行，"
                   "除特殊情况外一律不得调整；确需调整的，须经市人民政府批准同意（《{document}》{article}）。".format(
                       lead=lead, finance=finance, **version.cite("fund_change").as_dict()))
    paragraph(doc, lead, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    paragraph(doc, cn_date(day), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    return docx_bytes(doc)
