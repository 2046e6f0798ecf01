"""The filters of the sharing lists: the resource search, requests and grants, the system register."""

import django_filters
from django.utils.translation import gettext_lazy

from govproj.orgs.models import Organisation

from . import selectors
from .models import CloudStatus, DataFormat, InformationSystem, ShareType, UpdateCycle
from .states import RequestStatus


def _providers(request):
    return Organisation.objects.filter(projects__sharing_catalogue__resources__isnull=False).distinct()


class ResourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("检索（资源、信息项、单位）"), method="filter_q")
    share_type = django_filters.ChoiceFilter(label=gettext_lazy("共享类型"), choices=ShareType.choices)
    provider = django_filters.ModelChoiceFilter(label=gettext_lazy("提供单位"), queryset=_providers,
                                                field_name="catalogue__project__unit")
    update_cycle = django_filters.ChoiceFilter(label=gettext_lazy("更新周期"), choices=UpdateCycle.choices)
    data_format = django_filters.ChoiceFilter(label=gettext_lazy("数据格式"), choices=DataFormat.choices)

    def filter_q(self, queryset, name, value):
        return selectors.search_filter(queryset, value, self.request.user)


class RequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("状态"), choices=RequestStatus.choices)
    organisation = django_filters.ModelChoiceFilter(
        label=gettext_lazy("申请部门"), queryset=Organisation.objects.filter(kind__in=selectors.GOVERNMENT_KINDS))
    resource = django_filters.CharFilter(label=gettext_lazy("资源名称"), field_name="resource__name",
                                         lookup_expr="contains")


class SystemFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=gettext_lazy("系统名称"), lookup_expr="contains")
    cloud_status = django_filters.ChoiceFilter(label=gettext_lazy("迁移上云"), choices=CloudStatus.choices)
    dengbao_level = django_filters.ChoiceFilter(label=gettext_lazy("等保级别"),
                                                choices=InformationSystem._meta.get_field("dengbao_level").choices)
    status = django_filters.ChoiceFilter(label=gettext_lazy("运行状态"), choices=InformationSystem.Status.choices)
    zombie = django_filters.BooleanFilter(label=gettext_lazy("“僵尸”系统"), method="filter_zombie")

    def filter_zombie(self, queryset, name, value):
        return queryset.filter(zombie_since__isnull=not value)  # the determination in force today
