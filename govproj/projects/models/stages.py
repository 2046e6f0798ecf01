"""What each stage after evaluation records: annual plan, approval, fiscal review, construction, acceptance."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..states import ItemStatus, PlanStatus, PostponementStatus
from .base import MONEY, not_before, raise_errors
from .project import Project
from .records import Attachment


class AnnualPlan(models.Model):
    """The year's 年度工作方案 (Art. 7): frozen once sent to the municipal government."""

    Status = PlanStatus

    year = models.PositiveSmallIntegerField(_("方案年度"), unique=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    decided_on = models.DateField(_("审定日期"), null=True, blank=True)
    decision_ref = models.CharField(_("审定文号/会议纪要"), max_length=100, blank=True)
    note = models.TextField(_("说明"), blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("年度工作方案")

    def __str__(self):
        return _("“数字钦州”建设 {year} 年度工作方案").format(year=self.year)

    def clean(self):
        errors = {}
        not_before(errors, self.decided_on, self.submitted_on, "decided_on", _("审定日期不能早于报送日期。"))
        raise_errors(errors)


class PlanEntry(models.Model):
    class Priority(models.TextChoices):
        URGENT = "urgent", _("急需")
        IMPORTANT = "important", _("重要")
        NORMAL = "normal", _("一般")

    plan = models.ForeignKey(AnnualPlan, models.CASCADE, related_name="entries")
    project = models.OneToOneField(Project, models.PROTECT, related_name="plan_entry")
    rank = models.PositiveIntegerField(_("排序"))
    priority = models.CharField(_("轻重缓急"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)

    class Meta:
        ordering = ["rank"]

    def __str__(self):
        return _("{plan}第 {rank} 项：{project}").format(plan=self.plan, rank=self.rank, project=self.project.name)


class ApprovalItemKind(models.TextChoices):
    PROPOSAL = "proposal", _("项目建议书")
    FEASIBILITY = "feasibility", _("可行性研究报告")
    PRELIMINARY_DESIGN = "preliminary_design", _("初步设计方案")
    ESTIMATE = "estimate", _("投资概算")
    ENERGY = "energy", _("节能评估")
    SITE = "site", _("规划选址")
    LAND = "land", _("用地预审")
    EIA = "eia", _("环境影响评价")


class ApprovalItem(models.Model):
    """One approval item of Art. 9, approved in order with the amount it approves."""

    Status = ItemStatus

    scope_unit_field = "project__unit"
    scope_assignee_field = "project__participants__user"

    project = models.ForeignKey(Project, models.CASCADE, related_name="approval_items")
    kind = models.CharField(_("审批事项"), max_length=20, choices=ApprovalItemKind.choices)
    order = models.PositiveSmallIntegerField()
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attachment = models.ForeignKey(Attachment, models.PROTECT, null=True, blank=True, related_name="+")
    requested_amount = models.DecimalField(_("申报金额（元）"), null=True, blank=True, **MONEY)
    approved_amount = models.DecimalField(_("批复金额（元）"), null=True, blank=True, **MONEY)
    chapters = models.JSONField(_("已确认的独立章节"), default=list, blank=True)
    approval_ref = models.CharField(_("批复文号"), max_length=100, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_on = models.DateField(_("批复日期"), null=True, blank=True)
    comment = models.TextField(_("审批意见"), blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["project", "kind"], name="approval_item_unique")]

    def __str__(self):
        return _("审批事项“{kind}”（{project}）").format(kind=self.get_kind_display(), project=self.project.name)


class FiscalReview(models.Model):
    """财政投资评审 (Art. 13) with the time limit of 钦政办规〔2019〕1号 Art. 10."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="fiscal_reviews")
    submitted_on = models.DateField(_("送审日期"))
    submitted_amount = models.DecimalField(_("送审金额（元）"), **MONEY)
    due_on = models.DateField(_("评审期限"), null=True, blank=True)
    reviewed_amount = models.DecimalField(_("审定金额（元）"), null=True, blank=True, **MONEY)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    comment = models.TextField(_("评审意见"), blank=True)

    class Meta:
        ordering = ["-submitted_on", "-id"]

    def __str__(self):
        return _("财政投资评审（{project}，{on} 送审）").format(project=self.project.name, on=self.submitted_on)

    def clean(self):
        errors = {}
        not_before(errors, self.due_on, self.submitted_on, "due_on", _("评审期限不能早于送审日期。"))
        not_before(errors, self.completed_on, self.submitted_on, "completed_on", _("完成日期不能早于送审日期。"))
        raise_errors(errors)


class ProgressReport(models.Model):
    """进度表 collected periodically (Art. 35)."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="progress_reports")
    period = models.CharField(_("报告期"), max_length=20)
    reported_on = models.DateField(_("报送日期"))
    percent = models.PositiveSmallIntegerField(_("形象进度（%）"), validators=[MinValueValidator(0)])
    summary = models.TextField(_("进展情况"))
    problems = models.TextField(_("存在问题"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="progress_period_unique"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_max_100"),
        ]

    def __str__(self):
        return _("进度表 {period}（{project}）").format(period=self.period, project=self.project.name)


class Inspection(models.Model):
    """现场检查 (Art. 35) and the follow-up of what it found."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="inspections")
    inspected_on = models.DateField(_("检查日期"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    findings = models.TextField(_("发现问题"))
    rectification_due = models.DateField(_("整改期限"), null=True, blank=True)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    rectification = models.TextField(_("整改情况"), blank=True)

    class Meta:
        ordering = ["-inspected_on", "-id"]

    def __str__(self):
        return _("现场检查 {on}（{project}）").format(on=self.inspected_on, project=self.project.name)

    def clean(self):
        errors = {}
        not_before(errors, self.rectification_due, self.inspected_on, "rectification_due",
                    _("整改期限不能早于检查日期。"))
        not_before(errors, self.rectified_on, self.inspected_on, "rectified_on", _("整改完成日期不能早于检查日期。"))
        raise_errors(errors)


class CryptoEvaluation(models.Model):
    """密评 reports tracked with their due dates (Art. 16)."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="crypto_evaluations")
    due_on = models.DateField(_("应完成日期"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    passed = models.BooleanField(_("结论为通过"), null=True, blank=True)
    attachment = models.ForeignKey(Attachment, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["due_on"]

    def __str__(self):
        return _("密码应用安全性评估（{project}，应完成 {due}）").format(project=self.project.name, due=self.due_on)

    def clean(self):
        """A 密评 that is done has a conclusion: Art. 22 counts only a passed one."""
        if self.done_on and self.passed is None:
            raise ValidationError({"passed": _("已完成的密评须填写结论。")})


class Postponement(models.Model):
    """延期验收申请 (Art. 22)."""

    Status = PostponementStatus

    project = models.ForeignKey(Project, models.CASCADE, related_name="postponements")
    requested_on = models.DateField(_("申请日期"))
    requested_until = models.DateField(_("申请延期至"))
    reason = models.TextField(_("延期理由"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_on = models.DateField(_("审核日期"), null=True, blank=True)
    comment = models.TextField(_("审核意见"), blank=True)

    class Meta:
        ordering = ["-requested_on", "-id"]

    def __str__(self):
        return _("延期验收申请：延期至 {until}（{project}）").format(until=self.requested_until,
                                                            project=self.project.name)

    def clean(self):
        errors = {}
        not_before(errors, self.decided_on, self.requested_on, "decided_on", _("审核日期不能早于申请日期。"))
        raise_errors(errors)


class AcceptanceAttempt(models.Model):
    """One acceptance: every attempt is kept, failed ones included (Art. 22, 24(三))."""

    class Mode(models.TextChoices):
        COMMITTEE = "committee", _("组成验收委员会")
        THIRD_PARTY = "third_party", _("委托第三方")
        UNIT_GUIDED = "unit_guided", _("指导建设单位组织")

    project = models.ForeignKey(Project, models.CASCADE, related_name="acceptances")
    number = models.PositiveSmallIntegerField(_("第几次验收"))
    applied_on = models.DateField(_("申请日期"))
    rulebook = models.CharField(_("适用规则版本"), max_length=40)
    organiser = models.ForeignKey("orgs.Organisation", models.PROTECT, related_name="+", verbose_name=_("组织验收部门"))
    late = models.BooleanField(_("逾期申请"), default=False)
    mode = models.CharField(_("组织方式"), max_length=20, choices=Mode.choices, blank=True)
    members = models.TextField(_("验收委员会成员"), blank=True)
    started_on = models.DateField(_("验收日期"), null=True, blank=True)
    passed = models.BooleanField(_("通过"), null=True, blank=True)
    conclusion = models.TextField(_("验收结论"), blank=True)
    concluded_on = models.DateField(_("结论日期"), null=True, blank=True)
    report_filed_on = models.DateField(_("验收报告备案日期"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="acceptance_number_unique")]

    def __str__(self):
        return _("第 {n} 次验收（{project}）").format(n=self.number, project=self.project.name)

    def clean(self):
        errors = {}
        not_before(errors, self.started_on, self.applied_on, "started_on", _("验收日期不能早于申请日期。"))
        not_before(errors, self.concluded_on, self.started_on or self.applied_on, "concluded_on",
                    _("结论日期不能早于验收日期。"))
        not_before(errors, self.report_filed_on, self.concluded_on, "report_filed_on",
                    _("验收报告备案日期不能早于结论日期。"))
        raise_errors(errors)
