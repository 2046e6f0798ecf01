"""A status changes only by a step of its machine: app code that sets one any other way fails here.

``common.workflow.move`` is the one status change (checked source state, conditional update, audit record);
assigning ``x.status``/``x.state`` or updating a queryset's ``status``/``state`` elsewhere would skip all three.
Creating a record in its initial status is no change and is allowed. Tests, migrations and the demo loader are
not app code; the project lifecycle (``govproj/projects``) moves by its own declaration of the same machines.
"""

import ast
from pathlib import Path

import pytest

from govproj.common import workflow

ROOT = Path(__file__).resolve().parents[2]  # the govproj package
SKIPPED_PARTS = {"tests", "migrations"}
SKIPPED = {Path("common/workflow.py"), Path("demo"), Path("projects")}
# (module, first line) pairs that may set a status by hand, each with its reason. Keep it short.
ALLOWED = {
    # A regulation's status follows the library: it is repealed when the repealing document is loaded, not by a step.
    ("rulebook/services.py",
     "Document.objects.filter(repealed_by__isnull=False).exclude(status=DocumentStatus.REPEALED).update("),
}


def status_fields() -> set[str]:
    """The status fields of every registered machine, and the lifecycle's ``state``."""
    return {machine.field for machine, _policy in workflow._registry.values()} | {"state"}


def _assigned(target, fields) -> bool:
    return isinstance(target, ast.Attribute) and target.attr in fields


def status_changes(source: str, fields: set[str]) -> list[int]:
    """The lines of ``source`` that set one of ``fields`` outside a creation."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and any(_assigned(t, fields) for t in node.targets):
            lines.append(node.lineno)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign) and _assigned(node.target, fields):
            lines.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "update":
                named = {k.arg for k in node.keywords if k.arg}
                for k in node.keywords:
                    if k.arg is None and isinstance(k.value, ast.Dict):
                        named |= {key.value for key in k.value.keys if isinstance(key, ast.Constant)}
                if named & fields:
                    lines.append(node.lineno)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr"
              and len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and node.args[1].value in fields):
            lines.append(node.lineno)
    return lines


def app_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIPPED_PARTS & set(relative.parts) or any(relative.is_relative_to(s) for s in SKIPPED):
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_app_code_changes_a_status_only_through_its_machine():
    fields = status_fields()
    found = []
    for relative, source in app_modules():
        text = source.splitlines()
        for line in status_changes(source, fields):
            if (str(relative), text[line - 1].strip()) not in ALLOWED:
                found.append(f"govproj/{relative}:{line}: {text[line - 1].strip()}")
    assert not found, "status set outside common.workflow.move:\n" + "\n".join(found)


def test_the_machines_of_funds_monitoring_and_sharing_are_registered():
    from govproj.funds.models import Application, ArrangementPlan, Call
    from govproj.monitoring.models import Case, Doubt
    from govproj.sharing.models import AccessRequest, CityCatalogue, InformationSystem

    for model in (Call, Application, ArrangementPlan, Doubt, Case, AccessRequest, CityCatalogue, InformationSystem):
        assert model in workflow._registry, model


@pytest.mark.parametrize("source", [
    "doubt.status = Doubt.Status.CONFIRMED",
    "project.state = 'approved'",
    "Case.objects.filter(pk=1).update(status='closed', closed_at=now)",
    "Plan.objects.filter(pk=1).update(**{'status': 'approved'})",
    "setattr(obj, 'status', 'draft')",
])
def test_each_way_of_setting_a_status_by_hand_is_found(source):
    assert status_changes(source, {"status", "state"}) == [1]


@pytest.mark.parametrize("source", [
    "Case.objects.create(doubt=d, status='open')",
    "Doubt.objects.filter(status='pending').update(assignee=user)",
    "system.cloud_status = 'migrated'",
    "x = obj.status",
])
def test_creating_reading_and_other_fields_are_not_status_changes(source):
    assert status_changes(source, {"status", "state"}) == []
