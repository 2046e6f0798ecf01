"""What the lifecycle keeps on every project: its documents, the opinions it was given and its timeline."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..states import State
from .base import not_before, raise_errors
from .project import Project


class AttachmentKind(models.TextChoices):
    PROPOSAL = "proposal", _("项目建议书")
    FEASIBILITY = "feasibility", _("可行性研究报告")
    PRELIMINARY_DESIGN = "preliminary_design", _("初步设计方案")
    ESTIMATE = "estimate", _("投资概算")
    CONSTRUCTION_PLAN = "construction_plan", _("建设方案")
    RESOURCE_CATALOG = "resource_catalog", _("信息资源目录")
    CRYPTO_PLAN = "crypto_plan", _("密码应用方案")
    XINCHUANG_PLAN = "xinchuang_plan", _("信创技术应用方案")
    XINCHUANG_EVALUATION = "xinchuang_evaluation", _("信创替代评估论证材料")
    EVALUATION_REPORT = "evaluation_report", _("咨询评估报告")
    REGION_REQUIREMENT = "region_requirement", _("自治区意见/建设要求文件")
    ENERGY = "energy", _("节能评估")
    SITE = "site", _("规划选址")
    LAND = "land", _("用地预审")
    EIA = "eia", _("环境影响评价")
    APPROVAL_DOC = "approval_doc", _("批复文件")
    SUPERVISION_CONTRACT = "supervision_contract", _("监理合同")
    SCHEDULE = "schedule", _("进度表")
    SUMMARY = "summary", _("项目建设总结")
    FINANCIAL_REPORT = "financial_report", _("财务报告")
    AUDIT_REPORT = "audit_report", _("审计报告")
    SECURITY_ASSESSMENT = "security_assessment", _("安全风险评估报告（等保测评/保密测评）")
    CRYPTO_ASSESSMENT = "crypto_assessment", _("密码应用安全性评估报告")
    XINCHUANG_FILING = "xinchuang_filing", _("信创备案证明")
    SECRECY_APPROVAL = "secrecy_approval", _("保密行政管理部门审批意见")
    ACCEPTANCE_REPORT = "acceptance_report", _("验收报告")
    INSPECTION = "inspection", _("现场检查材料")
    OTHER = "other", _("其他")


# Attachments whose conclusion counts: an assessment that did not pass is kept but does not satisfy Art. 22.
CONCLUDED_KINDS = {AttachmentKind.SECURITY_ASSESSMENT, AttachmentKind.CRYPTO_ASSESSMENT}


def attachment_path(instance, filename):
    return f"projects/{instance.project_id}/{instance.kind}/v{instance.version}/{filename}"


class Attachment(models.Model):
    """One version of one typed document; a new upload of the same kind adds a version, never replaces one."""

    scope_unit_field = "project__unit"
    scope_assignee_field = "project__participants__user"

    project = models.ForeignKey(Project, models.CASCADE, related_name="attachments")
    kind = models.CharField(_("材料类型"), max_length=30, choices=AttachmentKind.choices)
    version = models.PositiveIntegerField(_("版本"))
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    passed = models.BooleanField(_("评估结论为通过"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["project", "kind", "version"], name="attachment_version_unique")]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}：{self.original_name}"


class OpinionKind(models.TextChoices):
    EVALUATION = "evaluation", _("综合评估意见")
    SPECIAL = "special", _("专项申报意见")
    XINCHUANG = "xinchuang", _("信创替代例外审查")
    ACCEPTANCE = "acceptance", _("验收委员会意见")


class Conclusion(models.TextChoices):
    AGREE = "agree", _("同意")
    REVISE = "revise", _("修改后同意")
    DISAGREE = "disagree", _("不同意")


class Opinion(models.Model):
    """An opinion owed by a department (or by one invited expert), and once given, what it said."""

    scope_unit_field = "project__unit"
    scope_assignee_field = "project__participants__user"

    project = models.ForeignKey(Project, models.CASCADE, related_name="opinions")
    kind = models.CharField(_("意见类型"), max_length=20, choices=OpinionKind.choices)
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    organisation = models.ForeignKey("orgs.Organisation", models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("出具部门"))
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("邀请专家"))
    requested_on = models.DateField(_("征求日期"))
    due_on = models.DateField(_("反馈期限"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    submitted_on = models.DateField(_("反馈日期"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("经办人"))
    conclusion = models.CharField(_("结论"), max_length=10, choices=Conclusion.choices, blank=True)
    necessity = models.TextField(_("必要性"), blank=True)
    feasibility = models.TextField(_("可行性"), blank=True)
    security = models.TextField(_("安全性"), blank=True)
    sharing = models.TextField(_("协同共享范围"), blank=True)
    funding = models.TextField(_("资金来源"), blank=True)
    text = models.TextField(_("意见"), blank=True)

    class Meta:
        ordering = ["kind", "round", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(organisation__isnull=False) | Q(expert__isnull=False),
                                   name="opinion_has_addressee"),
        ]
        indexes = [models.Index(fields=["submitted_at", "due_on"])]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.organisation or self.expert}"

    def clean(self):
        errors = {}
        not_before(errors, self.due_on, self.requested_on, "due_on", _("反馈期限不能早于征求日期。"))
        not_before(errors, self.submitted_on, self.requested_on, "submitted_on", _("反馈日期不能早于征求日期。"))
        raise_errors(errors)

    @property
    def addressee(self) -> str:
        if self.expert_id:
            return f"{self.expert.full_name or self.expert.username}（{_('专家')}）"
        return self.organisation.short_name or self.organisation.name


class Event(models.Model):
    """The project's timeline: every step, decision, opinion and upload, with the findings it was judged on."""

    scope_unit_field = "project__unit"
    scope_assignee_field = "project__participants__user"

    project = models.ForeignKey(Project, models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    on = models.DateField(_("业务日期"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    actor_name = models.CharField(_("操作人"), max_length=100, blank=True)
    step = models.CharField(_("环节"), max_length=40)
    label = models.CharField(_("事项"), max_length=100)
    from_state = models.CharField(_("原状态"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20, choices=State.choices, blank=True)
    reason = models.TextField(_("理由/说明"), blank=True)
    rulebook = models.CharField(_("适用规则版本"), max_length=40, blank=True)
    findings = models.JSONField(_("规则发现"), default=list, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.on} {self.label}"
