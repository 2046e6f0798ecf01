from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "govproj.monitoring"
    verbose_name = _("预算执行动态监控")
