"""Oversight of the money: quarterly and yearly reports, Art. 32 non-compliance findings, performance evaluation."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from govproj.rulebook.vocabulary import PERFORMANCE_GROUNDS

from .base import by_user


class FundReport(models.Model):
    """F10 (Art. 27): quarterly fund-use reports and the year-end budget-execution report of a project."""

    scope_unit_field = "project__unit"

    class Period(models.TextChoices):
        Q1 = "Q1", _("第一季度")
        Q2 = "Q2", _("第二季度")
        Q3 = "Q3", _("第三季度")
        Q4 = "Q4", _("第四季度")
        YEAR = "Y", _("年度预算执行情况")

    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="fund_reports")
    year = models.PositiveSmallIntegerField(_("年度"))
    period = models.CharField(_("报告期"), max_length=2, choices=Period.choices)
    due_on = models.DateField(_("报送期限"), db_index=True)
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    used_amount = models.DecimalField(_("截至报告期累计使用（元）"), null=True, blank=True, max_digits=16,
                                      decimal_places=2)
    summary = models.TextField(_("资金使用情况"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    recipients = models.CharField(_("报送部门"), max_length=100)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+")

    class Meta:
        verbose_name = _("资金使用报告")
        ordering = ["due_on", "project_id"]
        constraints = [models.UniqueConstraint(fields=["project", "year", "period"], name="fund_report_unique")]
        indexes = [models.Index(fields=["year", "submitted_on"])]

    def __str__(self):
        return _("{project} {year}年{period}资金使用情况报告").format(
            project=self.project.name, year=self.year, period=self.get_period_display())

    def clean(self):
        """Art. 27: a submitted report says how the money was used, and not before its period's last month."""
        if self.submitted_on is None:
            return
        errors = {}
        if self.submitted_on < self.last_month:
            errors["submitted_on"] = _("报告期尚未开始，不能提前报送。")
        if not self.summary.strip():
            errors["summary"] = _("请填写资金使用情况。")
        if errors:
            raise ValidationError(errors)

    @property
    def last_month(self) -> date:
        """The first day of the period's last month: a report may be sent from then on."""
        if self.period == self.Period.YEAR:
            return date(self.year, 12, 1)
        return date(self.year, int(self.period[1]) * 3, 1)


class NonCompliance(models.Model):
    """L25 (Art. 32): a department's finding that a system fails the crypto/security requirements."""

    class Kind(models.TextChoices):
        CRYPTO = "crypto", _("不符合密码应用要求")
        SECURITY = "security", _("不符合网络安全要求")
        HAZARD = "hazard", _("存在重大安全隐患")

    scope_unit_field = "project__unit"

    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="non_compliances",
                                verbose_name=_("信息系统（项目）"))
    department = models.ForeignKey("orgs.Organisation", models.PROTECT, related_name="+", verbose_name=_("认定部门"))
    kind = models.CharField(_("认定类型"), max_length=10, choices=Kind.choices)
    determined_on = models.DateField(_("认定日期"))
    ref = models.CharField(_("认定文号"), max_length=100, blank=True)
    description = models.TextField(_("认定情况"))
    recorded_by = by_user()
    resolved_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    resolution = models.TextField(_("整改复核意见"), blank=True)

    class Meta:
        verbose_name = _("安全不合规认定")
        ordering = ["-determined_on", "-id"]
        indexes = [models.Index(fields=["project", "resolved_on"])]

    def __str__(self):
        return f"{self.project.name}：{self.get_kind_display()}"

    def clean(self):
        """Art. 32: a finding is lifted on the determining department's review, after it was made."""
        if self.resolved_on is None:
            return
        errors = {}
        if self.resolved_on < self.determined_on:
            errors["resolved_on"] = _("整改完成日期不能早于认定日期。")
        if not self.resolution.strip():
            errors["resolution"] = _("请填写复核意见。")
        if errors:
            raise ValidationError(errors)


class PerformanceEvaluation(models.Model):
    """F11 (Art. 24): finance's evaluation of a funded project for one year."""

    scope_unit_field = "project__unit"

    class Status(models.TextChoices):
        OPEN = "open", _("评价中")
        CONCLUDED = "concluded", _("已完成")

    class Result(models.TextChoices):
        QUALIFIED = "qualified", _("合格")
        UNQUALIFIED = "unqualified", _("不合格")

    GROUNDS = PERFORMANCE_GROUNDS

    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="performance_evaluations",
                                verbose_name=_("项目"))
    year = models.PositiveSmallIntegerField(_("评价年度"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("启动日期"))
    opened_by = by_user()
    rulebook = models.CharField(_("适用规则版本"), max_length=40)
    detected = models.JSONField(_("平台检出的不合格情形"), default=list, blank=True)
    confirmed = models.JSONField(_("确认的不合格情形"), default=list, blank=True)
    dismissed_reason = models.TextField(_("未采纳检出情形的理由（合理原因等）"), blank=True)
    other_violation = models.TextField(_("其他违反本办法的情况"), blank=True)
    execution_rate = models.DecimalField(_("预算执行率（%）"), null=True, blank=True, max_digits=6, decimal_places=2)
    result = models.CharField(_("评价结果"), max_length=12, choices=Result.choices, blank=True)
    conclusion = models.TextField(_("评价意见"), blank=True)
    concluded_on = models.DateField(_("完成日期"), null=True, blank=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+")

    class Meta:
        verbose_name = _("绩效评价")
        ordering = ["-year", "project_id"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="evaluation_unique")]

    def __str__(self):
        return _("{p} {y}年度绩效评价").format(p=self.project.name, y=self.year)

    def clean(self):
        """Art. 24: a conclusion names known grounds only, says why it set a detected one aside, and gives its view."""
        if self.status != self.Status.CONCLUDED:
            return
        errors = {}
        unknown = set(self.confirmed) - set(PERFORMANCE_GROUNDS)
        if unknown:
            errors["confirmed"] = _("未知的不合格情形：{u}").format(u="、".join(sorted(unknown)))
        if {f["ground"] for f in self.detected} - set(self.confirmed) and not self.dismissed_reason.strip():
            errors["dismissed_reason"] = _("平台检出的情形未予采纳的，请写明合理原因。")
        if not self.conclusion.strip():
            errors["conclusion"] = _("请填写评价意见。")
        if errors:
            raise ValidationError(errors)
