"""What the sharing services share: validated, audited saves and who gets a notice (the holders of a permission
in given units)."""

from govproj.accounts.models import User
from govproj.audit import services as audit
from govproj.common.errors import validate
from govproj.projects import selectors as project_selectors


def _people(organisation_ids, perm: str):
    return User.objects.filter(organisation_id__in=list(organisation_ids), is_active=True,
                               role_assignments__role__in=project_selectors.roles_with(perm)).distinct()


def _save(by, obj, fields, data: dict):
    """Set ``fields`` present in ``data``, validate as the model does, save and audit the change."""
    before = audit.snapshot(obj) if obj.pk else None
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    validate(obj)
    obj.save()
    audit.record_change(actor=by, obj=obj, before=before)
    return obj

