"""Access requests and grants (Art. 30, 31): a department asks for a resource and undertakes its responsibility;
the owner grants it within a scope, or refuses; either side ends it. Every change of status goes through
``request_move`` with a step of ``states.REQUEST``.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from govproj.audit import services as audit
from govproj.common import workflow
from govproj.common.dates import on_or_today
from govproj.common.errors import WorkflowError
from govproj.common.notify import notify
from govproj.common.roles import Perm

from .. import selectors
from ..models import (
    PROVIDER_UNDERTAKING_MISSING,
    PROVIDER_UNDERTAKINGS,
    SHAREABLE,
    UNDERTAKING_MISSING,
    UNDERTAKING_VERSION,
    AccessRequest,
    Resource,
)
from ..states import REQUEST, Party
from ._core import _people


@transaction.atomic
def access_request(*, by, resource: Resource, purpose: str, scope: str, undertaking: bool, items=(),
                   on: date | None = None) -> AccessRequest:
    """A government department asks for a resource (Art. 30) and undertakes to bear the responsibility (Art. 31).

    One pending request per department and resource: the database's partial unique constraint decides,
    so two simultaneous submissions cannot both pass.
    """
    on = on_or_today(on)
    resource = Resource.objects.select_related("catalogue__project__unit").get(pk=resource.pk)
    refusal = selectors.request_refusal(by, resource)
    if refusal:
        raise PermissionDenied(refusal)
    errors = []
    if not purpose.strip() or not scope.strip():
        errors.append(_("请写明用途和使用范围。"))
    if not undertaking:
        errors.append(str(UNDERTAKING_MISSING))
    if any(i.resource_id != resource.pk for i in items):
        errors.append(_("所选信息项不属于该资源。"))
    if errors:
        raise WorkflowError(errors)
    try:
        with transaction.atomic():
            request = AccessRequest.objects.create(
                resource=resource, organisation_id=by.organisation_id, requested_by=by, requested_on=on,
                purpose=purpose.strip(), scope=scope.strip(), undertaking_version=UNDERTAKING_VERSION,
                undertaken_by=by, undertaken_on=on)
    except IntegrityError as exc:  # sharing_one_pending_request
        raise WorkflowError(_("本部门对该资源已有待授权的申请。")) from exc
    request.requested_items.set(items)
    audit.record(actor=by, action=audit.Action.CREATE, obj=request,
                 after={**audit.snapshot(request), "requested_items": [i.name for i in items],
                        "undertaking": request.undertaking_text})
    unit = resource.catalogue.project.unit
    notify(_people([unit.pk], Perm.GRANT_SHARING), title=_("信息资源共享申请待授权：{r}").format(r=resource.name),
           body=_("{org}申请使用，用途：{p}").format(org=by.organisation, p=request.purpose),
           url=reverse("sharing:request", args=[request.pk]))
    return request


def request_policy(by, request: AccessRequest, step: str, on: date) -> None:
    """Art. 30: the owner unit's responsible person decides; the requesting department withdraws its own request."""
    spec = REQUEST[step]
    if spec.actor == Party.OWNER:
        may = selectors.may_decide(by, request.resource)
    else:
        may = by.organisation_id == request.organisation_id and by.has_perm(Perm.REQUEST_SHARING.full)
    if not may:
        raise PermissionDenied(_("“{step}”应由{party}办理。").format(step=spec.label, party=Party(spec.actor).label))


def request_move(*, by, request: AccessRequest, step: str, on: date, audit_action: str = audit.Action.TRANSITION,
                 detail: dict | None = None, **fields) -> AccessRequest:
    """The one place an access request changes status: ``workflow.check`` and ``move``, and the other side's notice."""
    workflow.check(by, request, step, on)
    request = workflow.move(request, step, by=by, action=audit_action, detail=detail, **fields)
    spec = REQUEST[step]
    other = ([request.requested_by] if spec.actor == Party.OWNER
             else _people([request.resource.catalogue.project.unit_id], Perm.GRANT_SHARING))
    notify(other, title=_("信息资源共享申请{step}：{r}").format(step=spec.label, r=request.resource.name),
           body=request.reason, url=reverse("sharing:request", args=[request.pk]))
    return request


def _locked(request: AccessRequest) -> AccessRequest:
    return AccessRequest.objects.select_for_update(of=("self",)).select_related(
        "resource__catalogue__project__unit", "requested_by").get(pk=request.pk)


@transaction.atomic
def access_grant(*, by, request: AccessRequest, items, scope: str, purpose: str, valid_until: date, undertaking: bool,
                 named_people=(), on: date | None = None) -> AccessRequest:
    """Art. 30: authorise use free of charge, within a scope; classified items only to named people (minimum scope).
    Art. 31 binds the provider as a party to the sharing, so the grant carries the provider's undertaking."""
    on = on_or_today(on)
    request = _locked(request)
    items, named_people = list(items), list(named_people)
    resource = request.resource
    errors = [] if undertaking else [str(PROVIDER_UNDERTAKING_MISSING)]
    if resource.share_type not in SHAREABLE:
        errors.append(_("不予共享的信息资源不能授权使用。"))
    if not items:
        errors.append(_("请选择授权使用的信息项。"))
    if any(i.resource_id != resource.pk for i in items):
        errors.append(_("所选信息项不属于该资源。"))
    asked = {i.pk for i in request.requested_items.all()}
    if asked and any(i.pk not in asked for i in items):  # a request naming no items asks for the resource
        errors.append(_("授权的信息项不得超出申请的范围。"))
    if not scope.strip() or not purpose.strip():
        errors.append(_("请写明授权使用范围和用途。"))
    years = settings.SHARING_MAX_GRANT_YEARS
    if not on <= valid_until <= date(on.year + years, on.month, min(on.day, 28)):
        errors.append(_("本平台规定授权有效期不超过 {n} 年：授权截止日应在今天至 {n} 年内。").format(n=years))
    classified = [i.name for i in items if i.classified]
    if classified and not named_people:
        errors.append(_("授权涉密信息项（{items}）须指定知悉人员，知悉范围限定在最小范围。").format(items="、".join(classified)))
    if any(p.organisation_id != request.organisation_id for p in named_people):
        errors.append(_("知悉人员须为申请部门的工作人员。"))
    if named_people and not classified:
        errors.append(_("未授权涉密信息项，无需指定知悉人员。"))
    if errors and workflow.can(by, request, "grant", on):
        raise WorkflowError(errors)
    request.granted_items.set(items)
    request.named_people.set(named_people)
    return request_move(by=by, request=request, step="grant", on=on, audit_action=audit.Action.GRANT,
                        detail={"granted_items": [i.name for i in items],
                                "named_people": [p.username for p in named_people], "free_of_charge": True,
                                "provider_undertaking": str(PROVIDER_UNDERTAKINGS[UNDERTAKING_VERSION])},
                        grant_undertaking_version=UNDERTAKING_VERSION, decided_by_id=by.pk, decided_on=on,
                        granted_scope=scope.strip(),
                        granted_purpose=purpose.strip(), valid_from=on, valid_until=valid_until)


@transaction.atomic
def access_refuse(*, by, request: AccessRequest, reason: str, on: date | None = None) -> AccessRequest:
    on = on_or_today(on)
    request = _locked(request)
    if not reason.strip() and workflow.can(by, request, "refuse", on):
        raise WorkflowError(_("不予授权须写明理由。"))
    return request_move(by=by, request=request, step="refuse", on=on, decided_by_id=by.pk, decided_on=on,
                        reason=reason.strip())


@transaction.atomic
def access_withdraw(*, by, request: AccessRequest, on: date | None = None) -> AccessRequest:
    return request_move(by=by, request=_locked(request), step="withdraw", on=on_or_today(on))


@transaction.atomic
def access_revoke(*, by, request: AccessRequest, reason: str, on: date | None = None) -> AccessRequest:
    on = on_or_today(on)
    request = _locked(request)
    if not reason.strip() and workflow.can(by, request, "revoke", on):
        raise WorkflowError(_("撤销授权须写明理由。"))
    return request_move(by=by, request=request, step="revoke", on=on, audit_action=audit.Action.REVOKE,
                        reason=reason.strip())
