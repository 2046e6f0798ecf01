"""Organisations of Qinzhou that use, review or supervise fiscal IT projects."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPAL_DEPT = "municipal_dept", _("市直部门")
    COUNTY = "county", _("县区")
    DEV_ZONE = "dev_zone", _("开发区/管委")
    SOE = "soe", _("国有企业")
    AGENT_BANK = "agent_bank", _("代理银行")
    THIRD_PARTY = "third_party", _("第三方机构")


class Organisation(models.Model):
    """A unit; ``parent`` is the competent department (主管部门) of a subordinate budget unit."""

    code = models.SlugField(_("机构代码"), max_length=40, unique=True)
    name = models.CharField(_("机构全称"), max_length=120, unique=True)
    short_name = models.CharField(_("简称"), max_length=60, db_index=True)
    kind = models.CharField(_("机构类别"), max_length=20, choices=OrganisationKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("主管部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    is_active = models.BooleanField(_("启用"), default=True, db_index=True)
    source = models.CharField(_("数据来源"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("主管部门不能是本机构或其下属单位。")})
            ancestor = ancestor.parent

    def descendant_ids(self) -> set[int]:
        """This unit and every subordinate unit, at any depth: the 'own unit' scope."""
        found = {self.pk}
        frontier = [self.pk]
        while frontier:
            frontier = list(
                Organisation.objects.filter(parent_id__in=frontier).exclude(pk__in=found).values_list("pk", flat=True)
            )
            found.update(frontier)
        return found
