"""Every status change of a doubt and of its handling form, declared in one place.

``MACHINES[model][step] = (sources, target)``; ``services._move`` is the only code that changes a
status, and it refuses a step from any status not listed here.
"""

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
