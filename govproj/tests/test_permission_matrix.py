"""The permission matrix: every URL of ``govproj.urls`` against who may open it (NetBox's view tests are the model).

The URLconf is walked; each URL name needs a row in ``MATRIX``: the permission it needs, how to build its kwargs
from the scenario and what it answers. Each row is checked in four situations: anonymous (the login page; the API
refuses), signed in without the permission (403), permitted but the object outside the user's scope (404) and
permitted in scope (200, or the row's documented answer). The scenario is made once for the module through the
real services, in a transaction rolled back at the end; each test runs in a savepoint of its own.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from govproj.accounts.services import user_create
from govproj.audit.models import AuditRecord
from govproj.common.importing import import_data
from govproj.common.roles import ROLE_PERMISSIONS, Perm, Role
from govproj.funds import services as funds
from govproj.monitoring import services as monitoring
from govproj.monitoring.importing import COLUMNS
from govproj.monitoring.models import Case, Doubt
from govproj.monitoring.models import Payment as MonitoredPayment
from govproj.projects.models import AnnualPlan
from govproj.projects.services import progress_report
from govproj.projects.states import State
from govproj.rulebook.services import gazettes_import_bundled
from govproj.sharing import services as sharing
from govproj.sharing.models import ShareType
from govproj.similarity.services import region_project_create
from govproj.testing import PASSWORD
from govproj.testing.accounts import person
from govproj.testing.funds import application, open_call
from govproj.testing.projects import D24, declaration, insert_register, lifecycle_cast, unit_user, walk
from govproj.testing.sharing import resource

# Routes the matrix leaves to others, by the start of their path.
SKIPPED = {
    "admin/": "Django's admin site checks is_staff itself (test_permissions.test_admin_site_only_for_sysadmin)",
    "static/": "not routed: WhiteNoise's middleware serves them before the URLconf",
    "media/": "not routed: uploads leave only through the download views of the matrix",
}

LOGIN = reverse("accounts:login")
HTML = "text/html"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
JSON = "application/json"

# The people whose permissions are tried, in order: the permitted person of a row is the first who holds its
# permission (市教育局's own staff come first, so their own-unit scope is what the "outside" situation tries),
# the refused person is the first who does not; ``norole`` (市教育局, no role at all) when everyone holds it.
POOL = ("staff", "head", "lead", "finance", "government", "oversight", "sysadmin")


@dataclass(frozen=True)
class Entry:
    perm: Perm | None  # None: any signed-in person
    kwargs: object = None  # scenario -> kwargs of the URL in the user's scope
    outside: object = None  # scenario -> kwargs of an object of the same kind the user's scope does not reach
    method: str = "get"
    data: dict = field(default_factory=dict)
    permitted: int = 200
    content_type: str = HTML
    anonymous: object = "login"  # "login", or the status the API answers
    export: Perm | None = None  # what ?_export=xlsx needs besides ``perm``
    in_query: tuple[str, ...] = ()  # kwargs sent as query parameters, not in the path
    who: str = ""  # the permitted person, when it is not the first holder of ``perm`` in POOL
    note: str = ""  # why the row differs from the plain rule


def obj(name, key="pk"):
    """kwargs naming the scenario's object ``name`` by ``key``."""
    return lambda s: {key: getattr(s[name], key)}


def api(perm, kwargs=None, outside=None, **extra):
    return Entry(perm, kwargs, outside, content_type=JSON, anonymous=403, **extra)


MATRIX: dict[str, Entry] = {
    "common:home": Entry(None),
    "accounts:login": Entry(None, anonymous=200, permitted=302,
                            note="public; a signed-in person is sent on to the home page"),
    "accounts:logout": Entry(None, method="post", anonymous=302, permitted=302,
                             note="POST only (Django's LogoutView); anyone may sign out"),
    "accounts:password_change": Entry(None),
    "accounts:profile": Entry(None),
    "accounts:people": Entry(Perm.VIEW_PEOPLE, export=Perm.EXPORT_PEOPLE),
    "orgs:list": Entry(Perm.VIEW_ORGS, export=Perm.VIEW_ORGS),
    "orgs:detail": Entry(Perm.VIEW_ORGS, lambda s: {"code": "jyj"}, note="the register is shared: no scope"),
    "audit:list": Entry(Perm.VIEW_AUDIT, export=Perm.EXPORT_AUDIT),
    "rulebook:list": Entry(Perm.VIEW_RULEBOOK, export=Perm.VIEW_RULEBOOK),
    "rulebook:search": Entry(Perm.VIEW_RULEBOOK),
    "rulebook:diff": Entry(Perm.VIEW_RULEBOOK),
    "rulebook:rules": Entry(Perm.VIEW_RULEBOOK),
    "rulebook:evaluate": Entry(Perm.VIEW_RULEBOOK),
    "rulebook:document": Entry(Perm.VIEW_RULEBOOK, lambda s: {"number": "钦政办规〔2024〕1号"},
                               note="the library is shared: no scope"),
    "projects:list": Entry(Perm.VIEW_PROJECTS, export=Perm.EXPORT_PROJECTS),
    "projects:create": Entry(Perm.DECLARE_PROJECTS),
    "projects:detail": Entry(Perm.VIEW_PROJECTS, obj("project"), obj("other_project")),
    "projects:edit": Entry(Perm.DECLARE_PROJECTS, obj("draft"), obj("other_project")),
    "projects:action": Entry(Perm.VIEW_PROJECTS, lambda s: {"pk": s["draft"].pk, "action": "submit"},
                             lambda s: {"pk": s["other_project"].pk, "action": "submit"}, method="post",
                             permitted=302, note="POST only; the complete draft is submitted, then the project page"),
    "projects:archive": Entry(Perm.VIEW_PROJECTS, obj("project"), obj("other_project"),
                              content_type="application/zip"),
    "projects:attachment": Entry(Perm.VIEW_PROJECTS, obj("attachment"), obj("other_attachment"),
                                 content_type="application/pdf"),
    "projects:plans": Entry(Perm.VIEW_PLANS),
    "projects:plan": Entry(Perm.VIEW_PLANS, obj("annual_plan", "year"), note="the city's plan: no scope"),
    "projects:plan_docx": Entry(Perm.VIEW_PLANS, obj("annual_plan", "year"), content_type=DOCX,
                                note="the city's plan: no scope"),
    "projects:notifications": Entry(None),
    "funds:ledger": Entry(Perm.VIEW_FUNDS),
    "funds:year": Entry(Perm.VIEW_FUNDS, obj("fund", "year"), export=Perm.EXPORT_FUNDS,
                        note="the year's totals are restricted, not the year"),
    "funds:year_projects": Entry(Perm.VIEW_FUNDS, obj("fund", "year"), export=Perm.EXPORT_FUNDS,
                                 note="the year's list: its rows are restricted, not the year"),
    "funds:calls": Entry(Perm.VIEW_FUNDS),
    "funds:call": Entry(Perm.VIEW_FUNDS, obj("call"), note="a call is addressed to every unit: no scope"),
    "funds:application": Entry(Perm.VIEW_FUNDS, obj("application"), obj("other_application")),
    "funds:document": Entry(Perm.VIEW_FUNDS, obj("fund_document"), obj("other_fund_document"),
                            content_type="application/pdf"),
    "funds:plan": Entry(Perm.VIEW_FUNDS, obj("arrangement"), note="a plan of all units; its lines are restricted"),
    "funds:plan_docx": Entry(Perm.VIEW_FUNDS, obj("arrangement"), content_type=DOCX,
                             note="a plan of all units: no scope; the file holds the reader's lines (test below)"),
    "funds:project": Entry(Perm.VIEW_FUNDS, obj("project"), obj("other_project")),
    "funds:adjustments": Entry(Perm.VIEW_FUNDS),
    "funds:reports": Entry(Perm.VIEW_FUNDS, export=Perm.EXPORT_FUNDS),
    "funds:evaluations": Entry(Perm.VIEW_FUNDS),
    "funds:evaluation": Entry(Perm.VIEW_FUNDS, obj("evaluation"), obj("other_evaluation")),
    "funds:security": Entry(Perm.VIEW_FUNDS, note="also open to DETERMINE_SECURITY without VIEW_FUNDS (Art. 32)"),
    "monitoring:overview": Entry(Perm.VIEW_MONITORING),
    "monitoring:imports": Entry(Perm.MANAGE_MONITORING),
    "monitoring:payments": Entry(Perm.VIEW_MONITORING, export=Perm.EXPORT_MONITORING),
    "monitoring:doubts": Entry(Perm.VIEW_MONITORING, export=Perm.EXPORT_MONITORING),
    "monitoring:doubt": Entry(Perm.VIEW_MONITORING, obj("doubt"), obj("other_doubt")),
    "monitoring:cases": Entry(Perm.VIEW_MONITORING, export=Perm.EXPORT_MONITORING),
    "monitoring:case": Entry(Perm.VIEW_MONITORING, obj("case"), obj("other_case")),
    "monitoring:case_form": Entry(Perm.VIEW_MONITORING, obj("case"), obj("other_case")),
    "monitoring:case_docx": Entry(Perm.VIEW_MONITORING, obj("case"), obj("other_case"), content_type=DOCX),
    "monitoring:attachment": Entry(Perm.VIEW_MONITORING, obj("evidence"), obj("other_evidence"),
                                   content_type="application/pdf"),
    "monitoring:rules": Entry(Perm.VIEW_MONITORING),
    "monitoring:analysis": Entry(Perm.VIEW_MONITORING),
    "monitoring:analysis_export": Entry(Perm.VIEW_MONITORING, who="finance", content_type=XLSX,
                                        note="export needs EXPORT_MONITORING besides"),
    "similarity:panel": Entry(Perm.VIEW_PROJECTS, obj("project"), obj("other_project")),
    "similarity:compare": Entry(Perm.VIEW_PROJECTS, lambda s: {"pk": s["project"].pk, "key": s["match"]},
                                lambda s: {"pk": s["other_project"].pk, "key": s["match"]}, in_query=("key",)),
    "similarity:judge": Entry(Perm.VIEW_PROJECTS, obj("project"), obj("other_project"), method="post",
                              permitted=400, note="POST only; an empty judgement comes back with the form (400)"),
    "similarity:check": Entry(Perm.DECLARE_PROJECTS, method="post", note="POST only (the declaration form's check)"),
    "similarity:register": Entry(Perm.VIEW_PROJECTS, export=Perm.EXPORT_PROJECTS),
    "similarity:region_create": Entry(Perm.MANAGE_REGION_REGISTER),
    "similarity:import": Entry(Perm.MANAGE_REGION_REGISTER),
    "similarity:template": Entry(Perm.VIEW_PROJECTS, content_type=XLSX),
    "similarity:region": Entry(Perm.VIEW_PROJECTS, obj("region_item"), note="the region's register: no scope"),
    "similarity:region_edit": Entry(Perm.MANAGE_REGION_REGISTER, obj("region_item"),
                                    note="the region's register: no scope"),
    "similarity:region_delete": Entry(Perm.MANAGE_REGION_REGISTER, obj("region_item"), method="post", permitted=302,
                                      note="POST only; back to the register"),
    "sharing:resources": Entry(Perm.VIEW_SHARING, export=Perm.EXPORT_SHARING),
    "sharing:template": Entry(Perm.VIEW_SHARING, content_type=XLSX),
    "sharing:project": Entry(Perm.VIEW_SHARING, obj("project"), obj("other_project")),
    "sharing:import": Entry(Perm.VIEW_SHARING, obj("project"), obj("other_project")),
    "sharing:project_export": Entry(Perm.VIEW_SHARING, obj("project"), obj("other_project"), content_type=XLSX),
    "sharing:resource": Entry(Perm.VIEW_SHARING, obj("resource"), obj("other_resource")),
    "sharing:requests": Entry(Perm.VIEW_SHARING, export=Perm.EXPORT_SHARING),
    "sharing:request": Entry(Perm.VIEW_SHARING, obj("access_request"), obj("other_access_request")),
    "sharing:grants": Entry(Perm.VIEW_SHARING, export=Perm.EXPORT_SHARING),
    "sharing:catalogues": Entry(Perm.VIEW_SHARING),
    "sharing:catalogue": Entry(Perm.VIEW_SHARING, obj("catalogue"), obj("catalogue_draft")),
    "sharing:catalogue_export": Entry(Perm.EXPORT_SHARING, lambda s: {"pk": s["catalogue"].pk, "fmt": "xlsx"},
                                      lambda s: {"pk": s["catalogue_draft"].pk, "fmt": "xlsx"}, content_type=XLSX),
    "sharing:assessment": Entry(Perm.VIEW_SHARING, obj("assessment"), obj("assessment_draft")),
    "sharing:circulation": Entry(Perm.EXPORT_SHARING, obj("assessment"), obj("assessment_draft"), content_type=DOCX),
    "sharing:systems": Entry(Perm.VIEW_SHARING, export=Perm.EXPORT_SHARING),
    "sharing:system_new": Entry(Perm.VIEW_SHARING),
    "sharing:system": Entry(Perm.VIEW_SHARING, obj("system"), obj("other_system")),
    "similar-api": api(Perm.VIEW_PROJECTS, lambda s: {"project": s["project"].pk},
                       lambda s: {"project": s["other_project"].pk}, in_query=("project",)),
    "api:schema": Entry(None, anonymous=403, content_type="application/vnd.oai.openapi"),
    "api:api-root": api(None),
    "api:rules-evaluate": api(Perm.VIEW_RULEBOOK, method="post", permitted=400,
                              note="POST only; no facts: the errors come back (400)"),
    "api:organisation-list": api(Perm.VIEW_ORGS),
    "api:organisation-detail": api(Perm.VIEW_ORGS, lambda s: {"code": "jyj"}, note="the register is shared"),
    "api:person-list": api(Perm.VIEW_PEOPLE),
    "api:person-detail": api(Perm.VIEW_PEOPLE, obj("staff_user"), obj("other_user")),
    "api:audit-list": api(Perm.VIEW_AUDIT),
    "api:audit-detail": api(Perm.VIEW_AUDIT, lambda s: {"seq": s["record"]}, lambda s: {"seq": s["other_record"]}),
    "api:project-list": api(Perm.VIEW_PROJECTS),
    "api:project-detail": api(Perm.VIEW_PROJECTS, obj("project"), obj("other_project")),
    "api:allocation-list": api(Perm.VIEW_FUNDS),
    "api:allocation-detail": api(Perm.VIEW_FUNDS, obj("allocation"), obj("other_allocation")),
    "api:payment-list": api(Perm.VIEW_FUNDS),
    "api:payment-detail": api(Perm.VIEW_FUNDS, obj("fund_payment"), obj("other_fund_payment")),
    "api:monitoring-payment-list": api(Perm.VIEW_MONITORING),
    "api:monitoring-payment-detail": api(Perm.VIEW_MONITORING, obj("monitored_payment"),
                                         obj("other_monitored_payment")),
    "api:monitoring-doubt-list": api(Perm.VIEW_MONITORING),
    "api:monitoring-doubt-detail": api(Perm.VIEW_MONITORING, obj("doubt"), obj("other_doubt")),
}


def url_names() -> list[str]:
    """The full name (``namespace:name``) of every routed pattern but the SKIPPED ones, once each."""
    names: dict[str, None] = {}

    def walk_patterns(patterns, prefix, namespace):
        for p in patterns:
            route = prefix + str(p.pattern)
            if route.startswith(tuple(SKIPPED)):
                continue
            if isinstance(p, URLResolver):
                inner = ":".join(filter(None, (namespace, p.namespace)))
                walk_patterns(p.url_patterns, route, inner)
            elif isinstance(p, URLPattern):
                names[":".join(filter(None, (namespace, p.name or f"<unnamed {route}>")))] = None

    walk_patterns(get_resolver().url_patterns, "", "")
    return list(names)


def holds(role_key, perm) -> bool:
    return perm is None or perm in ROLE_PERMISSIONS[ROLES[role_key]]


ROLES = {"staff": Role.UNIT_STAFF, "head": Role.UNIT_HEAD, "lead": Role.LEAD_REVIEWER, "finance": Role.FINANCE,
         "government": Role.GOVERNMENT, "oversight": Role.OVERSIGHT, "sysadmin": Role.SYSADMIN}


def permitted_person(entry: Entry, situation: str = "permitted") -> str:
    if situation == "export-permitted":
        return next(key for key in POOL if holds(key, entry.perm) and holds(key, entry.export))
    return entry.who or next(key for key in POOL if holds(key, entry.perm))


def refused_person(entry: Entry, situation: str = "refused") -> str | None:
    if situation == "export-refused":
        return next((key for key in POOL if holds(key, entry.perm) and not holds(key, entry.export)), None)
    if entry.perm is None:
        return None
    return next((key for key in POOL if not holds(key, entry.perm)), "norole")


def situations():
    for name in url_names():
        entry = MATRIX.get(name)
        if entry is None:
            yield pytest.param(name, "missing", id=f"{name}-missing")
            continue
        yield pytest.param(name, "anonymous", id=f"{name}-anonymous")
        if refused_person(entry):
            yield pytest.param(name, "refused", id=f"{name}-refused")
        yield pytest.param(name, "permitted", id=f"{name}-permitted")
        if entry.outside:
            yield pytest.param(name, "outside", id=f"{name}-outside")
        if entry.export:
            if refused_person(entry, "export-refused"):
                yield pytest.param(name, "export-refused", id=f"{name}-export-refused")
            yield pytest.param(name, "export-permitted", id=f"{name}-export-permitted")


def test_every_row_names_a_url():
    assert sorted(set(MATRIX) - set(url_names())) == [], "rows of MATRIX that no URL has: remove them"


@pytest.mark.django_db  # each test in a savepoint of the scenario's transaction
@pytest.mark.parametrize(("name", "situation"), list(situations()))
def test_matrix(client, scenario, name, situation):
    assert situation != "missing", f"{name} has no row in the permission matrix: add it to MATRIX"
    entry = MATRIX[name]
    kwargs = entry.outside(scenario) if situation == "outside" else entry.kwargs(scenario) if entry.kwargs else {}
    query = {key: kwargs.pop(key) for key in entry.in_query}
    if situation.startswith("export"):
        query["_export"] = "xlsx"
    url = reverse(name, kwargs=kwargs)
    if situation != "anonymous":
        refused = situation.endswith("refused")
        key = refused_person(entry, situation) if refused else permitted_person(entry, situation)
        client.force_login(scenario["people"][key])
    response = getattr(client, entry.method)(url, {**entry.data, **query})
    if situation == "anonymous":
        if entry.anonymous == "login":
            assert response.status_code == 302 and response["Location"].startswith(LOGIN), response
        else:
            assert response.status_code == entry.anonymous, response
    elif situation.endswith("refused"):
        assert response.status_code == 403, response
    elif situation == "export-permitted":
        assert response.status_code == 200 and response["Content-Type"] == XLSX, response
    elif situation == "outside":
        assert response.status_code == 404, response
    else:
        assert response.status_code == entry.permitted, response
        if entry.permitted == 200:
            assert response["Content-Type"].startswith(entry.content_type), response["Content-Type"]


@pytest.mark.django_db
def test_plan_docx_holds_the_lines_the_plan_page_shows(client, scenario):
    """The arrangement plan's Word file gives a unit the lines its page shows (its own), the lead every unit's."""
    url = reverse("funds:plan_docx", args=[scenario["arrangement"].pk])
    names = {scenario["project"].name, scenario["other_project"].name}

    def projects_in(person):
        client.force_login(scenario["people"][person])
        doc = docx.Document(io.BytesIO(client.get(url).content))
        return {cell.text for table in doc.tables for row in table.rows for cell in row.cells} & names

    assert projects_in("staff") == {scenario["project"].name}
    assert projects_in("lead") == names


# ---------------------------------------------------------------- the scenario, made once for the module


@pytest.fixture(scope="module")
def scenario(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            yield build()
            transaction.set_rollback(True)


@pytest.fixture
def media():
    """The scenario's files stay in the module's media folder (this replaces the per-test folder)."""


def build() -> dict:
    """市教育局's project in scope and 市大数据发展局's outside it, each with what every app adds to a project."""
    orgs = insert_register()
    cast = lifecycle_cast(lambda *args, **extra: person(orgs, *args, **extra))
    people = {**cast, "sysadmin": person(orgs, "root", Role.SYSADMIN, "dsj"),
              "norole": user_create(by=None, username="jyj_norole", password=PASSWORD, organisation=orgs["jyj"])}
    s = {"people": people, "staff_user": cast["staff"], "other_user": cast["dsj_staff"]}
    draft = declaration(cast, orgs, centrally_funded=True)
    s["draft"] = draft
    for prefix, unit in (("", "jyj"), ("other_", "dsj")):
        p = declaration(cast, orgs, unit=unit, centrally_funded=True, plan_year=2025,
                        name=f"{orgs[unit].short_name}政务平台")
        staff = unit_user(cast, p)
        s[f"{prefix}resource"] = resource(staff, p, name=f"{orgs[unit].short_name}内部数据", share_type=ShareType.NONE)
        s[f"{prefix}shared_resource"] = resource(staff, p, name=f"{orgs[unit].short_name}共享数据")
        s[f"{prefix}project"] = walk(p, cast, State.CONSTRUCTING, D24)
    s["attachment"] = s["project"].attachments.first()
    s["other_attachment"] = s["other_project"].attachments.first()
    gazettes_import_bundled()
    s["annual_plan"] = AnnualPlan.objects.create(year=2026)  # what the first plan_add makes; the page needs no entry
    build_funds(s, cast)
    build_monitoring(s, cast, orgs)
    build_sharing(s, cast)
    # The region's own platform for what 市教育局 declares: the project's similar match.
    s["region_item"] = region_project_create(
        by=cast["lead"], name="广西智慧教育云平台", region_department="自治区教育厅", status="built", year=2021,
        content="建设全区统一的教育资源公共服务平台", functions="教育资源公共服务。", basis="《教育信息化2.0行动计划》")
    s["match"] = f"r:{s['region_item'].pk}"
    records = AuditRecord.objects.order_by("seq")
    s["record"] = records.filter(actor=cast["staff"]).first().seq
    s["other_record"] = records.filter(actor=cast["dsj_staff"]).first().seq
    return s


def build_funds(s, cast):
    """Both projects funded from the pool through one call and one arrangement plan, a contract paid, an evaluation opened."""
    for unit in (s["project"].unit, s["other_project"].unit):
        funds.pool_add(by=cast["finance"], year=2025, unit=unit, kind="construction", amount=Decimal("5000000.00"),
                       on=D24)
    call = open_call(cast, D24, deadline=date(2025, 12, 31))
    lead = cast["lead"]
    apps = {}
    for key in ("project", "other_project"):
        app = application(cast, call, s[key], on=D24)
        funds.application_submit(by=unit_user(cast, s[key]), application=app, on=D24)
        apps[key] = funds.application_verify(by=lead, application=app, verified_amount=app.requested, on=D24)
    plan = funds.plan_create(by=lead, year=2025, on=D24)
    for app in apps.values():
        funds.plan_add_line(by=lead, plan=plan, application=app, on=D24)
    funds.plan_submit(by=lead, plan=plan, on=D24)
    funds.plan_decide(by=cast["government"], plan=plan, approve=True, decision_ref="钦政阅〔2025〕1号", on=D24)
    allocations = {a.project_id: a for a in funds.allocate(by=cast["finance"], plan=plan,
                                                            allocation_ref="钦财建〔2025〕1号", on=D24)}
    s.update(call=call, fund=call.fund, arrangement=plan)
    for prefix, key in (("", "project"), ("other_", "other_project")):
        project, staff = s[key], unit_user(cast, s[key])
        allocation = allocations[project.pk]
        contract = funds.contract_register(by=staff, allocation=allocation, number=f"HT-{project.pk}", title="平台开发",
                                           supplier="广西某科技公司", amount=Decimal("800000"), fund_amount=None,
                                           signed_on=D24, on=D24)
        funds.spending_plan_set(by=staff, allocation=allocation, month=date(2025, 3, 1), amount=Decimal("300000"),
                                on=D24)
        progress_report(by=staff, project=project, period="2025-Q1", percent=50, summary="过半", on=D24)
        s[f"{prefix}fund_payment"] = funds.payment_record(by=staff, contract=contract, amount=Decimal("250000"),
                                                          paid_on=D24, voucher=f"PZ-{project.pk}", purpose="进度款",
                                                          on=D24)
        s[f"{prefix}application"] = apps[key]
        s[f"{prefix}fund_document"] = apps[key].documents.first()
        s[f"{prefix}allocation"] = allocation
        s[f"{prefix}evaluation"] = funds.evaluation_open(by=cast["finance"], project=project, year=2025, on=D24)


def build_monitoring(s, cast, orgs):
    """A large payment of each unit imported from the treasury's file, screened, verified and confirmed a case."""
    finance = cast["finance"]
    columns = COLUMNS["payments"]
    rows = [[c.header for c in columns]]
    for n, code in enumerate(("jyj", "dsj"), start=1):
        record = {"voucher": f"PZ{n:08d}", "payer_name": orgs[code].name, "payer_account": f"45070010000000{n}",
                  "indicator_code": "ZB2024-001", "subject": "2050201", "paid_at": "2024-03-05 10:00:00",
                  "amount": "1500000.00", "purpose": "购置教学设备", "payee_name": "钦州市文具有限公司",
                  "payee_account": "622200000000000001"}
        rows.append([record.get(c.field, "") for c in columns])
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    import_data("payments", by=finance, filename="payments.csv", data=out.getvalue().encode("utf-8-sig"))
    monitoring.screen(by=finance)
    for prefix, code in (("", "jyj"), ("other_", "dsj")):
        payment = MonitoredPayment.objects.get(payer_name=orgs[code].name)
        doubt = Doubt.objects.get(payment=payment, rule="large_amount")
        verification = monitoring.doubt_verify(
            by=finance, doubt=doubt, method="phone", record="电话询问单位财务科，确认未办理大额审批。",
            files=[SimpleUploadedFile("通话记录.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")])
        doubt = monitoring.doubt_conclude(by=finance, doubt=doubt, confirmed=True, conclusion="确认违规。")
        s.update({f"{prefix}monitored_payment": payment, f"{prefix}doubt": doubt,
                  f"{prefix}case": Case.objects.get(doubt=doubt),
                  f"{prefix}evidence": verification.attachments.get()})


def build_sharing(s, cast):
    """公安局's request for each unit's shared resource; a system of each unit; the 2025 city catalogue
    published and a new draft compiled; the 2025 assessment circulated and the 2026 one not yet."""
    lead = cast["lead"]
    for prefix, key in (("", "project"), ("other_", "other_project")):
        project = s[key]
        s[f"{prefix}access_request"] = sharing.access_request(by=cast["other_unit"], resource=s[f"{prefix}shared_resource"],
                                                              undertaking=True, purpose="核查", scope="内部")
        s[f"{prefix}system"] = sharing.system_save(by=unit_user(cast, project), owner=project.unit,
                                                   data={"name": f"{project.unit.short_name}业务系统",
                                                         "project": project})
    for year, circulated in ((2025, True), (2026, False)):
        catalogue = sharing.catalogue_compile(by=lead, year=year, on=date(year, 10, 1))
        sharing.catalogue_publish(by=lead, catalogue=catalogue, on=date(year, 10, 2))
        assessment = sharing.assessment_run(by=lead, year=year, on=date(year, 12, 2))
        if circulated:
            s["catalogue"] = catalogue
            s["assessment"] = sharing.assessment_circulate(by=lead, assessment=assessment, ref="钦数通〔2025〕1号",
                                                           on=date(year, 12, 3))
        else:
            s["assessment_draft"] = assessment
    s["catalogue_draft"] = sharing.catalogue_compile(by=lead, year=2025, on=date(2025, 12, 5))
