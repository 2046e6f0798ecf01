from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SimilarityConfig(AppConfig):
    name = "govproj.similarity"
    verbose_name = _("重复建设比对")

    def ready(self):
        """Keep this process's similarity index current with the rows it saves (derived data, as NetBox's cable paths)."""
        from govproj.common import importing
        from govproj.projects import providers
        from govproj.projects.models import Project

        from . import services
        from .models import RegionProject

        importing.register(services.RegionRegisterImporter())
        providers.register_facts(services.project_facts)
        for model in (Project, RegionProject):
            post_save.connect(_changed, sender=model, dispatch_uid=f"similarity-save-{model.__name__}")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"similarity-delete-{model.__name__}")


def _changed(sender, instance, **kwargs):
    from . import services

    services.row_changed(sender, instance.pk)
