"""The 公文 layout every generated .docx shares (GB/T 9704-2012): A4 page, margins, fonts, tables.

Title in 小标宋 二号 (22 pt), body in 仿宋 三号 (16 pt) at a fixed 28 pt line, headings in 黑体.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE_FONT, BODY_FONT, HEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体"


def a4_document(*, landscape: bool = False):
    """A new A4 document with the 公文 margins; a landscape page (for wide lists) turns them with the page."""
    doc = Document()
    section = doc.sections[0]
    top, bottom, left, right = Mm(37), Mm(35), Mm(28), Mm(26)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = left, right
        section.left_margin, section.right_margin = top, bottom
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = top, bottom
        section.left_margin, section.right_margin = left, right
    return doc


def cn_date(day) -> str:
    """A date as a 公文 writes it: 2024年3月5日."""
    return f"{day:%Y年%-m月%-d日}"


def set_font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)


def paragraph(doc, text: str, *, font=BODY_FONT, size=16, align=None, indent=True, bold=False):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28)
    set_font(p.add_run(text), font, size, bold)
    return p


def table_row(table, values, *, font=BODY_FONT, size=12, bold=False, align=None):
    """Append a row; ``align`` maps column index → paragraph alignment (e.g. amounts to the right)."""
    cells = table.add_row().cells
    for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
        cell.text = ""
        if align and i in align:
            cell.paragraphs[0].alignment = align[i]
        set_font(cell.paragraphs[0].add_run(text), font, size, bold)
    return cells


def grid_table(doc, headers, rows=(), *, size=12, align=None):
    """A bordered table with a 黑体 header row and one row per item of ``rows``."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        set_font(cell.paragraphs[0].add_run(text), HEADING_FONT, size)
    for values in rows:
        table_row(table, values, size=size, align=align)
    return table


def docx_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
