"""Loading the organisation register from the data file shipped with the project."""

import json
from pathlib import Path

from django.db import transaction

from govproj.audit import services as audit

from .models import Organisation

DATA_FILE = Path(__file__).resolve().parent / "data" / "organisations.json"


@transaction.atomic
def organisations_load(*, by=None, path: Path = DATA_FILE) -> dict[str, int]:
    """Create or update organisations by code; running it again changes nothing (idempotent).

    Parents are set in a second pass so the file may list a child before its parent.
    """
    entries = json.loads(Path(path).read_text(encoding="utf-8"))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    by_code: dict[str, Organisation] = {o.code: o for o in Organisation.objects.all()}
    fields = ("name", "short_name", "kind", "source")
    for entry in entries:
        org = by_code.get(entry["code"])
        before = audit.snapshot(org) if org else None
        if org is None:
            org = Organisation(code=entry["code"])
        for field in fields:
            setattr(org, field, entry.get(field) or "")
        if before is None or any(before.get(f) != getattr(org, f) for f in fields):
            org.full_clean(exclude=["parent"], validate_unique=False)
            org.save()
            audit.record_change(actor=by, obj=org, before=before, action=audit.Action.IMPORT if before is None else None)
            counts["created" if before is None else "updated"] += 1
        else:
            counts["unchanged"] += 1
        by_code[org.code] = org
    for entry in entries:
        org = by_code[entry["code"]]
        parent = by_code[entry["parent"]] if entry.get("parent") else None
        if org.parent_id != (parent.pk if parent else None):
            before = audit.snapshot(org)
            org.parent = parent
            org.full_clean()
            org.save(update_fields=["parent"])
            audit.record_change(actor=by, obj=org, before=before)
    return counts
