"""One spelling of an amount: documents, tables and pages print the same figure for the same value."""

from datetime import date
from decimal import Decimal

import django_tables2 as tables
from django.template import Context, Template
from docx.enum.section import WD_ORIENT

from govproj.common.documents import a4_document, cn_date
from govproj.common.money import yuan
from govproj.common.tables import MoneyColumn


def test_yuan_formats_thousands_and_two_decimals():
    assert yuan(Decimal("1234567.8")) == "1,234,567.80"
    assert yuan(Decimal("0.05")) == "0.05"
    assert yuan(Decimal("-1234.5")) == "-1,234.50"
    assert yuan(0) == "0.00"
    assert yuan(None) == "0.00"


def test_template_filter_prints_what_the_documents_print_and_leaves_no_amount_blank():
    page = Template('{% load money %}{{ a|yuan }}|{{ b|yuan|default:"—" }}|{{ c|yuan }}')
    assert page.render(Context({"a": Decimal("1234567.8"), "b": None, "c": 0})) == "1,234,567.80|—|0.00"


def test_money_column_shows_yuan_right_aligned_and_exports_the_number():
    class Amounts(tables.Table):
        amount = MoneyColumn(verbose_name="金额（元）")

    table = Amounts([{"amount": Decimal("98765.4")}])
    assert table.rows[0].get_cell("amount") == "98,765.40"
    assert list(table.as_values())[1] == [Decimal("98765.4")]
    assert table.columns["amount"].attrs["td"]["class"] == "text-end"


def test_a4_pages_keep_the_gongwen_margins_and_turn_them_with_a_landscape_page():
    def mm(section):
        return [round(length.mm) for length in (section.page_width, section.page_height, section.top_margin,
                                                 section.bottom_margin, section.left_margin, section.right_margin)]

    portrait = a4_document().sections[0]
    assert mm(portrait) == [210, 297, 37, 35, 28, 26]
    landscape = a4_document(landscape=True).sections[0]
    assert landscape.orientation == WD_ORIENT.LANDSCAPE
    assert mm(landscape) == [297, 210, 28, 26, 37, 35]


def test_cn_date_writes_the_day_without_leading_zeros():
    assert cn_date(date(2024, 3, 5)) == "2024年3月5日"
