"""Every status change of a doubt and of its handling form, declared in one place.

``MACHINES[model]`` is the model's ``Machine``; ``common.workflow.move`` is the only code that changes a
status, and it refuses a step from any status not listed here. The labels are how each step reads in the
audit trail of a doubt or form.
"""

from django.utils.translation import gettext_lazy as _

from govproj.common.workflow import Machine, step

from .models import Case, Doubt

D, C = Doubt.Status, Case.Status
MACHINES: dict[type, Machine] = {
    Doubt: Machine({
        "start": step(_("开始核实"), D.PENDING, D.VERIFYING),
        "confirm": step(_("确认违规"), D.VERIFYING, D.CONFIRMED),
        "dismiss": step(_("排除疑点"), D.VERIFYING, D.DISMISSED),
    }),
    Case: Machine({
        "submit_result": step(_("报送整改结果"), C.OPEN, C.SUBMITTED),
        "return": step(_("退回继续整改"), C.SUBMITTED, C.OPEN),
        "close": step(_("办结"), C.SUBMITTED, C.CLOSED),
    }),
}

# How each step reads in the audit trail (the step names of the two machines are distinct).
STEP_LABELS = {name: s.label for machine in MACHINES.values() for name, s in machine.steps.items()}
