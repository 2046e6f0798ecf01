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
        return str(self.year)


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
        return f"{self.date} {self.name}"
