
from django.utils.translation import gettext_lazy as _

from govproj.audit.models import AuditRecord
from govproj.common.roles import Perm
from govproj.common.views import ScopedListView

from .filters import AuditFilter
from .tables import AuditTable


class AuditListView(ScopedListView):
    model = AuditRecord
    table_class = AuditTable
    filterset_class = AuditFilter
    permission_required = Perm.VIEW_AUDIT
    export_permission = Perm.EXPORT_AUDIT
    title = _("审计日志")

    def base_queryset(self):
        return AuditRecord.objects.select_related("actor_organisation")
