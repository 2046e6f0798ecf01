"""Information resources and sharing (Art. 10, 29–31; 钦政办〔2019〕5号).

A project's catalogue (信息资源目录) lists the resources it produces with their items; the city and
county catalogues are yearly snapshots of those catalogues; access requests record who asked for
what and the owner's grant; the system register lists the government information systems the
projects run. The access request's state machine is declared in ``states.py``.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .states import CatalogueStatus, RequestStatus, SystemStatus


class ShareType(models.TextChoices):
    UNCONDITIONAL = "unconditional", _("无条件共享")
    CONDITIONAL = "conditional", _("有条件共享")
    NONE = "none", _("不予共享")


SHAREABLE = (ShareType.UNCONDITIONAL, ShareType.CONDITIONAL)


class OpenType(models.TextChoices):
    OPEN = "open", _("无条件开放")
    CONDITIONAL = "conditional", _("有条件开放")
    CLOSED = "closed", _("不予开放")


class UpdateCycle(models.TextChoices):
    REALTIME = "realtime", _("实时")
    DAILY = "daily", _("每日")
    WEEKLY = "weekly", _("每周")
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    YEARLY = "yearly", _("每年")
    IRREGULAR = "irregular", _("不定期")


class DataFormat(models.TextChoices):
    DATABASE = "database", _("数据库")
    SPREADSHEET = "spreadsheet", _("电子表格")
    DOCUMENT = "document", _("电子文件")
    API = "api", _("接口服务")
    SPATIAL = "spatial", _("地理空间数据")
    MEDIA = "media", _("图像/音视频")


class ItemType(models.TextChoices):
    STRING = "string", _("字符型")
    NUMBER = "number", _("数值型")
    DATE = "date", _("日期型")
    DATETIME = "datetime", _("日期时间型")
    BOOLEAN = "boolean", _("布尔型")
    BINARY = "binary", _("二进制")


class Catalogue(models.Model):
    """One project's information-resource catalogue (Art. 29), or its explicit statement that it produces no data.

    Once a project has one, its resources decide the sharing gate (rule S2) instead of the declaration's flags.
    """

    scope_unit_field = "project__unit"

    project = models.OneToOneField("projects.Project", models.CASCADE, related_name="sharing_catalogue",
                                   verbose_name=_("项目"))
    collaboration = models.TextField(_("业务协同场景"), blank=True,
                                     help_text=_("项目支持的跨部门业务协同，如“与市场监管局共享企业登记信息，实现证照联办”。"))
    produces_no_data = models.BooleanField(_("声明项目不产生任何数据"), default=False)
    no_data_statement = models.TextField(_("不产生数据的说明"), blank=True)
    stated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("声明人"))
    stated_on = models.DateField(_("声明日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("项目信息资源目录")
        verbose_name_plural = _("项目信息资源目录")
        constraints = [
            models.CheckConstraint(condition=Q(produces_no_data=False) | ~Q(no_data_statement=""),
                                   name="sharing_no_data_needs_statement"),
        ]

    def __str__(self):
        return str(_("{project} 的信息资源目录").format(project=self.project.name))

    def clean(self):
        """Art. 29 exempts a project that produces no data only on an explicit statement of its reasons."""
        if self.produces_no_data and not self.no_data_statement.strip():
            raise ValidationError({"no_data_statement": _("请说明项目为何不产生任何数据。")})


class Resource(models.Model):
    """An information resource (信息资源) of a project's catalogue; restrictions name their legal basis."""

    scope_unit_field = "catalogue__project__unit"

    catalogue = models.ForeignKey(Catalogue, models.CASCADE, related_name="resources", verbose_name=_("目录"))
    name = models.CharField(_("资源名称"), max_length=120)
    summary = models.TextField(_("资源摘要"), blank=True)
    source_unit = models.ForeignKey("orgs.Organisation", models.PROTECT, related_name="+", verbose_name=_("来源单位"))
    update_cycle = models.CharField(_("更新周期"), max_length=12, choices=UpdateCycle.choices)
    share_type = models.CharField(_("共享类型"), max_length=14, choices=ShareType.choices)
    share_conditions = models.TextField(_("共享条件"), blank=True)
    legal_basis = models.TextField(_("不予共享/有条件共享的依据"), blank=True)
    open_type = models.CharField(_("开放类型"), max_length=12, choices=OpenType.choices, default=OpenType.CLOSED)
    data_format = models.CharField(_("数据格式"), max_length=12, choices=DataFormat.choices)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("信息资源")
        verbose_name_plural = _("信息资源")
        ordering = ["catalogue_id", "id"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "name"], name="sharing_resource_name_unique")]
        # one per filter of the resource search (共享类型, 更新周期, 数据格式;
        # 提供单位 goes through the catalogue's key)
        indexes = [models.Index(fields=["share_type"]), models.Index(fields=["update_cycle"]),
                   models.Index(fields=["data_format"]), models.Index(fields=["source_unit", "share_type"]),
                   models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.share_type in (ShareType.CONDITIONAL, ShareType.NONE) and not self.legal_basis.strip():
            errors["legal_basis"] = _("有条件共享或不予共享的信息资源，须写明法律、行政法规或政策依据。")
        if self.share_type == ShareType.CONDITIONAL and not self.share_conditions.strip():
            errors["share_conditions"] = _("有条件共享的信息资源，须写明共享条件。")
        if errors:
            raise ValidationError(errors)

    @property
    def shareable(self) -> bool:
        return self.share_type in SHAREABLE


class Item(models.Model):
    """An information item (信息项) of a resource; a classified one is known only to people named in a grant."""

    resource = models.ForeignKey(Resource, models.CASCADE, related_name="items", verbose_name=_("信息资源"))
    name = models.CharField(_("信息项名称"), max_length=80)
    data_type = models.CharField(_("数据类型"), max_length=10, choices=ItemType.choices)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    classified = models.BooleanField(_("涉密"), default=False)

    class Meta:
        verbose_name = _("信息项")
        verbose_name_plural = _("信息项")
        ordering = ["resource_id", "id"]
        constraints = [models.UniqueConstraint(fields=["resource", "name"], name="sharing_item_name_unique")]

    def __str__(self):
        return self.name


# The wordings of the undertaking a requesting department gives (Art. 31: every party to sharing bears the
# security, confidentiality and legal responsibility). A request stores the key of the wording it accepted, so a
# new wording gets a new key and the old ones stay readable.
UNDERTAKINGS = {
    "2024-1": _("本部门承诺：严格按照授权的信息项、使用范围和用途使用共享信息，不擅自扩大使用范围或提供给第三方；"
                "落实安全保密措施，涉密信息项的知悉范围限定在授权指定的人员；承担共享信息的安全保密责任和相应的法律责任"
                "（《“数字钦州”建设项目和资金管理暂行办法》第三十条、第三十一条）。"),
}
UNDERTAKING_VERSION = "2024-1"
UNDERTAKING_MISSING = _("申请部门须承诺承担共享信息的安全保密责任和相应的法律责任（第三十一条），请勾选承诺后提交。")
# The providing unit is a party to the sharing too (Art. 31), so its grant carries an undertaking of its own.
PROVIDER_UNDERTAKINGS = {
    "2024-1": _("本单位作为信息资源提供方承诺：仅按照授权的信息项、使用范围、用途和有效期提供共享信息；落实提供环节的"
                "安全保密措施，涉密信息项仅向授权指定的人员提供；承担共享信息的安全保密责任和相应的法律责任"
                "（《“数字钦州”建设项目和资金管理暂行办法》第三十条、第三十一条）。"),
}
PROVIDER_UNDERTAKING_MISSING = _("提供方须承诺承担共享信息的安全保密责任和相应的法律责任（第三十一条），"
                                 "请勾选承诺后授权。")


class AccessRequest(models.Model):
    """A department asks for a resource (Art. 30); the owner grants it free of charge within a scope, or refuses.

    The request records the requesting department's undertaking to bear the security, confidentiality and
    legal responsibility for what it receives (Art. 31): who gave it, when, and which wording; a grant records
    the providing unit's own (given by ``decided_by`` on ``decided_on``). The grant
    lives on the request: the items, scope, purpose and validity the owner granted, and for classified
    items the named people who may know them (Art. 30: the minimum scope). At most one request of a
    department for a resource is pending at a time (a partial unique constraint, so two clicks cannot race).
    """

    resource = models.ForeignKey(Resource, models.PROTECT, related_name="requests", verbose_name=_("信息资源"))
    organisation = models.ForeignKey("orgs.Organisation", models.PROTECT, related_name="+",
                                     verbose_name=_("申请部门"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                     verbose_name=_("申请人"))
    requested_on = models.DateField(_("申请日期"))
    purpose = models.TextField(_("用途"))
    scope = models.TextField(_("申请使用范围"))
    requested_items = models.ManyToManyField(Item, related_name="+", blank=True, verbose_name=_("申请的信息项"))
    undertaking_version = models.CharField(_("安全保密承诺文本版本"), max_length=20, blank=True)
    undertaken_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("承诺人"))
    undertaken_on = models.DateField(_("承诺日期"), null=True, blank=True)
    grant_undertaking_version = models.CharField(_("提供方安全保密承诺文本版本"), max_length=20, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING,
                              db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("办理人"))
    decided_on = models.DateField(_("办理日期"), null=True, blank=True)
    reason = models.TextField(_("拒绝/撤销理由"), blank=True)
    granted_items = models.ManyToManyField(Item, related_name="grants", blank=True, verbose_name=_("授权的信息项"))
    granted_scope = models.TextField(_("授权使用范围"), blank=True)
    granted_purpose = models.TextField(_("授权用途"), blank=True)
    valid_from = models.DateField(_("授权起始日"), null=True, blank=True)
    valid_until = models.DateField(_("授权截止日"), null=True, blank=True)
    named_people = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="sharing_clearances", blank=True,
                                          verbose_name=_("涉密信息项知悉人员"))
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("信息资源共享申请")
        verbose_name_plural = _("信息资源共享申请")
        ordering = ["-requested_on", "-id"]
        indexes = [models.Index(fields=["organisation", "status"]), models.Index(fields=["resource", "status"]),
                   models.Index(fields=["valid_until"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.GRANTED) | Q(valid_from__isnull=False, valid_until__isnull=False),
                name="sharing_grant_has_validity"),
            models.UniqueConstraint(fields=["resource", "organisation"], condition=Q(status=RequestStatus.PENDING),
                                    name="sharing_one_pending_request"),
        ]

    def __str__(self):
        return str(_("{org}申请使用“{res}”").format(org=self.organisation, res=self.resource))

    @property
    def undertaking_text(self) -> str:
        """The wording the requester accepted; empty for requests made before undertakings were recorded."""
        return str(UNDERTAKINGS.get(self.undertaking_version, ""))

    @property
    def grant_undertaking_text(self) -> str:
        """The wording the provider accepted when granting; empty for grants made before it was recorded."""
        return str(PROVIDER_UNDERTAKINGS.get(self.grant_undertaking_version, ""))


class Area(models.TextChoices):
    """Whose catalogue: the city's, or one county's.

    钦政办〔2019〕5号: the city's by the end of October, a county's by the end of November.
    """

    CITY = "city", _("市级")
    QINNAN = "qinnan", _("钦南区")
    QINBEI = "qinbei", _("钦北区")
    LINGSHAN = "lingshan", _("灵山县")
    PUBEI = "pubei", _("浦北县")


class CityCatalogue(models.Model):
    """One version of a year's consolidated catalogue of the city or a county; a published version never changes."""

    Status = CatalogueStatus

    year = models.PositiveSmallIntegerField(_("年度"))
    area = models.CharField(_("范围"), max_length=12, choices=Area.choices, default=Area.CITY)
    version = models.PositiveSmallIntegerField(_("版本"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    compiled_on = models.DateField(_("汇总日期"))
    compiled_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("汇总人"))
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("发布人"))
    note = models.TextField(_("发布说明"), blank=True)

    class Meta:
        verbose_name = _("年度政务信息资源目录")
        verbose_name_plural = _("年度政务信息资源目录")
        ordering = ["-year", "area", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "area", "version"], name="sharing_catalogue_version_unique"),
            models.UniqueConstraint(fields=["year", "area"], condition=Q(status="draft"),
                                    name="sharing_catalogue_one_draft"),
        ]
        indexes = [models.Index(fields=["status", "year"])]

    def __str__(self):
        return str(_("{year}年度{area}政务信息资源目录（第{v}版）").format(
            year=self.year, area=self.get_area_display(), v=self.version))

    @property
    def deadline(self) -> date:
        return date(self.year, 10, 31) if self.area == Area.CITY else date(self.year, 11, 30)

    @property
    def published_late(self) -> bool:
        return bool(self.published_on and self.published_on > self.deadline)


class CatalogueEntry(models.Model):
    """A resource as it stood when the catalogue was compiled: later edits do not change a published version."""

    catalogue = models.ForeignKey(CityCatalogue, models.CASCADE, related_name="entries", verbose_name=_("目录"))
    resource = models.ForeignKey(Resource, models.SET_NULL, null=True, related_name="+", verbose_name=_("信息资源"))
    code = models.CharField(_("资源代码"), max_length=40)
    name = models.CharField(_("资源名称"), max_length=120)
    summary = models.TextField(_("资源摘要"), blank=True)
    provider = models.ForeignKey("orgs.Organisation", models.PROTECT, related_name="+", verbose_name=_("提供单位"))
    source_unit = models.CharField(_("来源单位"), max_length=120)
    project_name = models.CharField(_("所属项目"), max_length=200)
    share_type = models.CharField(_("共享类型"), max_length=14, choices=ShareType.choices)
    share_conditions = models.TextField(_("共享条件"), blank=True)
    legal_basis = models.TextField(_("依据"), blank=True)
    open_type = models.CharField(_("开放类型"), max_length=12, choices=OpenType.choices)
    update_cycle = models.CharField(_("更新周期"), max_length=12, choices=UpdateCycle.choices)
    data_format = models.CharField(_("数据格式"), max_length=12, choices=DataFormat.choices)
    items = models.JSONField(_("信息项"), default=list)

    class Meta:
        verbose_name = _("目录条目")
        verbose_name_plural = _("目录条目")
        ordering = ["catalogue_id", "code"]
        indexes = [models.Index(fields=["catalogue", "share_type"]), models.Index(fields=["catalogue", "provider"])]

    def __str__(self):
        return f"{self.code} {self.name}"


class Assessment(models.Model):
    """December's one city-wide assessment of the year's shared resources, and its circulation (通报).

    钦政办〔2019〕5号 二（一）4 has the city assess the shared resources of every level and department, so one
    assessment per year covers the city catalogue and every county catalogue published by then. It keeps the
    criteria it applied: they are the platform's local practice (settings), not the document's, and may change.
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    catalogues = models.ManyToManyField(CityCatalogue, related_name="assessments", verbose_name=_("考核所依据的目录"))
    min_shareable_ratio = models.DecimalField(_("可共享资源最低占比（本平台考核口径）"), max_digits=3, decimal_places=2)
    response_days = models.PositiveSmallIntegerField(_("共享申请办理时限（天，本平台考核口径）"))
    assessed_on = models.DateField(_("考核日期"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("考核人"))
    circulated_on = models.DateField(_("通报日期"), null=True, blank=True)
    circulation_ref = models.CharField(_("通报文号"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("共享信息资源考核")
        verbose_name_plural = _("共享信息资源考核")
        ordering = ["-year"]

    def __str__(self):
        return str(_("{year}年度全市共享政务信息资源考核").format(year=self.year))

    @property
    def due(self) -> date:
        return date(self.year, 12, 31)

    @property
    def min_shareable_percent(self) -> str:
        return f"{self.min_shareable_ratio * 100:.0f}%"


class AssessmentRow(models.Model):
    """One provider's figures; ``needs_improvement`` puts it on the circulation list."""

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="rows", verbose_name=_("考核"))
    organisation = models.ForeignKey("orgs.Organisation", models.PROTECT, related_name="+", verbose_name=_("单位"))
    resources = models.PositiveIntegerField(_("目录资源数"))
    shareable = models.PositiveIntegerField(_("可共享资源数"))
    requests = models.PositiveIntegerField(_("收到共享申请"))
    granted = models.PositiveIntegerField(_("已授权"))
    refused = models.PositiveIntegerField(_("已拒绝"))
    pending_overdue = models.PositiveIntegerField(_("超期未办理"))
    needs_improvement = models.BooleanField(_("列入通报"), default=False)
    remarks = models.CharField(_("问题"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        ordering = ["-needs_improvement", "organisation__code"]

    def __str__(self):
        return str(_("{org}的{year}年度共享政务信息资源考核结果").format(org=self.organisation,
                                                                 year=self.assessment.year))


class CloudStatus(models.TextChoices):
    NOT_MIGRATED = "not_migrated", _("未迁移")
    MIGRATING = "migrating", _("迁移中")
    MIGRATED = "migrated", _("已迁移至钦州政务云")
    EXEMPT = "exempt", _("不适用（涉密或特殊要求）")


class InformationSystem(models.Model):
    """A government information system (政务信息系统) and its security record.

    钦政办〔2019〕5号 requires zombie systems (“僵尸”系统) to be shut down with no more O&M money; Art. 32
    bars O&M money for non-compliant systems (rule L25). Each zombie determination is a
    ``ZombieDetermination`` row: while one is in force, the project's O&M fund applications are refused
    (rule S5).
    """

    scope_unit_field = "owner"

    Status = SystemStatus

    name = models.CharField(_("系统名称"), max_length=120)
    owner = models.ForeignKey("orgs.Organisation", models.PROTECT, related_name="+", verbose_name=_("运维单位"))
    project = models.ForeignKey("projects.Project", models.PROTECT, null=True, blank=True,
                                related_name="information_systems", verbose_name=_("建设项目"))
    status = models.CharField(_("运行状态"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    cloud_status = models.CharField(_("迁移上云"), max_length=14, choices=CloudStatus.choices,
                                    default=CloudStatus.NOT_MIGRATED)
    dengbao_level = models.PositiveSmallIntegerField(_("等保级别"), choices=[(0, _("未定级"))] + [
        (n, _("第{n}级").format(n=n)) for n in range(1, 5)], default=0)
    dengbao_filed_on = models.DateField(_("等保备案日期"), null=True, blank=True)
    dengbao_tested_on = models.DateField(_("最近等保测评日期"), null=True, blank=True)
    mipin_tested_on = models.DateField(_("最近密评日期"), null=True, blank=True)
    shut_down_on = models.DateField(_("关停日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("政务信息系统")
        verbose_name_plural = _("政务信息系统")
        ordering = ["owner__code", "name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="sharing_system_name_unique")]
        indexes = [models.Index(fields=["cloud_status"]), models.Index(fields=["status"]),
                   models.Index(fields=["dengbao_level"])]

    def __str__(self):
        return self.name

    def clean(self):
        """The system belongs to a project of the unit that runs it; once determined a zombie, it keeps its project.

        Rule S5 finds a zombie determination through the system's project (钦政办〔2019〕5号: no more O&M money),
        so moving such a system to another project would lift the block, or put it on the wrong project.
        """
        if self.project_id is not None and self.project.unit_id != self.owner_id:
            raise ValidationError({"project": _("所选项目不是该运维单位建设的项目。")})
        if self.pk is not None and self.zombie_determinations.exists():
            stored = InformationSystem.objects.filter(pk=self.pk).values_list("project_id", flat=True).get()
            if stored != self.project_id:
                raise ValidationError({"project": _("该系统曾被认定为“僵尸”系统，所属项目不能更改。")})

    def zombie_on(self, on: date) -> bool:
        return self.zombie_determinations.in_force(on).exists()

    def retest_due(self, tested_on: date | None) -> date | None:
        """Level 3 and above are tested every year, level 2 every two years (judgement call, see README)."""
        if not tested_on or self.dengbao_level < 2:
            return None
        years = 1 if self.dengbao_level >= 3 else 2
        return tested_on.replace(year=tested_on.year + years) if not (tested_on.month == 2 and tested_on.day == 29) \
            else date(tested_on.year + years, 2, 28)


class ZombieDeterminationQuerySet(models.QuerySet):
    def in_force(self, on: date):
        return self.filter(Q(cleared_on__isnull=True) | Q(cleared_on__gt=on), determined_on__lte=on)


class ZombieDetermination(models.Model):
    """One determination that a system is a zombie (钦政办〔2019〕5号), in force from ``determined_on`` until
    ``cleared_on``. A system flagged again gets a new row, so every past day is judged by what was in force then.
    """

    scope_unit_field = "system__owner"

    system = models.ForeignKey(InformationSystem, models.PROTECT, related_name="zombie_determinations",
                               verbose_name=_("信息系统"))
    determined_on = models.DateField(_("认定日期"))
    # empty only on a determination carried over from the old flag fields with no audit record naming its author
    determined_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("认定人"))
    reason = models.TextField(_("认定理由"))
    cleared_on = models.DateField(_("撤销日期"), null=True, blank=True)
    cleared_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("撤销人"))
    clear_reason = models.TextField(_("撤销理由"), blank=True)

    objects = ZombieDeterminationQuerySet.as_manager()

    class Meta:
        verbose_name = _("“僵尸”系统认定")
        verbose_name_plural = _("“僵尸”系统认定")
        ordering = ["-determined_on", "-id"]
        indexes = [models.Index(fields=["system", "determined_on"])]
        constraints = [
            models.UniqueConstraint(fields=["system"], condition=Q(cleared_on__isnull=True),
                                    name="sharing_one_open_zombie_determination"),
            models.CheckConstraint(condition=Q(cleared_on__isnull=True) | Q(cleared_on__gte=F("determined_on")),
                                   name="sharing_zombie_cleared_after_determined"),
        ]

    def __str__(self):
        return str(_("{system}“僵尸”系统认定（{d}）").format(system=self.system, d=self.determined_on.isoformat()))
