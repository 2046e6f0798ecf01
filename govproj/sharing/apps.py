from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "govproj.sharing"
    verbose_name = _("信息资源目录与共享")

    def ready(self):
        from govproj.common import importing, reminders, todos, workflow
        from govproj.projects import providers

        from . import selectors, services, states
        from .models import AccessRequest, CityCatalogue, InformationSystem

        for model, machine in ((AccessRequest, states.REQUEST), (CityCatalogue, states.CATALOGUE),
                               (InformationSystem, states.SYSTEM)):
            workflow.register(model, machine, services.POLICIES[model])
        importing.register(services.CatalogueImporter())
        todos.register(sharing_todos)
        reminders.register(services.catalogue_reminders)
        providers.register_facts(selectors.project_facts)


def sharing_todos(user) -> list:
    """The owner unit: requests waiting for its authorisation; whoever leads a yearly catalogue: publishing it."""
    from datetime import timedelta

    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _t

    from govproj.common.roles import Perm
    from govproj.common.todos import Todo

    from .models import AccessRequest, CityCatalogue
    from .selectors import areas_led_by, units_of
    from .states import RequestStatus

    today = timezone.localdate()
    items: list = []
    units = units_of(user, Perm.GRANT_SHARING)
    if units:
        pending = AccessRequest.objects.filter(
            status=RequestStatus.PENDING, resource__catalogue__project__unit__in=units,
        ).select_related("resource", "organisation").order_by("requested_on")[:50]
        for r in pending:
            due = r.requested_on + timedelta(days=settings.SHARING_RESPONSE_DAYS)
            items.append(Todo(_t("授权共享申请：{org}申请使用“{res}”").format(org=r.organisation, res=r.resource),
                              reverse("sharing:request", args=[r.pk]), since=r.requested_on, due=due,
                              overdue=due < today))
    if user.has_perm(Perm.MANAGE_SHARING.full):
        published = set(CityCatalogue.objects.filter(year=today.year, status=CityCatalogue.Status.PUBLISHED)
                        .values_list("area", flat=True))
        for area in areas_led_by(user, today):
            catalogue = CityCatalogue(year=today.year, area=area)
            if area not in published and today.month >= 9:
                items.append(Todo(_t("更新发布{y}年度{a}政务信息资源目录").format(
                    y=today.year, a=catalogue.get_area_display()), reverse("sharing:catalogues"),
                    due=catalogue.deadline, overdue=today > catalogue.deadline))
    return items
