"""Sharing migration 0002 rebuilds the zombie determinations (钦政办〔2019〕5号) from the audit chain."""

from datetime import date

import pytest

from govproj.audit import services as audit
from govproj.common.roles import Role
from govproj.sharing.models import ZombieDetermination
from govproj.testing.sharing import before_migration

FIRST, CLEARED, SECOND = date(2025, 5, 6), date(2025, 6, 2), date(2025, 9, 1)


@pytest.mark.django_db(transaction=True)
def test_the_migration_rebuilds_past_determinations_from_the_audit_chain(make_user):
    """Before 0002 only the latest flag was on the system; the audit chain still holds every flag and clearing."""
    lead, staff = make_user("dsj_review", Role.LEAD_REVIEWER, "dsj"), make_user("jyj_staff", Role.UNIT_STAFF, "jyj")
    with before_migration("determinations_from_flags") as apps:
        old = apps.get_model("sharing", "InformationSystem")
        flagged = old.objects.create(name="旧系统", owner_id=staff.organisation_id, zombie_since=SECOND,
                                     zombie_reason="替代系统已上线")
        untraced = old.objects.create(name="无记录系统", owner_id=staff.organisation_id, zombie_since=FIRST,
                                      zombie_cleared_on=CLEARED, zombie_reason="复核后撤销")
        for step, fields in (("flag_zombie", {"zombie_since": FIRST, "zombie_reason": "无业务访问"}),
                             ("clear_zombie", {"zombie_since": FIRST, "zombie_cleared_on": CLEARED,
                                               "zombie_reason": "业务仍在使用"}),
                             ("flag_zombie", {"zombie_since": SECOND, "zombie_reason": "替代系统已上线"})):
            audit.record(actor=lead, action=audit.Action.DECISION, object_type="sharing.informationsystem",
                         object_id=str(flagged.pk), after={"step": step, **fields})
    rows = ZombieDetermination.objects.order_by("system_id", "determined_on").values_list(
        "system_id", "determined_on", "determined_by", "reason", "cleared_on", "cleared_by", "clear_reason")
    assert list(rows) == [
        (flagged.pk, FIRST, lead.pk, "无业务访问", CLEARED, lead.pk, "业务仍在使用"),
        (flagged.pk, SECOND, lead.pk, "替代系统已上线", None, None, ""),
        (untraced.pk, FIRST, None, "（原认定理由未保存）", CLEARED, None, "复核后撤销"),
    ]
