from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govproj.common.roles import Role
from govproj.projects import services
from govproj.projects.models import AttachmentKind

DAY_2025 = date(2025, 3, 3)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cast(make_user):
    """One person per part in the lifecycle; departments as named in both versions of the measures."""
    people = {
        "staff": make_user("jyj_staff", Role.UNIT_STAFF, "jyj"),
        "head": make_user("jyj_head", Role.UNIT_HEAD, "jyj"),
        "other_unit": make_user("gaj_staff", Role.UNIT_STAFF, "gaj"),
        "lead": make_user("dsj_review", Role.LEAD_REVIEWER, "dsj"),
        "dsj_staff": make_user("dsj_staff", Role.UNIT_STAFF, "dsj"),
        "ndrc": make_user("fgw_approve", Role.NDRC, "fgw"),
        "finance": make_user("czj_finance", Role.FINANCE, "czj"),
        "secrecy": make_user("bmj_secrecy", Role.SECRECY, "bmj"),
        "government": make_user("szf_gov", Role.GOVERNMENT, "szfb"),
        "expert": make_user("expert", Role.EXPERT, "dsj"),
        "oversight": make_user("sjj_oversight", Role.OVERSIGHT, "sjj"),
    }
    for code in ("wxb", "kjj", "gaj", "gxj", "zjj"):
        people[code] = make_user(f"{code}_member", Role.MEMBER_DEPT, code)
    return people


def pdf(name="材料.pdf", body=b"%PDF-1.4 test document"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def upload(by, project, *kinds, passed=None, on=DAY_2025):
    return [services.attachment_upload(by=by, project=project, kind=k, upload=pdf(f"{k}.pdf"), passed=passed, on=on)
            for k in kinds]


DECLARATION_KINDS = (AttachmentKind.REGION_REQUIREMENT, AttachmentKind.RESOURCE_CATALOG, AttachmentKind.CRYPTO_PLAN,
                     AttachmentKind.XINCHUANG_PLAN, AttachmentKind.CONSTRUCTION_PLAN)


@pytest.fixture
def draft(cast, orgs):
    """A complete annual declaration of the education bureau, ready to submit."""

    def make(**fields):
        defaults = dict(name="钦州市智慧教育云平台", category="egov", declaration_type="annual", plan_year=2026,
                        total_investment=Decimal("5600000.00"), fund_municipal=Decimal("5600000.00"),
                        content="建设全市统一的教育资源公共服务平台", build_type="new",
                        region_platform_code="2025-450700-65-01-000123")
        defaults.update(fields)
        project = services.project_create(by=cast["staff"], unit=orgs["jyj"], **defaults)
        upload(cast["staff"], project, *DECLARATION_KINDS)
        return project

    return make
