from django.contrib import admin

from govproj.audit.admin_mixins import AuditedModelAdmin

from .models import RegionProject


@admin.register(RegionProject)
class RegionProjectAdmin(AuditedModelAdmin):
    list_display = ["name", "region_department", "status", "year", "updated_at"]
    list_filter = ["status", "year"]
    search_fields = ["name", "content", "functions"]
