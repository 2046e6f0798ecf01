from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "govproj.common"
    verbose_name = _("公共")

    def ready(self) -> None:
        from django.contrib import admin

        # The admin site is for system administrators only (DEVELOPERS.md, issue 2).
        def has_permission(request):
            return request.user.is_active and request.user.has_perm("govproj.admin_site")

        admin.site.has_permission = has_permission
        admin.site.site_header = _("数字钦州项目和资金管理平台 · 系统管理")
        admin.site.site_title = _("系统管理")
        admin.site.index_title = _("系统管理")
