"""Every status change of a doubt and of its handling form, declared in one place.

``MACHINES[model]`` is the model's ``Machine``; ``common.workflow.move`` is the only code that changes a
status, and it refuses a step from any status not listed here. A step whose targets are its sources changes no
status but is allowed only there (assigning, recording a verification, a graded measure). Finance takes every
step but the unit's answer (Art. 5, 15 (三), 20, 22); ``services.policy`` resolves the actor. The labels are how
each step reads in the audit trail of a doubt or form.
"""

from django.utils.translation import gettext_lazy as _

from govproj.common.workflow import Machine, step

from .models import Case, Doubt

FINANCE, UNIT = "finance", "unit"  # the unit answers its own form; finance may record an answer received on paper

D, C = Doubt.Status, Case.Status
ACTIVE, HANDLING = (D.PENDING, D.VERIFYING), (C.OPEN, C.SUBMITTED)
MACHINES: dict[type, Machine] = {
    Doubt: Machine({
        "assign": step(_("分配核实人"), ACTIVE, ACTIVE, FINANCE),
        "verify": step(_("记录核实情况"), ACTIVE, ACTIVE, FINANCE),
        "start": step(_("开始核实"), D.PENDING, D.VERIFYING, FINANCE),
        "confirm": step(_("确认违规"), D.VERIFYING, D.CONFIRMED, FINANCE),
        "dismiss": step(_("排除疑点"), D.VERIFYING, D.DISMISSED, FINANCE),
    }),
    Case: Machine({
        "act": step(_("处理违规问题"), HANDLING, HANDLING, FINANCE),
        "submit_result": step(_("报送整改结果"), C.OPEN, C.SUBMITTED, UNIT),
        "return": step(_("退回继续整改"), C.SUBMITTED, C.OPEN, FINANCE),
        "close": step(_("办结"), C.SUBMITTED, C.CLOSED, FINANCE),
    }),
}

# How each step reads in the audit trail (the step names of the two machines are distinct).
STEP_LABELS = {name: s.label for machine in MACHINES.values() for name, s in machine.steps.items()}
