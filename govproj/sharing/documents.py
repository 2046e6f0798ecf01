"""Files the module hands out: the catalogue template and exports (Excel), the exchange format (JSON), the circulation (docx).

The JSON format ``govproj-catalogue/1`` is documented in the README; it carries only what a region data
exchange platform needs to list a resource: never a classified item.
"""

from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH

from govproj.common.documents import TITLE_FONT, a4_document, docx_bytes, grid_table, paragraph
from govproj.common.export import xlsx_bytes

from .importing import HEADERS
from .models import (
    Area,
    Assessment,
    Catalogue,
    CityCatalogue,
    DataFormat,
    ItemType,
    OpenType,
    ShareType,
    UpdateCycle,
)

FORMAT = "govproj-catalogue/1"
EXAMPLE = [
    ["人口基础信息", "全市户籍人口和常住人口基础信息", "市公安局", "每日", "有条件共享", "仅限办理本部门法定职责事项使用",
     "《中华人民共和国个人信息保护法》第三十四条", "不予开放", "接口服务", "公民身份号码", "字符型", "18位公民身份号码", "否"],
    ["人口基础信息", "", "", "", "", "", "", "", "", "姓名", "字符型", "", "否"],
]
ENTRY_HEADERS = ["资源代码", "资源名称", "提供单位", "所属项目", "来源单位", "更新周期", "共享类型", "共享条件", "共享依据",
                 "开放类型", "数据格式", "信息项", "信息项数"]


def label(choices, value) -> str:
    return str(choices(value).label) if value else ""


def template_xlsx() -> bytes:
    """The blank template with two example rows showing how a resource spans its item rows."""
    return xlsx_bytes(title="信息资源目录", headers=HEADERS, rows=EXAMPLE)[0]


def catalogue_xlsx(catalogue: Catalogue) -> bytes:
    """A project's catalogue in the template's own layout, so an export can be edited and imported again."""
    rows = []
    for r in catalogue.resources.select_related("source_unit").prefetch_related("items"):
        head = [r.name, r.summary, r.source_unit.name, label(UpdateCycle, r.update_cycle),
                label(ShareType, r.share_type), r.share_conditions, r.legal_basis, label(OpenType, r.open_type),
                label(DataFormat, r.data_format)]
        for i in r.items.all() or [None]:
            rows.append(head + ([i.name, label(ItemType, i.data_type), i.description, "是" if i.classified else "否"]
                                if i else ["", "", "", ""]))
    return xlsx_bytes(title="信息资源目录", headers=HEADERS, rows=rows)[0]


def _items(entry) -> list[dict]:
    """An entry's items as ``selectors.catalogue_entries_for`` lets the reader see them (``items_shown``)."""
    return entry.items if entry.items_shown else []


def city_catalogue_xlsx(catalogue: CityCatalogue, entries) -> bytes:
    """``entries`` come from ``selectors.catalogue_entries_for``: the rows and items the reader sees on the page."""
    rows = ([e.code, e.name, e.provider.name, e.project_name, e.source_unit, label(UpdateCycle, e.update_cycle),
             label(ShareType, e.share_type), e.share_conditions, e.legal_basis, label(OpenType, e.open_type),
             label(DataFormat, e.data_format), "、".join(i["name"] for i in _items(e)), len(e.items)] for e in entries)
    return xlsx_bytes(title=f"{catalogue.year}年度政务信息资源目录", headers=ENTRY_HEADERS, rows=rows)[0]


def city_catalogue_json(catalogue: CityCatalogue, entries) -> dict:
    return {
        "format": FORMAT, "year": catalogue.year, "area": catalogue.area, "version": catalogue.version,
        "status": catalogue.status,
        "published_on": catalogue.published_on.isoformat() if catalogue.published_on else None,
        "resources": [{
            "code": e.code, "name": e.name, "summary": e.summary,
            "provider": {"code": e.provider.code, "name": e.provider.name}, "source_unit": e.source_unit,
            "project": e.project_name, "update_cycle": e.update_cycle, "share_type": e.share_type,
            "share_conditions": e.share_conditions, "legal_basis": e.legal_basis, "open_type": e.open_type,
            "format": e.data_format, "item_count": len(e.items), "items": _items(e),
        } for e in entries],
    }


def circulation_docx(assessment: Assessment) -> bytes:
    """The December circulation (通报) of the assessment, in the 公文 layout the other documents use.

    The document is cited only for the duty to assess and circulate (二（一）4); the criteria are the platform's
    (stored on the assessment) and the notice says so, so no reader takes them for the document's words.
    """
    doc = a4_document(landscape=True)
    paragraph(doc, _("关于{year}年度全市共享政务信息资源考核情况的通报").format(year=assessment.year),
              font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    rows = list(assessment.rows.select_related("organisation"))
    listed = [r for r in rows if r.needs_improvement]
    catalogues = sorted(assessment.catalogues.all(), key=lambda c: Area.values.index(c.area))
    paragraph(doc, _("按照《钦州市政务数据“聚通用”攻坚行动工作方案》（钦政办〔2019〕5号）关于每年12月底前对全市各级各部门"
                     "通过市政务数据共享交换平台发布的共享政务信息资源进行考核并通报的要求，依据{catalogues}，对 {n} 个单位"
                     "的共享政务信息资源进行了考核，其中 {m} 个单位存在问题，现将考核情况通报如下，请对照整改。").format(
        catalogues="、".join(str(c) for c in catalogues), n=len(rows), m=len(listed)))
    missing = [label for area, label in Area.choices if area not in {c.area for c in catalogues}]
    if missing:
        paragraph(doc, _("截至考核日，{areas}尚未发布本年度政务信息资源目录，未纳入本次考核。").format(
            areas="、".join(str(m) for m in missing)))
    paragraph(doc, _("本平台考核口径（非上述文件规定）：单位没有可共享的信息资源，或可共享资源占其目录资源数的比例低于 {p}，"
                     "或收到的共享申请超过 {d} 天未办理的，列入通报。").format(
        p=assessment.min_shareable_percent, d=assessment.response_days))
    grid_table(doc, [_("单位"), _("目录资源数"), _("可共享资源数"), _("收到申请"), _("已授权"), _("已拒绝"), _("超期未办理"),
                     _("问题")],
               [[r.organisation.name, str(r.resources), str(r.shareable), str(r.requests), str(r.granted),
                 str(r.refused), str(r.pending_overdue), r.remarks or "—"] for r in rows], size=11)
    return docx_bytes(doc)
