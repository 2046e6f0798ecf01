"""Fixtures of the duplicate-construction tests: the projects' cast and drafts, register items, an empty index.

Every project and register item is made through the real services, and every test starts from an index
the next query fills from the test's own database, as a freshly started process would.
"""

from datetime import date

import pytest

from govproj.common.export import xlsx_bytes
from govproj.projects import services as projects
from govproj.similarity import importing, services
from govproj.similarity.models import RegionProject

NEW_DAY = date(2025, 9, 1)  # 钦政办规〔2024〕1号 in force, 市大数据发展局 leads

# A register item and a city declaration that rewrites it (the unit's wording, the same system).
REGION_ITEM = dict(
    name="广西医疗保障信息平台", region_department="自治区医保局", status="built", year=2021,
    content="按国家医保信息平台标准建设全区统一的医疗保障信息平台，医保移动支付、电子处方流转和基金智能监管由自治区平台统一提供。",
    functions="医保移动支付；电子处方流转；处方审核；定点药店对接；基金智能监管。",
    basis="《国家医疗保障信息平台建设指南》")
REWRITE = dict(
    name="钦州市医保移动支付及电子处方流转平台",
    content="建设医保移动支付和电子处方流转平台，落实国家医保局工作部署，对接全市定点药店。",
    functions="医保移动支付；电子处方流转；处方审核；定点药店对接。")
UNRELATED_ITEM = dict(
    name="广西公共数据开放平台", region_department="自治区大数据发展局", status="built", year=2021,
    content="建设全区统一的公共数据开放平台，各市县开放数据统一在自治区平台编目、汇聚和发布。",
    functions="开放数据目录；数据集下载；数据接口服务；开发者社区。")


@pytest.fixture(autouse=True)
def fresh_index():
    services.reset_index()
    yield
    services.reset_index()


@pytest.fixture
def region(cast):
    """A register item entered by the lead department through the service."""

    def make(**fields):
        return services.region_project_create(by=cast["lead"], **{**REGION_ITEM, **fields})

    return make


@pytest.fixture
def declared(cast, draft):
    """A declaration submitted by 市教育局 under the 2024 measures (``draft`` defaults, or the fields given)."""

    def make(on=NEW_DAY, **fields):
        return projects.submit(by=cast["staff"], project=draft(**fields), on=on)

    return make


def register_xlsx(rows: list[dict], headers=importing.HEADERS) -> bytes:
    """A register spreadsheet: one row per field-keyed record, under ``headers`` (the template's by default)."""
    fields = {header: field for header, field, *_rest in importing.COLUMNS}

    def cell(record, header):
        value = record.get(fields.get(header), "")
        known = fields.get(header) == "status" and value in RegionProject.Status.values
        return str(RegionProject.Status(value).label) if known else value

    return xlsx_bytes(title="登记", headers=headers, rows=[[cell(r, h) for h in headers] for r in rows])[0]
