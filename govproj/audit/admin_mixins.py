"""Admin changes are audited like any other change."""

from django.contrib import admin

from . import services as audit


class AuditedModelAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        audit.record_change(actor=request.user, obj=obj, before=before, request=request)

    def delete_model(self, request, obj):
        before = audit.snapshot(obj)
        audit.record(actor=request.user, action=audit.Action.DELETE, obj=obj, before=before, request=request)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        # Form validation has already changed the instances in memory: read "before" from the database.
        pks = [f.instance.pk for f in formset.forms if f.instance.pk]
        befores = {o.pk: audit.snapshot(o) for o in formset.model.objects.filter(pk__in=pks)}
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit.record(
                actor=request.user, action=audit.Action.DELETE, obj=obj, before=audit.snapshot(obj), request=request
            )
            obj.delete()
        for obj in instances:
            obj.save()
            audit.record_change(actor=request.user, obj=obj, before=befores.get(obj.pk), request=request)
        formset.save_m2m()
