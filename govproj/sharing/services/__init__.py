"""Every change to catalogues, access grants, yearly catalogues and the system register goes through here.

Each function checks who may act, validates, changes the data in one transaction, writes the audit
record and notifies whoever must act next. ``on`` is the business date (today unless a caller
records an earlier act, as the demo loader does). One module per domain; callers use ``services.x``.
"""

from .access import access_grant, access_refuse, access_request, access_revoke, access_withdraw, request_move
from .catalogues import (
    ITEM_FIELDS,
    RESOURCE_FIELDS,
    CatalogueImporter,
    collaboration_set,
    item_delete,
    item_save,
    no_data_declare,
    no_data_withdraw,
    resource_delete,
    resource_save,
)
from .cycle import assessment_circulate, assessment_run, catalogue_compile, catalogue_publish, catalogue_reminders
from .policy import POLICIES
from .systems import system_clear_zombie, system_flag_zombie, system_save, system_shut_down

__all__ = [
    "ITEM_FIELDS", "POLICIES", "RESOURCE_FIELDS", "CatalogueImporter", "access_grant", "access_refuse", "access_request", "access_revoke",
    "access_withdraw", "assessment_circulate", "assessment_run", "catalogue_compile", "catalogue_publish", "catalogue_reminders", "collaboration_set", "item_delete", "item_save", "no_data_declare",
    "no_data_withdraw", "request_move", "resource_delete", "resource_save", "system_clear_zombie",
    "system_flag_zombie", "system_save", "system_shut_down",
]
