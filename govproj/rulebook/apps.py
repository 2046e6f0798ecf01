from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulebookConfig(AppConfig):
    name = "govproj.rulebook"
    verbose_name = _("法规与规则库")
