from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from govproj.audit.admin_mixins import AuditedModelAdmin

from .models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = ["role", "scope", "organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "full_name", "organisation", "is_active", "last_login"]
    list_filter = ["is_active", "role_assignments__role", "organisation__kind"]
    search_fields = ["username", "full_name", "organisation__name", "organisation__short_name"]
    autocomplete_fields = ["organisation"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("full_name", "organisation", "title", "phone", "email")}),
        (_("状态"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "organisation", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]
