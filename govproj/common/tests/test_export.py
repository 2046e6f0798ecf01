import io

import openpyxl

from govproj.common.export import xlsx_bytes


def test_text_that_looks_like_a_formula_stays_text():
    """Exports carry what users typed; a cell starting with "=" must not run as a formula when opened."""
    content, count = xlsx_bytes(title="导出", headers=["依据"], rows=[["=HYPERLINK(\"http://x\",\"点我\")"], ["=1+1"]])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [sheet.cell(row=r, column=1) for r in (2, 3)]
    assert count == 2
    assert [c.value for c in cells] == ["=HYPERLINK(\"http://x\",\"点我\")", "=1+1"]
    assert all(c.data_type == "s" for c in cells)
