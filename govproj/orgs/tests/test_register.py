import json

import pytest

from govproj.audit.models import AuditRecord
from govproj.orgs.models import Organisation, OrganisationKind
from govproj.orgs.services import DATA_FILE, organisations_load


@pytest.mark.django_db
def test_register_loads_the_seed_bureaus_with_full_names():
    counts = organisations_load()
    assert counts["created"] == len(json.loads(DATA_FILE.read_text(encoding="utf-8")))
    expected = {
        "市大数据发展局": "钦州市大数据发展局",
        "市发展改革委": "钦州市发展和改革委员会",
        "市财政局": "钦州市财政局",
        "市委网信办": "中共钦州市委网络安全和信息化委员会办公室",
        "市保密局": "钦州市国家保密局",
    }
    for short, full in expected.items():
        assert Organisation.objects.get(short_name=short).name == full
    for short in ("市科技局", "市公安局", "市工业和信息化局"):
        assert Organisation.objects.filter(short_name=short, kind=OrganisationKind.MUNICIPAL_DEPT).exists()
    counties = set(Organisation.objects.filter(kind=OrganisationKind.COUNTY).values_list("short_name", flat=True))
    assert counties == {"钦南区", "钦北区", "灵山县", "浦北县"}
    assert Organisation.objects.filter(kind=OrganisationKind.DEV_ZONE, name__contains="钦州港片区").exists()
    assert Organisation.objects.get(code="dsj").parent.code == "fgw"


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_writes_no_audit():
    organisations_load()
    audit_rows = AuditRecord.objects.count()
    counts = organisations_load()
    assert counts["created"] == counts["updated"] == 0
    assert AuditRecord.objects.count() == audit_rows


@pytest.mark.django_db
def test_a_renamed_unit_is_updated_and_audited(tmp_path):
    organisations_load()
    entries = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for e in entries:
        if e["code"] == "kjj":
            e["name"] = "钦州市科学技术局（新）"
    changed = tmp_path / "orgs.json"
    changed.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    assert organisations_load(path=changed)["updated"] == 1
    rec = AuditRecord.objects.filter(object_type="orgs.organisation").latest("seq")
    assert rec.after == {"name": "钦州市科学技术局（新）"}


def test_register_file_is_consistent():
    entries = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    codes = [e["code"] for e in entries]
    assert len(codes) == len(set(codes))
    assert len({e["name"] for e in entries}) == len(entries)
    assert all(e["parent"] in codes for e in entries if e["parent"])
    assert {e["kind"] for e in entries} <= set(OrganisationKind.values)
