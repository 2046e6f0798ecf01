"""The one way a status machine moves a record, shared by the apps that declare ``MACHINES`` in their ``states``."""

from django.db.models import F
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common.errors import ConcurrentChange, WorkflowError


def move(machines: dict, obj, step: str, *, by, **fields):
    """Change ``obj``'s status by ``step`` of its machine and audit it; a concurrent change makes this one lose.

    The update is conditional on the status read (and the lock version, where the model keeps one), so
    of two people acting on the same record at once exactly one succeeds.
    """
    sources, target = machines[type(obj)][step]
    if obj.status not in sources:
        raise WorkflowError(_("当前状态为“{status}”，不能办理此事项。").format(status=obj.get_status_display()))
    before = audit.snapshot(obj)
    read, bump = {"status": obj.status}, {}
    if hasattr(obj, "lock_version"):
        read["lock_version"], bump["lock_version"] = obj.lock_version, F("lock_version") + 1
    if type(obj).objects.filter(pk=obj.pk, **read).update(status=target, **fields, **bump) != 1:
        raise ConcurrentChange()
    obj.refresh_from_db()
    audit.record(actor=by, action=audit.Action.TRANSITION, obj=obj, before=before,
                 after={**audit.snapshot(obj), "step": step})
    return obj
