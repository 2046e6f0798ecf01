"""Reading an uploaded table (CSV in UTF-8 or GB18030 as Chinese office software writes it, or XLSX) with Chinese headers.

Shared by every importer (payments, region register, resource catalogues): the header row is the first
non-blank row, headers are matched without spaces, asterisks or a trailing “（元）”-style note and in any
order, and each data row comes with its row number in the file so an error can say where it is.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass
class CellError:
    row: int
    column: str
    message: str

    def __str__(self):
        if not self.row:  # the file as a whole: its size, encoding or format
            return self.message
        where = _("第 {row} 行").format(row=self.row) + (f"「{self.column}」" if self.column else "")
        return f"{where}：{self.message}"


class FileRejected(ValueError):
    """The file cannot be imported; ``errors`` says where and why (at most the first 200)."""

    def __init__(self, errors: list[CellError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors[:5]))


def cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an account number Excel stored as a number
    return re.sub(r"\s+", " ", str(value)).strip()


def cell_year(value) -> int:
    text = str(value).strip().removesuffix("年")
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(_("年度应为四位数字"))
    return int(text)


def norm_header(text, aliases: dict | None = None) -> str:
    text = re.sub(r"\s+", "", str(text or "")).replace("(", "（").replace(")", "）").lstrip("*＊").rstrip("*＊")
    text = re.sub(r"（[^）]*）$", "", text)
    return (aliases or {}).get(text) or text


def too_many_rows(limit: int) -> FileRejected:
    return FileRejected([CellError(0, "", _("文件超过 {n} 行的导入上限，未导入；请拆分为多个文件后分别导入。").format(
        n=f"{limit:,}"))])


def read_rows(filename: str, data: bytes, *, max_rows: int | None = None, above: int = 0) -> Iterator[list]:
    """The file's rows one at a time, so a file with more than ``max_rows`` rows (and ``above`` title and header
    rows) is refused before it is parsed.

    An Excel sheet that declares its size (the ``dimension`` every office suite writes) is refused before its
    first row; otherwise rows are counted as they are read, and reading stops at the first row over the limit.
    """
    rows = _xlsx_rows(data, max_rows, above) if filename.lower().endswith((".xlsx", ".xlsm")) else _csv_rows(data)
    for count, row in enumerate(rows, start=1):
        if max_rows is not None and count > max_rows + above:
            raise too_many_rows(max_rows)
        yield row


def _xlsx_rows(data: bytes, max_rows: int | None, above: int) -> Iterator[list]:
    from openpyxl import load_workbook
    from openpyxl.utils.escape import unescape

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileRejected([CellError(0, "", _("无法读取 Excel 文件：{e}").format(e=exc))]) from exc
    try:
        sheet = book.worksheets[0]
        if max_rows is not None and (sheet.max_row or 0) > max_rows + above:
            raise too_many_rows(max_rows)
        # openpyxl leaves the file's _xHHHH_ escapes in place (a carriage return is stored as _x000D_)
        for row in sheet.iter_rows(values_only=True):
            yield [unescape(c) if isinstance(c, str) else c for c in row]
    finally:
        book.close()


def _csv_rows(data: bytes) -> Iterator[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRejected([CellError(0, "", _("文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV，或 Excel 文件。"))])
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


HEADER_SEARCH = 10
TOTAL_LABELS = {"合计", "总计", "小计", "本页合计", "累计"}


def blank(value) -> bool:
    return value is None or cell_text(value) == ""


def rows_by_header(filename: str, data: bytes, headers: Iterable[str], required: Iterable[str], *,
                   aliases: dict | None = None, max_rows: int | None = None) -> Iterator[tuple[int, dict]]:
    """Each non-blank data row as (its row number in the file, {header: raw cell}) for the ``headers`` present.

    Title rows above the header row and 合计 lines below the data are passed over. Raises ``FileRejected``
    before the first row when the file is empty or lacks a ``required`` column, and as soon as it is seen to
    hold more than ``max_rows`` rows below the header row (an Excel sheet declaring more than that and the
    title rows is refused before its first row is read).
    """
    rows = read_rows(filename, data, max_rows=max_rows, above=HEADER_SEARCH)
    required = list(required)
    # Exported reports put a title, the issuing unit or the period above the headers: the header row is the
    # first of the top rows holding every required column (else the first row, whose missing columns are named).
    top: list[tuple[int, list]] = []
    for number, row in enumerate(rows, start=1):
        if any(not blank(c) for c in row):
            top.append((number, row))
            if set(required) <= {norm_header(h, aliases) for h in row} or len(top) == HEADER_SEARCH:
                break
    if not top:
        raise FileRejected([CellError(1, "", _("文件为空。"))])
    start, header = next(((n, r) for n, r in top if set(required) <= {norm_header(h, aliases) for h in r}), top[0])
    present = [norm_header(h, aliases) for h in header]
    missing = [CellError(start, h, _("缺少必需的列")) for h in required if h not in present]
    if missing:
        raise FileRejected(missing)
    index = {h: present.index(h) for h in headers if h in present}
    for number, row in enumerate(rows, start=start + 1):  # reading goes on below the header row
        if max_rows is not None and number - start > max_rows:
            raise too_many_rows(max_rows)
        cells = {h: (row[i] if i < len(row) else None) for h, i in index.items()}
        if all(blank(c) for c in cells.values()) or _is_total(row):
            continue
        yield number, cells


def _is_total(row: list) -> bool:
    """A 合计/总计/小计 line that reports put under the data: the first filled cell says so."""
    first = next((c for c in row if not blank(c)), "")
    return re.sub(r"\s+", "", str(first)).rstrip("：:") in TOTAL_LABELS
