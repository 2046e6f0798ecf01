"""Writing and verifying the audit log.

Every service that changes something that matters calls ``record`` inside its own
transaction, so the audit row commits or rolls back with the change it describes.
"""

import hashlib
import json
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from gmssl import func, sm3

from .models import GENESIS_HASH, Action, AuditRecord, ChainHead

__all__ = ["Action", "record", "record_change", "snapshot", "verify", "current_request"]

current_request: ContextVar = ContextVar("govproj_current_request", default=None)

_HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "actor_organisation_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "ip",
    "prev_hash",
)
_NEVER_LOGGED = {"password"}


def _plain(value: Any) -> Any:
    """The JSON form a value has after a round trip through the database (decimals and dates as text)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The stored state of ``instance``: concrete fields, foreign keys as ids, secrets left out."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in _NEVER_LOGGED or (fields is not None and field.name not in fields):
            continue
        data[field.attname if field.is_relation else field.name] = field.value_from_object(instance)
    return _plain(data)


def compute_hash(rec: AuditRecord) -> str:
    payload = {name: getattr(rec, name) for name in _HASHED_FIELDS}
    payload["at"] = rec.at.astimezone(UTC).isoformat(timespec="microseconds")
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder)
    return _sm3(text.encode("utf-8"))


def _sm3(data: bytes) -> str:
    """SM3 (GB/T 32905) from OpenSSL when it has it (fast), else from gmssl; the digests are identical."""
    if _OPENSSL_SM3:
        return hashlib.new("sm3", data).hexdigest()
    return sm3.sm3_hash(func.bytes_to_list(data))


_OPENSSL_SM3 = "sm3" in hashlib.algorithms_available


def _client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


@transaction.atomic
def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    request=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditRecord:
    """Append one record to the chain."""
    request = request or current_request.get()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    head, _created = ChainHead.objects.select_for_update().get_or_create(pk=1)
    rec = AuditRecord(
        seq=head.last_seq + 1,
        at=timezone.now(),
        actor=actor,
        actor_name=(actor.username if actor else ""),
        actor_organisation_id=(actor.organisation_id if actor else None),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        ip=_client_ip(request),
        prev_hash=head.last_hash,
    )
    rec.hash = compute_hash(rec)
    rec.save()
    head.last_seq, head.last_hash = rec.seq, rec.hash
    head.save(update_fields=["last_seq", "last_hash"])
    return rec


def record_change(*, actor, obj: models.Model, before: dict | None, action: str | None = None, request=None):
    """Record a create (``before`` is None) or an update, keeping only the fields that changed."""
    after = snapshot(obj)
    if before is None:
        return record(actor=actor, action=action or Action.CREATE, obj=obj, after=after, request=request)
    changed = sorted(k for k in after if before.get(k) != after[k])
    if not changed:
        return None
    return record(
        actor=actor,
        action=action or Action.UPDATE,
        obj=obj,
        before={k: before.get(k) for k in changed},
        after={k: after[k] for k in changed},
        request=request,
    )


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def verify() -> VerifyResult:
    """Walk the chain from the first record and report the first link that does not hold."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for rec in AuditRecord.objects.order_by("seq").iterator(chunk_size=2000):
        if rec.seq != expected_seq:
            return VerifyResult(False, checked, expected_seq, "missing")
        if rec.prev_hash != expected_prev:
            return VerifyResult(False, checked, rec.seq, "prev_hash")
        if compute_hash(rec) != rec.hash:
            return VerifyResult(False, checked, rec.seq, "hash")
        expected_prev = rec.hash
        expected_seq += 1
        checked += 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq, head.last_hash) != (checked, expected_prev):
        return VerifyResult(False, checked, checked + 1, "truncated")
    return VerifyResult(True, checked)
