"""The access request's states and transitions, declared in one place (Art. 30).

Every change of ``AccessRequest.status`` goes through ``services.request_move`` (``services/access.py``) with a
step below; the table says from which states it may start, where it leads and which party takes it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from govproj.common.workflow import Step, step


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("待授权")
    GRANTED = "granted", _("已授权")
    REFUSED = "refused", _("已拒绝")
    WITHDRAWN = "withdrawn", _("已撤回")
    REVOKED = "revoked", _("已撤销授权")


class Party(models.TextChoices):
    OWNER = "owner", _("资源提供单位")
    REQUESTER = "requester", _("申请部门")


S = RequestStatus
STEPS: dict[str, Step] = {
    "grant": step(_("授权使用"), S.PENDING, S.GRANTED, Party.OWNER),
    "refuse": step(_("不予授权"), S.PENDING, S.REFUSED, Party.OWNER),
    "withdraw": step(_("撤回申请"), S.PENDING, S.WITHDRAWN, Party.REQUESTER),
    "revoke": step(_("撤销授权"), S.GRANTED, S.REVOKED, Party.OWNER),
}
