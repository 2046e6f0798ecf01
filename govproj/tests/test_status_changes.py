"""A status changes only through its machine (``common.workflow``): app code never sets one by hand.

Every module of the scanned apps is parsed and each assignment to ``x.status``/``x.state`` (plain,
tuple or augmented), each ``setattr(x, "status"|"state", …)`` and each ``.update(status=…)``/
``.update(state=…)`` (or ``.update(**{field: …})`` with a computed field) is flagged unless it lies in a
function of the allow-list: ``workflow.move`` and the project lifecycle's one advance function. Creating a
record with its initial status is not a change and is not flagged. Tests, migrations and the demo loader are not app code.

It reads every app, so it lives with the cross-app tests.
"""

import ast
from pathlib import Path

import pytest

import govproj
from govproj.common import workflow

ROOT = Path(govproj.__file__).parent
STATUS_FIELDS = {"status", "state"}
SCANNED = ("audit", "common", "orgs", "accounts", "rulebook", "projects", "funds", "monitoring", "sharing",
           "similarity", "api")
ALLOWED = {
    ("common/workflow.py", "move"),
    ("projects/services/_core.py", "advance"),
    # A regulation's status follows the library: it is repealed when the repealing document is loaded, not by a
    # step of a machine (rulebook documents have none).
    ("rulebook/services.py", "repeal_links_resolve"),
}


def _is_status(node) -> bool:
    return isinstance(node, ast.Attribute) and node.attr in STATUS_FIELDS


def _may_name_status(mapping) -> bool:
    """A ``**{…}`` whose keys are computed (a machine's field) or name a status field."""
    return isinstance(mapping, ast.Dict) and any(
        key is not None and not (isinstance(key, ast.Constant) and key.value not in STATUS_FIELDS)
        for key in mapping.keys)


def _targets(node) -> list:
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        targets = [node.target]
    else:
        return []
    return [e for t in targets for e in (t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t])]


def _sets_status(node) -> bool:
    if any(_is_status(t) for t in _targets(node)):
        return True
    if not isinstance(node, ast.Call):
        return False
    if isinstance(node.func, ast.Attribute) and node.func.attr == "update":
        return any(k.arg in STATUS_FIELDS or (k.arg is None and _may_name_status(k.value)) for k in node.keywords)
    if isinstance(node.func, ast.Name) and node.func.id == "setattr" and len(node.args) >= 2:
        name = node.args[1]
        return isinstance(name, ast.Constant) and name.value in STATUS_FIELDS
    return False


def status_changes(source: str) -> list[tuple[str, int]]:
    """(enclosing function, line) of every status change in ``source``; "" for module level."""
    found = []

    def visit(node, function: str):
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if _sets_status(child):
                found.append((inner, child.lineno))
            visit(child, inner)

    visit(ast.parse(source), "")
    return found


def app_modules():
    for app in SCANNED:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if not {"tests", "migrations"} & set(relative.parts):
                yield relative.as_posix(), path


def test_the_detector_sees_every_way_of_setting_a_status():
    source = (
        "def a(x):\n    x.status = 'done'\n"
        "def b(x):\n    x.state, x.note = 'done', ''\n"
        "def c(qs):\n    qs.filter(pk=1).update(state='done')\n"
        "def d(x):\n    setattr(x, 'status', 'done')\n"
        "def e(qs, m):\n    qs.update(**{m.field: 'done'})\n    qs.update(**{'note': ''})\n"
        "def f(M):\n    M.objects.create(status='draft')\n    M(state='draft')\n"
    )
    assert status_changes(source) == [("a", 2), ("b", 4), ("c", 6), ("d", 8), ("e", 10)]


@pytest.mark.parametrize("name", SCANNED)
def test_no_app_code_sets_a_status_outside_its_machine(name):
    outside = [f"{module}:{line} ({function or 'module'})"
               for module, path in app_modules() if module.startswith(f"{name}/")
               for function, line in status_changes(path.read_text(encoding="utf-8"))
               if (module, function) not in ALLOWED]
    assert outside == []


def test_the_allow_list_names_only_functions_that_change_a_status():
    """A stale entry would let a future hand-set status in that function pass unnoticed."""
    for module, function in ALLOWED:
        assert function in {f for f, _line in status_changes((ROOT / module).read_text(encoding="utf-8"))}


def test_every_model_with_a_workflow_status_has_a_registered_machine():
    from govproj.funds.models import (
        Adjustment,
        Application,
        ArrangementPlan,
        Call,
        ContentChange,
        PerformanceEvaluation,
    )
    from govproj.monitoring.models import Case, Doubt
    from govproj.projects.models import AnnualPlan, ApprovalItem, Postponement, Project
    from govproj.sharing.models import AccessRequest, CityCatalogue, InformationSystem

    for model in (Project, AnnualPlan, ApprovalItem, Postponement, Call, Application, ArrangementPlan, Adjustment,
                  ContentChange, PerformanceEvaluation, Doubt, Case, AccessRequest, CityCatalogue,
                  InformationSystem):
        assert model in workflow._registry, model
