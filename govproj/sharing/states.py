"""The states and transitions of access requests (Art. 30), yearly catalogues and registered systems, declared
in one place.

Every change of a status goes through ``common.workflow.move`` with a step below (an access request's through
``services.request_move``, which adds its notice); each machine says from which states a step may start, where
it leads and who takes it, and ``services.policy`` resolves who that is.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from govproj.common.workflow import Machine, step


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("待授权")
    GRANTED = "granted", _("已授权")
    REFUSED = "refused", _("已拒绝")
    WITHDRAWN = "withdrawn", _("已撤回")
    REVOKED = "revoked", _("已撤销授权")


class CatalogueStatus(models.TextChoices):
    DRAFT = "draft", _("汇总中")
    PUBLISHED = "published", _("已发布")


class SystemStatus(models.TextChoices):
    RUNNING = "running", _("运行中")
    SHUT_DOWN = "shut_down", _("已关停")


class Party(models.TextChoices):
    OWNER = "owner", _("资源提供单位")
    REQUESTER = "requester", _("申请部门")


# 二（一）4: the city's lead units publish the city catalogue, a county's government its own; a system's keeper
# (its O&M unit or the lead department) shuts it down.
CATALOGUE_LEAD, KEEPER = "catalogue_lead", "keeper"

S = RequestStatus
REQUEST = Machine({
    "grant": step(_("授权使用"), S.PENDING, S.GRANTED, Party.OWNER),
    "refuse": step(_("不予授权"), S.PENDING, S.REFUSED, Party.OWNER),
    "withdraw": step(_("撤回申请"), S.PENDING, S.WITHDRAWN, Party.REQUESTER),
    "revoke": step(_("撤销授权"), S.GRANTED, S.REVOKED, Party.OWNER),
})
CATALOGUE = Machine({
    "publish": step(_("发布年度政务信息资源目录"), CatalogueStatus.DRAFT, CatalogueStatus.PUBLISHED, CATALOGUE_LEAD),
})
SYSTEM = Machine({
    "shut_down": step(_("关停信息系统"), SystemStatus.RUNNING, SystemStatus.SHUT_DOWN, KEEPER),
})
