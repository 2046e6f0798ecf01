"""The region register and reviewers' judgements of similar projects (Art. 1 and 6, 钦政办规〔2024〕1号).

The register lists what the autonomous region has built or plans to build uniformly, so a city project
that repeats it can be caught at declaration (rule L2). A judgement is the lead department's verdict on
one (project, matched item) pair: it is kept current rather than appended, and every change is audited.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RegionProject(models.Model):
    """自治区统一建设或计划统一建设的项目, maintained by the lead department."""

    class Status(models.TextChoices):
        BUILT = "built", _("已建成")
        BUILDING = "building", _("在建")
        PLANNED = "planned", _("计划统一建设")

    name = models.CharField(_("项目名称"), max_length=200, unique=True)
    content = models.TextField(_("建设内容"), blank=True)
    functions = models.TextField(_("主要功能"), blank=True)
    region_department = models.CharField(_("自治区主管部门"), max_length=100, db_index=True)
    status = models.CharField(_("建设状态"), max_length=10, choices=Status.choices, db_index=True)
    basis = models.CharField(_("文件依据"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True, db_index=True)
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("修改人"))
    # The similarity index of every process catches up from this column (services.sync).
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("自治区统一建设项目")
        verbose_name_plural = _("自治区统一建设项目登记")
        ordering = ["region_department", "name"]

    def __str__(self):
        return self.name


class Verdict(models.TextChoices):
    DUPLICATE = "duplicate", _("重复建设")
    OVERLAP = "overlap", _("部分重叠")
    DISTINCT = "distinct", _("不重复")


class Stage(models.TextChoices):
    DECLARATION = "declaration", _("申报")
    EVALUATION = "evaluation", _("评估")


class Judgement(models.Model):
    """查重研判: the current verdict on one project against one platform project or one register item."""

    scope_unit_field = "project__unit"
    scope_assignee_field = "project__participants__user"

    project = models.ForeignKey("projects.Project", models.CASCADE, related_name="similarity_judgements",
                                verbose_name=_("项目"))
    matched_project = models.ForeignKey("projects.Project", models.PROTECT, null=True, blank=True, related_name="+",
                                        verbose_name=_("相似的平台项目"))
    matched_region = models.ForeignKey(RegionProject, models.PROTECT, null=True, blank=True,
                                       related_name="judgements", verbose_name=_("相似的自治区统一建设项目"))
    score = models.FloatField(_("研判时相似度"))
    verdict = models.CharField(_("研判结论"), max_length=10, choices=Verdict.choices, db_index=True)
    reason = models.TextField(_("理由"))
    stage = models.CharField(_("环节"), max_length=12, choices=Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("研判人"))
    at = models.DateTimeField(_("研判时间"))

    class Meta:
        verbose_name = _("查重研判")
        verbose_name_plural = _("查重研判")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(matched_project__isnull=False) & Q(matched_region__isnull=True))
                | (Q(matched_project__isnull=True) & Q(matched_region__isnull=False)),
                name="judgement_exactly_one_match"),
            models.CheckConstraint(condition=~Q(matched_project=models.F("project")), name="judgement_not_self"),
            models.UniqueConstraint(fields=["project", "matched_project"], condition=Q(matched_project__isnull=False),
                                    name="judgement_one_per_project_pair"),
            models.UniqueConstraint(fields=["project", "matched_region"], condition=Q(matched_region__isnull=False),
                                    name="judgement_one_per_region_pair"),
        ]

    def __str__(self):
        return _("{project} 与 {match}：{verdict}").format(
            project=self.project.name, match=self.matched.name, verdict=self.get_verdict_display())

    @property
    def matched(self):
        return self.matched_project if self.matched_project_id else self.matched_region

    @property
    def key(self) -> str:
        """The index key of the matched item (``services.key_of``)."""
        return f"p:{self.matched_project_id}" if self.matched_project_id else f"r:{self.matched_region_id}"
