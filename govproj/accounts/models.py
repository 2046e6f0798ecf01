"""People and their roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from govproj.common.roles import DEFAULT_SCOPE, Role, Scope


class User(AbstractUser):
    """A person with a login. Chinese names are not split, so ``full_name`` replaces first/last name."""

    full_name = models.CharField(_("姓名"), max_length=60, blank=True)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("所在单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    title = models.CharField(_("职务"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    scope_unit_field = "organisation"

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["organisation__code", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    """One role held by one person, with the scope it reaches; granted and revoked only through services."""

    user = models.ForeignKey(User, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, db_index=True)
    scope = models.CharField(_("数据范围"), max_length=20, choices=Scope.choices)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("范围所属单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("“本单位”范围所指的单位，默认为人员所在单位。"),
    )
    granted_at = models.DateTimeField(_("授予时间"), auto_now_add=True)
    granted_by = models.ForeignKey(
        User, verbose_name=_("授予人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("角色授予")
        verbose_name_plural = _("角色授予")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    def save(self, *args, **kwargs):
        if not self.scope:
            self.scope = DEFAULT_SCOPE[self.role]
        super().save(*args, **kwargs)
