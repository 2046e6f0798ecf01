"""Regulation library and rulebook data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year whose State Council holiday schedule an administrator entered in the platform.

    For such a year the stored days are the whole truth (weekends otherwise), so a year the
    chinese-calendar library does not ship yet can still be used for deadlines.
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(_("依据"), max_length=200, help_text=_("如：国务院办公厅关于××年部分节假日安排的通知"))

    class Meta:
        verbose_name = _("节假日安排年度")
        verbose_name_plural = _("节假日安排年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return _("{year} 年节假日安排").format(year=self.year)


class CalendarDay(models.Model):
    """One statutory holiday or make-up working day; takes precedence over the library for its date."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"), help_text=_("勾选表示调休上班日；不勾选表示法定节假日。"))
    name = models.CharField(_("名称"), max_length=60, blank=True, help_text=_("如：国庆节、春节调休"))

    class Meta:
        verbose_name = _("节假日/调休日")
        verbose_name_plural = _("节假日/调休日")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = _("调休上班日") if self.is_workday else _("法定节假日")
        return f"{self.date} {self.name or kind}"


class DocumentStatus(models.TextChoices):
    CURRENT = "current", _("现行有效")
    REPEALED = "repealed", _("已废止")


class Document(models.Model):
    """An official document (公文) from a gazette, identified by its document number (文号)."""

    number = models.CharField(_("文号"), max_length=60, unique=True)
    title = models.CharField(_("标题"), max_length=300, db_index=True)
    issuer = models.CharField(_("发文机关"), max_length=100, db_index=True)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True, db_index=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    doc_type = models.CharField(_("文件类型"), max_length=20, db_index=True)
    status = models.CharField(
        _("效力状态"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.CURRENT, db_index=True
    )
    source = models.CharField(_("来源"), max_length=120, blank=True, db_index=True)
    body = models.TextField(_("正文"))
    content_hash = models.CharField(max_length=64, editable=False)
    imported_at = models.DateTimeField(_("导入时间"), auto_now=True)

    class Meta:
        verbose_name = _("法规文件")
        verbose_name_plural = _("法规文件")
        ordering = ["-issued_on", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Article(models.Model):
    """One article (第N条) of a document, in order."""

    document = models.ForeignKey(Document, verbose_name=_("文件"), on_delete=models.CASCADE, related_name="articles")
    number = models.PositiveSmallIntegerField(_("条号"))
    label = models.CharField(_("条"), max_length=12)
    chapter = models.CharField(_("章"), max_length=60, blank=True)
    text = models.TextField(_("条文"))

    class Meta:
        verbose_name = _("条款")
        verbose_name_plural = _("条款")
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="unique_article_number")]

    def __str__(self) -> str:
        return f"{self.document.number} {self.label}"


class RepealReference(models.Model):
    """“……同时废止”: ``repealing`` repeals the document numbered ``repealed_number``.

    ``repealed`` is filled in when that document is in the library, now or when it is imported later.
    """

    repealing = models.ForeignKey(
        Document, verbose_name=_("废止文件"), on_delete=models.CASCADE, related_name="repeals"
    )
    repealed_number = models.CharField(_("被废止文号"), max_length=60, db_index=True)
    repealed = models.ForeignKey(
        Document, verbose_name=_("被废止文件"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="repealed_by",
    )
    sentence = models.TextField(_("废止条文"))

    class Meta:
        verbose_name = _("废止关系")
        verbose_name_plural = _("废止关系")
        constraints = [
            models.UniqueConstraint(fields=["repealing", "repealed_number"], name="unique_repeal_reference")
        ]

    def __str__(self) -> str:
        return _("{repealing} 废止 {repealed}").format(repealing=self.repealing.number, repealed=self.repealed_number)
