"""Import size and row limits: a file too large is refused before it is parsed, not after minutes of parsing."""

import csv
import io

import pytest
import xlsxwriter

from govproj.common.tabular import FileRejected, read_rows, rows_by_header

ROWS = 300_000
LIMIT = 50_000


def big_xlsx(path, rows=ROWS) -> bytes:
    """``rows`` short rows under a header, written as office suites write them (with the sheet's dimension)."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["项目名称", "建设状态"])
    for i in range(1, rows + 1):
        sheet.write_row(i, 0, [f"项目{i}", "在建"])
    book.close()
    return path.read_bytes()


def drain(rows) -> tuple[int, FileRejected]:
    """How many rows were read before the file was refused, and the refusal."""
    read = 0
    with pytest.raises(FileRejected) as refused:
        for _row in rows:
            read += 1
    return read, refused.value


def test_a_300000_row_xlsx_is_refused_before_its_first_row_is_read(tmp_path):
    data = big_xlsx(tmp_path / "big.xlsx")
    read, refused = drain(read_rows("big.xlsx", data, max_rows=LIMIT))
    assert read == 0  # the sheet's declared dimension decided, no row was parsed
    assert [str(e) for e in refused.errors] == ["文件超过 50,000 行的导入上限，未导入；请拆分为多个文件后分别导入。"]


def test_a_csv_is_refused_as_soon_as_reading_passes_the_limit():
    out = io.StringIO()
    csv.writer(out).writerows([["项目名称", "建设状态"]] + [[f"项目{i}", "在建"] for i in range(ROWS)])
    read, refused = drain(rows_by_header("big.csv", out.getvalue().encode(), ["项目名称", "建设状态"], ["项目名称"],
                                         max_rows=1000))
    assert read == 1000  # the rows allowed, then the first one over the limit stopped reading
    assert "1,000 行的导入上限" in str(refused.errors[0])


def test_a_file_within_the_limit_is_read_whole(tmp_path):
    data = big_xlsx(tmp_path / "small.xlsx", rows=1000)
    rows = list(rows_by_header("small.xlsx", data, ["项目名称", "建设状态"], ["项目名称"], max_rows=1000))
    assert (len(rows), rows[0], rows[-1][0]) == (1000, (2, {"项目名称": "项目1", "建设状态": "在建"}), 1001)
