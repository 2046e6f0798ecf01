"""The one way a status machine is declared, asked and moved.

Every app declares its machines in its ``states`` module with the same two types: a ``Step`` says from which
states a step may start, where it may lead, who takes it and which rules gate or warn it; a ``Machine`` holds a
model's steps for one status field. Each app registers, from its ``AppConfig.ready``, every machine with the
policy that resolves a step's actor to a check of role, unit and scope (the policy lives in the app's services,
which the states module may not import). ``can(user, obj, step)`` then answers "may this person do this now?"
for the page, the API and the command line alike, and ``check`` refuses with the reason.

``move`` is the only status change of the machines whose steps need no more than the source check, the
conditional update and the audit record; the project lifecycle adds its rules, events and notices around the
same declaration (``projects.services``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils.translation import gettext as _

from govproj.audit import services as audit

from .dates import on_or_today
from .errors import ConcurrentChange, WorkflowError, validate


def _states(value) -> frozenset[str]:
    return frozenset([value] if isinstance(value, str) else value)


@dataclass(frozen=True)
class Step:
    label: str
    sources: frozenset[str]
    targets: frozenset[str]
    actor: str = ""  # who takes the step; each app's services resolve it to a check of role, unit and scope
    gates: tuple[str, ...] = ()  # rule keys whose block findings refuse the step
    warns: tuple[str, ...] = ()  # rule keys whose warnings are recorded with the step

    @property
    def target(self) -> str:
        """The one state a single-target step leads to."""
        (only,) = self.targets
        return only


def step(label, sources: str | Iterable[str], targets: str | Iterable[str], actor: str = "",
         gates: tuple[str, ...] = (), warns: tuple[str, ...] = ()) -> Step:
    """A ``Step``; a single state may be given for ``sources`` or ``targets``."""
    return Step(label, _states(sources), _states(targets), actor, gates, warns)


@dataclass(frozen=True)
class Machine:
    steps: dict[str, Step]
    field: str = "status"

    def __getitem__(self, name: str) -> Step:
        return self.steps[name]

    def allows(self, obj, name: str) -> bool:
        """Whether ``obj``'s current state lets step ``name`` start (not whether this user may take it)."""
        return getattr(obj, self.field) in self.steps[name].sources


# policy(user, obj, step, on) raises PermissionDenied, in Chinese, when ``user`` is not who takes ``step`` on ``obj``.
Policy = Callable[[object, object, str, date], None]
_registry: dict[type, tuple[Machine, Policy]] = {}


def register(model: type, machine: Machine, policy: Policy) -> None:
    _registry[model] = (machine, policy)


def machine_of(obj) -> Machine:
    return _registry[type(obj)][0]


def check(user, obj, name: str, on: date | None = None) -> None:
    """Refuse step ``name`` on ``obj`` now: ``WorkflowError`` for the state, ``PermissionDenied`` for the person."""
    machine, policy = _registry[type(obj)]
    if not machine.allows(obj, name):
        display = getattr(obj, f"get_{machine.field}_display")()
        raise WorkflowError(_("当前状态为“{status}”，不能{step}。").format(status=display, step=machine[name].label))
    policy(user, obj, name, on_or_today(on))


def can(user, obj, name: str, on: date | None = None) -> bool:
    """Whether ``user`` may take step ``name`` on ``obj`` now (its state and its actor; rules are judged on taking)."""
    try:
        check(user, obj, name, on)
    except (WorkflowError, PermissionDenied):
        return False
    return True


def move(obj, name: str, *, by, to: str | None = None, action: str = audit.Action.TRANSITION,
         detail: dict | None = None, validated: bool = False, **fields):
    """Change ``obj``'s status by step ``name`` of its registered machine and audit it; a concurrent change loses.

    The update is conditional on the status read (and the lock version, where the model keeps one), so
    of two people acting on the same record at once exactly one succeeds. ``action`` and ``detail`` are how
    the step reads in the audit trail (a grant, a revocation, a decision), as each app has always recorded it.
    ``validated`` first checks the record's invariants (``clean`` included) with ``fields`` set.
    """
    machine = machine_of(obj)
    spec = machine[name]
    target = to or spec.target
    if target not in spec.targets:
        raise AssertionError(f"{name} cannot lead to {target}")
    current = getattr(obj, machine.field)
    if current not in spec.sources:
        display = getattr(obj, f"get_{machine.field}_display")()
        raise WorkflowError(_("当前状态为“{status}”，不能{step}。").format(status=display, step=spec.label))
    before = audit.snapshot(obj)
    if validated:
        for key, value in fields.items():
            setattr(obj, key, value)
        validate(obj)
    read, bump = {machine.field: current}, {}
    if hasattr(obj, "lock_version"):
        read["lock_version"], bump["lock_version"] = obj.lock_version, F("lock_version") + 1
    if type(obj).objects.filter(pk=obj.pk, **read).update(**{machine.field: target}, **fields, **bump) != 1:
        raise ConcurrentChange()
    obj.refresh_from_db()
    audit.record(actor=by, action=action, obj=obj, before=before,
                 after={**audit.snapshot(obj), "step": name, **(detail or {})})
    return obj
