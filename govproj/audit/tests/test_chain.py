import itertools

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection

from govproj.audit import services as audit
from govproj.audit.models import AuditRecord


def _write(n, user=None):
    for i in range(n):
        audit.record(actor=user, action=audit.Action.UPDATE, object_type="x.y", object_id=str(i),
                     before={"amount": "100.00", "名称": "旧"}, after={"amount": "120.50", "名称": "新"})


@pytest.mark.django_db
def test_intact_chain_verifies_and_links_each_record():
    _write(5)
    result = audit.verify()
    assert result.ok and result.checked == 5
    records = list(AuditRecord.objects.order_by("seq"))
    for prev, rec in itertools.pairwise(records):
        assert rec.prev_hash == prev.hash
    assert len({r.hash for r in records}) == 5


@pytest.mark.django_db
def test_tampered_row_is_reported_at_its_sequence_number(capsys):
    _write(6)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditrecord SET object_repr = %s WHERE seq = %s", ["篡改", 4])
    result = audit.verify()
    assert not result.ok
    assert (result.broken_seq, result.reason, result.checked) == (4, "hash", 3)
    with pytest.raises(CommandError, match="第 4 条"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_deleted_middle_row_and_truncated_tail_are_reported():
    _write(5)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord WHERE seq = %s", [5])
    assert (audit.verify().reason, audit.verify().broken_seq) == ("truncated", 5)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord WHERE seq = %s", [2])
    result = audit.verify()
    assert (result.ok, result.broken_seq, result.reason) == (False, 2, "missing")


@pytest.mark.django_db
def test_log_is_append_only_through_the_orm():
    _write(1)
    rec = AuditRecord.objects.get()
    rec.object_repr = "changed"
    with pytest.raises(PermissionDenied):
        rec.save()
    with pytest.raises(PermissionDenied):
        rec.delete()
    with pytest.raises(PermissionDenied):
        AuditRecord.objects.all().update(object_repr="x")
    with pytest.raises(PermissionDenied):
        AuditRecord.objects.all().delete()


@pytest.mark.django_db
def test_verify_command_reports_intact_log(capsys):
    _write(3)
    call_command("audit", "verify")
    assert "已校验 3 条记录" in capsys.readouterr().out


@pytest.mark.django_db
def test_record_change_keeps_only_changed_fields(orgs):
    org = orgs["jyj"]
    before = audit.snapshot(org)
    org.short_name = "教育局"
    org.save()
    rec = audit.record_change(actor=None, obj=org, before=before)
    assert rec.before == {"short_name": "市教育局"} and rec.after == {"short_name": "教育局"}
    assert audit.record_change(actor=None, obj=org, before=audit.snapshot(org)) is None


def test_openssl_and_gmssl_sm3_agree():
    """The chain must verify whichever SM3 implementation the machine has."""
    from gmssl import func, sm3

    from govproj.audit.services import _sm3

    for data in (b"", "数字钦州".encode(), bytes(range(256)) * 5):
        assert _sm3(data) == sm3.sm3_hash(func.bytes_to_list(data))
    # GB/T 32905-2016 Appendix A example 1.
    assert _sm3(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
