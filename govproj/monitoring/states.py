"""Every status change of a doubt and of its handling form, declared in one place.

``MACHINES[model][step] = (sources, target)``; ``common.workflow.move`` is the only code that changes a
status, and it refuses a step from any status not listed here.
"""

from django.utils.translation import gettext_lazy as _

from .models import Case, Doubt

MACHINES: dict[type, dict[str, tuple[frozenset, str]]] = {
    Doubt: {
        "start": (frozenset({Doubt.Status.PENDING}), Doubt.Status.VERIFYING),
        "confirm": (frozenset({Doubt.Status.VERIFYING}), Doubt.Status.CONFIRMED),
        "dismiss": (frozenset({Doubt.Status.VERIFYING}), Doubt.Status.DISMISSED),
    },
    Case: {
        "submit_result": (frozenset({Case.Status.OPEN}), Case.Status.SUBMITTED),
        "return": (frozenset({Case.Status.SUBMITTED}), Case.Status.OPEN),
        "close": (frozenset({Case.Status.SUBMITTED}), Case.Status.CLOSED),
    },
}

# How each step reads in the audit trail of a doubt or form.
STEP_LABELS = {"start": _("开始核实"), "confirm": _("确认违规"), "dismiss": _("排除疑点"),
               "submit_result": _("报送整改结果"), "return": _("退回继续整改"), "close": _("办结")}
