"""The 经费安排计划 as a .docx: built from a plan made through the services, read back with python-docx."""

import io
from datetime import date
from decimal import Decimal

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT

from govproj.common.money import yuan
from govproj.funds import documents, services
from govproj.funds.models import ArrangementPlan
from govproj.projects.states import State
from govproj.rulebook.versions import version_on
from govproj.testing.funds import pdf
from govproj.testing.projects import (
    D23,
    D24,
    walk,
)

MATERIALS = ("region_requirements", "construction_plan", "contract")


def read(content: bytes):
    doc = Document(io.BytesIO(content))
    texts = [p.text for p in doc.paragraphs]
    [table] = doc.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    return doc, texts, rows


def lead_of(cast, on):
    return cast["lead"] if version_on(on).lead_department == "dsj" else cast["ndrc"]


def staff_of(cast, project):
    return cast["dsj_staff"] if project.unit.code == "dsj" else cast["staff"]


def verified_plan(cast, orgs, lines, *, on=D24, plan_on=None):
    """Pool, call, one application per ``(project, kind, requested, verified, arranged)``, a draft plan holding them."""
    plan_on = plan_on or on
    lead = lead_of(cast, on)
    services.pool_add(by=cast["finance"], year=plan_on.year, unit=orgs["jyj"], kind="construction",
                      amount=Decimal("5000000.00"), on=on)
    call = services.call_create(by=lead, year=plan_on.year, title="大数据产业发展专项资金申报通知", directions="数字政府",
                                stage_plan="按季度核定", deadline=on, on=on)
    services.call_issue(by=lead, call=call, on=on)
    plan = None
    for project, kind, requested, verified, arranged in lines:
        staff = staff_of(cast, project)
        app = services.application_create(by=staff, call=call, project=project, kind=kind, cost_basis=requested,
                                          requested=requested, planned_completion=date(plan_on.year, 12, 31),
                                          description="建设资金", on=on)
        for material in MATERIALS:
            services.application_upload(by=staff, application=app, kind=material, upload=pdf(f"{material}.pdf"), on=on)
        services.application_submit(by=staff, application=app, on=on)
        app = services.application_verify(by=lead, application=app, verified_amount=verified,
                                          note="" if verified == requested else "按“过紧日子”要求核减", on=on)
        if plan is None:
            plan = services.plan_create(by=lead_of(cast, plan_on), year=plan_on.year, on=plan_on)
        services.plan_add_line(by=lead_of(cast, plan_on), plan=plan, application=app, amount=arranged, on=plan_on)
    return plan


@pytest.fixture
def constructing_2023(cast, declare):
    """Under the 2023 rules: a special declaration the municipal government approved, now under construction."""

    def make(**fields):
        return walk(declare(declaration_type="special", on=D23, **fields), cast, State.CONSTRUCTING, D23)

    return make


@pytest.fixture
def two_line_plan(cast, orgs, constructing):
    """An approved plan of the education bureau's and the big-data bureau's projects, one of them cut twice."""
    education = constructing(name="钦州市智慧教育云平台")
    big_data = constructing(unit="dsj", name="钦州市政务数据共享交换平台")
    plan = verified_plan(cast, orgs, [
        (education, "construction", Decimal("1234567.89"), Decimal("1200000.00"), Decimal("1000000.50")),
        (big_data, "equipment", Decimal("300000.00"), Decimal("300000.00"), Decimal("300000.00")),
    ])
    services.plan_submit(by=cast["lead"], plan=plan, on=D24)
    services.plan_decide(by=cast["government"], plan=plan, approve=True, decision_ref="钦政阅〔2025〕12号", on=D24)
    return plan


def test_plan_docx_has_title_status_lines_total_and_citation(two_line_plan, orgs):
    doc, texts, rows = read(documents.plan_docx(two_line_plan))
    assert texts[0] == "2025年大数据产业发展专项资金安排计划（第1批）"
    assert texts[1] == "（市人民政府已审定，钦政阅〔2025〕12号）"
    assert "依据《钦政办规〔2024〕1号》第十八条" in texts
    assert "共 2 个项目，安排资金 1,300,000.50 元" in texts[2]
    assert texts[2].startswith("钦州市大数据发展局会同钦州市财政局")
    assert rows[0] == ["序号", "建设单位", "项目名称", "经费类别", "申请金额（元）", "核定金额（元）", "安排金额（元）"]
    # Ordered by unit code (dsj before jyj), though the education bureau applied first.
    assert rows[1] == ["1", orgs["dsj"].name, "钦州市政务数据共享交换平台", "设备采购经费",
                       "300,000.00", "300,000.00", "300,000.00"]
    assert rows[2] == ["2", orgs["jyj"].name, "钦州市智慧教育云平台", "项目建设经费",
                       "1,234,567.89", "1,200,000.00", "1,000,000.50"]
    assert rows[3] == ["合计"] * 4 + ["1,534,567.89", "1,500,000.00", "1,300,000.50"]
    assert len(rows) == 4
    assert texts[-2:] == ["钦州市大数据发展局", "2025年3月3日"]
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    title = doc.paragraphs[0].runs[0]
    assert title.font.size.pt == 22 and title.font.name == "方正小标宋简体"


def test_total_row_adds_up_the_rows_and_the_plan_lines_in_the_database(two_line_plan):
    _doc, _texts, rows = read(documents.plan_docx(two_line_plan))
    in_db = sum(line.amount for line in two_line_plan.lines.all())
    for column in (4, 5, 6):
        assert sum(Decimal(r[column].replace(",", "")) for r in rows[1:-1]) == Decimal(rows[-1][column].replace(",", ""))
    assert rows[-1][6] == yuan(in_db)


def test_allocated_plan_shows_the_allocation_ref(cast, constructing, money_path):
    money_path(constructing())
    plan = ArrangementPlan.objects.get(fund__year=2025)
    assert plan.status == ArrangementPlan.Status.ALLOCATED
    _doc, texts, rows = read(documents.plan_docx(plan))
    assert texts[1] == "（资金已下达，钦政阅〔2025〕1号；资金下达文号：钦财建〔2025〕1号）"
    assert rows[-1][-3:] == ["1,000,000.00", "1,000,000.00", "1,000,000.00"]


def test_plan_under_the_2023_rules_cites_them_and_is_signed_by_the_ndrc(cast, constructing_2023, money_path):
    money_path(constructing_2023(), on=D23)
    plan = ArrangementPlan.objects.get(fund__year=2024)
    _doc, texts, rows = read(documents.plan_docx(plan))
    assert texts[0] == "2024年大数据产业发展专项资金安排计划（第1批）"
    assert "依据《钦政办规〔2023〕6号》第十八条" in texts
    assert "依据《钦政办规〔2024〕1号》第十八条" not in texts
    assert texts[2].startswith("钦州市发展和改革委员会会同钦州市财政局")
    assert texts[-2:] == ["钦州市发展和改革委员会", "2024年3月1日"]


def test_plan_decided_on_the_first_day_of_the_2024_rules_cites_them(cast, orgs, constructing_2023):
    """Submitted on 5 December 2024 under the 2023 rules, approved on 6 December: the approval day governs."""
    submitted, decided = date(2024, 12, 5), date(2024, 12, 6)
    plan = verified_plan(cast, orgs, [(constructing_2023(), "construction", Decimal("800000.00"),
                                       Decimal("800000.00"), Decimal("800000.00"))], on=submitted)
    services.plan_submit(by=cast["ndrc"], plan=plan, on=submitted)
    _doc, texts, _rows = read(documents.plan_docx(plan))
    assert "依据《钦政办规〔2023〕6号》第十八条" in texts and texts[1] == "（报市人民政府审定）"
    services.plan_decide(by=cast["government"], plan=plan, approve=True, decision_ref="钦政阅〔2024〕9号", on=decided)
    _doc, texts, _rows = read(documents.plan_docx(plan))
    assert "依据《钦政办规〔2024〕1号》第十八条" in texts
    assert texts[-2:] == ["钦州市大数据发展局", "2024年12月6日"]
