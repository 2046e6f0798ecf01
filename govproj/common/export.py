"""Excel export shared by every list: the rows and columns the user is looking at, nothing else."""

import io
from collections.abc import Iterable, Sequence

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(*, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> tuple[bytes, int]:
    """Build a workbook with one sheet; returns the file and the number of data rows written."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(title[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    widths = [max(6, len(str(h)) * 2 + 2) for h in headers]
    sheet.write_row(0, 0, headers, bold)
    count = 0
    for count, row in enumerate(rows, start=1):
        values = ["" if v is None else v for v in row]
        sheet.write_row(count, 0, [str(v) if not isinstance(v, (int, float)) else v for v in values])
        for i, v in enumerate(values[: len(widths)]):
            widths[i] = min(60, max(widths[i], len(str(v)) * 2 + 2))
    for i, w in enumerate(widths):
        sheet.set_column(i, i, w)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(count, 1), max(len(headers) - 1, 0))
    workbook.close()
    return buffer.getvalue(), count


def download(content: bytes, filename: str, mime: str) -> HttpResponse:
    """A generated file sent as an attachment under its Chinese name (RFC 6266 encoding by Django)."""
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def xlsx_response(*, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> tuple[HttpResponse, int]:
    content, count = xlsx_bytes(title=title, headers=headers, rows=rows)
    filename = "{title}_{stamp}.xlsx".format(title=title, stamp=timezone.localtime().strftime("%Y%m%d%H%M%S"))
    return download(content, filename, XLSX_MIME), count
