"""The access request's states and transitions, declared in one place (Art. 30).

Every change of ``AccessRequest.status`` goes through ``services.request_move`` (``services/access.py``) with a
step below; the table says from which states it may start, where it leads and who takes it.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("待授权")
    GRANTED = "granted", _("已授权")
    REFUSED = "refused", _("已拒绝")
    WITHDRAWN = "withdrawn", _("已撤回")
    REVOKED = "revoked", _("已撤销授权")


class Party(models.TextChoices):
    OWNER = "owner", _("资源提供单位")
    REQUESTER = "requester", _("申请部门")


@dataclass(frozen=True)
class Step:
    label: str
    sources: frozenset[str]
    target: str
    party: str


S = RequestStatus
STEPS: dict[str, Step] = {
    "grant": Step(_("授权使用"), frozenset({S.PENDING}), S.GRANTED, Party.OWNER),
    "refuse": Step(_("不予授权"), frozenset({S.PENDING}), S.REFUSED, Party.OWNER),
    "withdraw": Step(_("撤回申请"), frozenset({S.PENDING}), S.WITHDRAWN, Party.REQUESTER),
    "revoke": Step(_("撤销授权"), frozenset({S.GRANTED}), S.REVOKED, Party.OWNER),
}
