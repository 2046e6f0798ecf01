"""Projects moved through the lifecycle services by real people: the cast, declarations, walks and races.

Fixtures here are registered for every test by ``govproj.testing.plugin``; the helpers are imported by the
tests of projects and of the apps above it.
"""

import json
import threading
from datetime import date
from decimal import Decimal
from functools import partial

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection

from govproj.accounts.models import User
from govproj.audit.models import Action, AuditRecord
from govproj.common.errors import ConcurrentChange, WorkflowError
from govproj.common.roles import Role
from govproj.orgs.models import Organisation
from govproj.orgs.services import DATA_FILE
from govproj.projects import services
from govproj.projects.models import (
    AcceptanceAttempt,
    ApprovalItem,
    AttachmentKind,
    Conclusion,
    Event,
    Opinion,
    OpinionKind,
    Project,
)
from govproj.projects.states import STEPS, State
from govproj.rulebook.versions import version_on

D23 = date(2024, 3, 1)  # a Friday under the 2023 rules
D24 = date(2025, 3, 3)  # a Monday under the 2024 rules
ALL_CHAPTERS = ("sharing", "crypto", "xinchuang")
ACCEPTANCE_BASICS = ("summary", "financial_report", "audit_report")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cast(make_user):
    """One person per part in the lifecycle; departments as named in both versions of the measures."""
    return lifecycle_cast(make_user)


def lifecycle_cast(make_user):
    """``cast``'s people, for a fixture of wider scope that makes its people with its own ``make_user``."""
    people = {
        "staff": make_user("jyj_staff", Role.UNIT_STAFF, "jyj"),
        "head": make_user("jyj_head", Role.UNIT_HEAD, "jyj"),
        "other_unit": make_user("gaj_staff", Role.UNIT_STAFF, "gaj"),
        "lead": make_user("dsj_review", Role.LEAD_REVIEWER, "dsj"),
        "dsj_staff": make_user("dsj_staff", Role.UNIT_STAFF, "dsj"),
        "ndrc": make_user("fgw_approve", Role.NDRC, "fgw"),
        "finance": make_user("czj_finance", Role.FINANCE, "czj"),
        "secrecy": make_user("bmj_secrecy", Role.SECRECY, "bmj"),
        "government": make_user("szf_gov", Role.GOVERNMENT, "szfb"),
        "expert": make_user("expert", Role.EXPERT, "dsj"),
        "oversight": make_user("sjj_oversight", Role.OVERSIGHT, "sjj"),
    }
    for code in ("wxb", "kjj", "gaj", "gxj", "zjj"):
        people[code] = make_user(f"{code}_member", Role.MEMBER_DEPT, code)
    return people


def pdf(name="材料.pdf", body=b"%PDF-1.4 test document"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def upload(by, project, *kinds, passed=None, on=D24):
    return [services.attachment_upload(by=by, project=project, kind=k, upload=pdf(f"{k}.pdf"), passed=passed, on=on)
            for k in kinds]


DECLARATION_KINDS = (AttachmentKind.REGION_REQUIREMENT, AttachmentKind.RESOURCE_CATALOG, AttachmentKind.CRYPTO_PLAN,
                     AttachmentKind.XINCHUANG_PLAN, AttachmentKind.CONSTRUCTION_PLAN)


@pytest.fixture
def draft(cast, orgs):
    """A complete annual declaration of the education bureau, ready to submit."""

    def make(**fields):
        defaults = dict(name="钦州市智慧教育云平台", category="egov", declaration_type="annual", plan_year=2026,
                        total_investment=Decimal("5600000.00"), fund_municipal=Decimal("5600000.00"),
                        content="建设全市统一的教育资源公共服务平台", build_type="new",
                        region_platform_code="2025-450700-65-01-000123")
        defaults.update(fields)
        project = services.project_create(by=cast["staff"], unit=orgs["jyj"], **defaults)
        upload(cast["staff"], project, *DECLARATION_KINDS)
        return project

    return make


ASPECTS = dict(necessity="必要", feasibility="可行", security="安全可控", sharing="全市共享", funding="市级财政")


def answer_all(project, cast, kind, on):
    for opinion in Opinion.objects.filter(project=project, kind=kind, submitted_at__isnull=True):
        by = opinion.expert or next(u for u in cast.values() if u.organisation_id == opinion.organisation_id
                                     and u.has_perm("govproj.give_opinions"))
        services.opinion_give(by=by, opinion=opinion, conclusion=Conclusion.AGREE, on=on, **ASPECTS)


def approve_all_items(project, approver, unit_user, on):
    for item in ApprovalItem.objects.filter(project=project).order_by("order"):
        doc = upload(unit_user, project, item.kind if item.kind in AttachmentKind.values else AttachmentKind.OTHER,
                     on=on)[0]
        services.item_submit(by=unit_user, item=item, attachment=doc, requested_amount=Decimal("5500000"),
                             chapters=["sharing", "crypto", "xinchuang"], on=on)
        services.item_decide(by=approver, item=item, approve=True, approved_amount=Decimal("5400000"),
                             approval_ref=f"钦大数审〔2025〕{item.pk}号", on=on)


@pytest.fixture
def register_inserted(db):
    """The shipped organisation register, inserted directly.

    The lifecycle tests put it in place of ``orgs`` (in their conftest.py): ``organisations_load`` writes and
    SM3-hashes an audit record per organisation (171), most of each test's runtime, and the register's own
    import is tested in ``govproj/orgs``. Every step under test still writes its real audit records.
    """
    return insert_register()


def insert_register():
    """``register_inserted``'s organisations by code, for a fixture of wider scope."""
    entries = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    Organisation.objects.bulk_create([Organisation(code=e["code"], name=e["name"], short_name=e.get("short_name") or "",
                                                   kind=e["kind"], source=e.get("source") or "") for e in entries])
    by_code = {o.code: o for o in Organisation.objects.all()}
    children = []
    for e in entries:
        if e.get("parent"):
            by_code[e["code"]].parent = by_code[e["parent"]]
            children.append(by_code[e["code"]])
    Organisation.objects.bulk_update(children, ["parent"])
    return by_code


@pytest.fixture
def declare(cast, orgs):
    """A declaration like ``draft``'s, but with only the materials in ``kinds`` and for any unit."""
    return partial(declaration, cast, orgs)


def declaration(cast, orgs, *, kinds=DECLARATION_KINDS, unit="jyj", on=D24, **fields):
    """``declare``'s project, for a fixture of wider scope."""
    by = cast["dsj_staff"] if unit == "dsj" else cast["staff"]
    total = fields.pop("total_investment", Decimal("3000000.00"))
    defaults = dict(name="钦州市智慧教育云平台", category="egov", declaration_type="annual", plan_year=2026,
                    total_investment=total, fund_municipal=total, content="建设全市统一的教育资源公共服务平台",
                    build_type="new", region_platform_code="2025-450700-65-01-000123")
    defaults.update(fields)
    project = services.project_create(by=by, unit=orgs[unit], **defaults)
    if kinds:
        upload(by, project, *kinds, on=on)
    return project


def unit_user(cast, project):
    return cast["dsj_staff"] if project.unit.code == "dsj" else cast["staff"]


def lead_user(cast, on):
    return cast["lead"] if version_on(on).lead_department == "dsj" else cast["ndrc"]


def department_user(cast, code):
    return {"dsj": cast["lead"], "fgw": cast["ndrc"], "czj": cast["finance"], "bmj": cast["secrecy"]}[code]


def fresh(project):
    return Project.objects.select_related("unit", "approver").get(pk=project.pk)


def approve_items(project, cast, on, chapters=ALL_CHAPTERS):
    """Submit and approve every approval item in order, at the project's own total investment."""
    project = fresh(project)
    staff, approver = unit_user(cast, project), department_user(cast, project.approver.code)
    amount = project.total_investment
    pending = ApprovalItem.objects.filter(project=project).exclude(status=ApprovalItem.Status.APPROVED)
    for item in pending.order_by("order"):
        kind = item.kind if item.kind in AttachmentKind.values else AttachmentKind.OTHER
        doc = upload(staff, project, kind, on=on)[0]
        services.item_submit(by=staff, item=item, attachment=doc, requested_amount=amount, chapters=chapters, on=on)
        services.item_decide(by=approver, item=item, approve=True, approved_amount=amount,
                             approval_ref=f"钦审〔{on.year}〕{item.pk}号", on=on)


def walk(project, cast, to, on):
    """Move ``project`` through the services, one step at a time on day ``on``, until it is in state ``to``.

    Annual declarations go straight to approval, so they must be centrally funded (2024 rules); special
    declarations take the opinions and the municipal decision first.
    """
    p = fresh(project)
    staff = unit_user(cast, p)
    for _ in range(15):
        if p.state == to:
            return p
        s = p.state
        if s in (State.DRAFT, State.RETURNED):
            services.submit(by=staff, project=p, on=on)
        elif s == State.SPECIAL_REVIEW:
            answer_all(p, cast, OpinionKind.SPECIAL, on)
            services.submit_special(by=lead_user(cast, on), project=p, on=on)
        elif s == State.GOV_REVIEW:
            services.government_decide(by=cast["government"], project=p, approve=True, decision_ref="钦政阅〔2025〕8号",
                                       on=on)
        elif s in (State.DECLARED, State.GOV_APPROVED):
            services.start_approval(by=staff, project=p, on=on)
        elif s == State.APPROVING:
            approve_items(p, cast, on)
            services.issue_approval(by=department_user(cast, p.approver.code), project=p, approval_ref="钦审〔2025〕1号",
                                    on=on)
        elif s == State.APPROVED:
            services.submit_fiscal_review(by=staff, project=p, amount=p.approved_investment, on=on)
        elif s == State.FISCAL_REVIEW:
            services.complete_fiscal_review(by=cast["finance"], project=p, reviewed_amount=p.approved_investment, on=on)
        elif s == State.REVIEWED:
            upload(staff, p, AttachmentKind.SUPERVISION_CONTRACT, on=on)
            services.start_construction(by=staff, project=p, on=on)
        elif s == State.CONSTRUCTING:
            services.complete(by=staff, project=p, completed_on=on, on=on)
        else:
            raise AssertionError(f"walk() does not know how to leave {s}")
        p = fresh(p)
    raise AssertionError(f"walk() did not reach {to}")


def ready_to_issue(project, cast, on):
    """In APPROVING with every approval item approved: only ``issue_approval`` is left."""
    p = walk(project, cast, State.APPROVING, on)
    approve_items(p, cast, on)
    return fresh(p)


def transitions(project, step=None):
    """The project's state changes (the timeline also holds uploads, opinions and the creation)."""
    qs = Event.objects.filter(project=project, step__in=list(STEPS))
    return qs.filter(step=step) if step else qs


def audit_transitions(project):
    return AuditRecord.objects.filter(action=Action.TRANSITION, object_type="projects.project",
                                      object_id=str(project.pk))


def refused(exc_type, fn, project, step):
    """Call ``fn``, expect ``exc_type``, and check the refusal left the project, timeline and audit log untouched."""
    before = fresh(project)
    events, audits = transitions(project).count(), audit_transitions(project).count()
    with pytest.raises(exc_type) as info:
        fn()
    after = fresh(project)
    assert (after.state, after.lock_version) == (before.state, before.lock_version)
    assert transitions(project).count() == events
    assert audit_transitions(project).count() == audits
    return info.value


def one_block(exc, key):
    """The refusal's single finding of rule ``key``."""
    found = [f for f in exc.findings if f["key"] == key]
    assert len(found) == 1, exc.findings
    assert found[0]["severity"] == "block"
    return found[0]


def apply(p, cast, on):
    return services.apply_acceptance(by=unit_user(cast, p), project=p, on=on)


def all_acceptance_materials(cast, p, on):
    upload(unit_user(cast, p), p, *ACCEPTANCE_BASICS, "xinchuang_filing", on=on)
    upload(unit_user(cast, p), p, "security_assessment", "crypto_assessment", passed=True, on=on)


def accept(p, cast, passed, on):
    services.start_acceptance(by=cast["lead"], project=p, mode=AcceptanceAttempt.Mode.COMMITTEE,
                              members="专家组 5 人", experts=[cast["expert"]], on=on)
    answer_all(p, cast, OpinionKind.ACCEPTANCE, on)
    return services.conclude_acceptance(by=cast["lead"], project=p, passed=passed,
                                        conclusion="同意通过验收" if passed else "功能未完成，不予通过", on=on)


def race(calls):
    """Run the two calls at the same instant in two threads with their own connections; return what each did."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            call()
            results[i] = "ok"
        except Exception as exc:  # noqa: BLE001 - the caller judges what each thread got
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    return results


def refused_by_race(result) -> bool:
    if isinstance(result, (ConcurrentChange, WorkflowError)):
        return True
    return isinstance(result, OperationalError) and "locked" in str(result)


def thread_users(*users):
    return [User.objects.get(pk=u.pk) for u in users]  # one instance per thread


@pytest.fixture
def browser_cast(make_user):
    """The people of the browser walks, each logging in for their own step (full name = username)."""
    cast = [("jyj_staff", Role.UNIT_STAFF, "jyj"), ("dsj_review", Role.LEAD_REVIEWER, "dsj"),
            ("wxb_member", Role.MEMBER_DEPT, "wxb"), ("kjj_member", Role.MEMBER_DEPT, "kjj"),
            ("gaj_member", Role.MEMBER_DEPT, "gaj"), ("gxj_member", Role.MEMBER_DEPT, "gxj"),
            ("czj_finance", Role.FINANCE, "czj"), ("bmj_secrecy", Role.SECRECY, "bmj"),
            ("szf_gov", Role.GOVERNMENT, "szfb"), ("expert_demo", Role.EXPERT, "kjj")]
    return {name: make_user(name, role, org, full_name=name) for name, role, org in cast}
