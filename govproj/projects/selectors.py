"""Read queries: which projects a user sees, who must act next, and a user's to-dos."""

from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from govproj.accounts.models import User
from govproj.common.roles import ROLE_PERMISSIONS, Perm, Role
from govproj.common.scoping import restrict, role_grants
from govproj.common.todos import Todo
from govproj.orgs.models import Organisation
from govproj.rulebook.versions import version_on

from .models import (
    AcceptanceAttempt,
    AnnualPlan,
    ApprovalItem,
    Opinion,
    Postponement,
    Project,
)
from .states import State

TODO_LIMIT = 50


def visible_projects(user, perm: str = Perm.VIEW_PROJECTS) -> QuerySet:
    return restrict(Project.objects.all(), user, perm)


def roles_with(perm: str) -> list[str]:
    return [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]


def holders(organisation: Organisation | None, roles) -> QuerySet:
    """Active people of ``organisation`` holding one of ``roles``."""
    if organisation is None:
        return User.objects.none()
    return User.objects.filter(organisation=organisation, is_active=True,
                               role_assignments__role__in=list(roles)).distinct()


def people(organisation: Organisation | None, perm: str) -> QuerySet:
    """Active people of ``organisation`` holding a role that grants ``perm``."""
    return holders(organisation, roles_with(perm))


def holders_with(perm: str) -> QuerySet:
    """Everyone active holding a role that grants ``perm``, whatever their organisation (e.g. the government)."""
    return User.objects.filter(is_active=True, role_assignments__role__in=roles_with(perm)).distinct()


# Roles that speak for their department in an opinion; an invited expert speaks only for themself.
DEPARTMENT_OPINION_ROLES = frozenset(r for r in roles_with(Perm.GIVE_OPINIONS) if r != Role.EXPERT)


def department_people(organisation: Organisation | None) -> QuerySet:
    return holders(organisation, DEPARTMENT_OPINION_ROLES)


def opinion_owers(opinion: Opinion) -> list[User]:
    """Who owes ``opinion``: the invited expert, or the people who speak for the invited department."""
    return [opinion.expert] if opinion.expert_id else list(department_people(opinion.organisation))


def unit_people(project: Project) -> QuerySet:
    return people(project.unit, Perm.DECLARE_PROJECTS)


def lead_department(on: date) -> Organisation:
    return Organisation.objects.get(code=version_on(on).lead_department)


def open_opinions(project: Project) -> QuerySet:
    return project.opinions.filter(submitted_at__isnull=True).select_related("organisation", "expert")


def current_acceptance(project: Project) -> AcceptanceAttempt | None:
    return project.acceptances.select_related("organiser").order_by("-number").first()


def who_acts(project: Project, on: date | None = None) -> tuple[str, list[User]]:
    """Who owes the next step, as a label for the page and the people to notify."""
    on = on or timezone.localdate()
    s = project.state
    if s in (State.DRAFT, State.RETURNED, State.WITHDRAWN, State.GOV_APPROVED, State.APPROVED, State.REVIEWED,
             State.CONSTRUCTING, State.COMPLETED, State.ACCEPTED, State.ARCHIVED):
        if s == State.COMPLETED and project.postponements.filter(status=Postponement.Status.PENDING).exists():
            attempt_org = acceptance_organiser(project, on)
            return _("{org}（审核延期验收申请）").format(org=attempt_org.short_name), list(
                people(attempt_org, Perm.REVIEW_PROJECTS))
        return project.unit.short_name or project.unit.name, list(unit_people(project))
    if s in (State.SPECIAL_REVIEW, State.EVALUATING, State.ACCEPTING):
        pending = list(open_opinions(project))
        if pending:
            users: list[User] = []
            for opinion in pending:
                users += opinion_owers(opinion)
            return "、".join(o.addressee for o in pending), users
        organiser = (current_acceptance(project).organiser if s == State.ACCEPTING else lead_department(on))
        return organiser.short_name, list(people(organiser, Perm.REVIEW_PROJECTS))
    if s in (State.DECLARED, State.PASSED, State.IN_PLAN):
        lead = lead_department(on)
        return lead.short_name, list(people(lead, Perm.REVIEW_PROJECTS))
    if s == State.GOV_REVIEW:
        return _("市人民政府"), list(User.objects.filter(
            is_active=True, role_assignments__role__in=roles_with(Perm.GOVERNMENT_DECIDE)).distinct())
    if s == State.APPROVING:
        if project.approval_items.filter(status=ApprovalItem.Status.SUBMITTED).exists() or not project.approval_items.exclude(
                status=ApprovalItem.Status.APPROVED).exists():
            return project.approver.short_name, list(people(project.approver, Perm.REVIEW_PROJECTS))
        return project.unit.short_name, list(unit_people(project))
    if s == State.FISCAL_REVIEW:
        finance = Organisation.objects.get(code="czj")
        return finance.short_name, list(people(finance, Perm.FISCAL_REVIEW))
    if s == State.ACCEPTANCE_APPLIED:
        organiser = current_acceptance(project).organiser
        return organiser.short_name, list(people(organiser, Perm.REVIEW_PROJECTS))
    return "", []


def acceptance_organiser(project: Project, on: date) -> Organisation:
    """Art. 22: the lead department organises acceptance; the 2024 measures hand it to the 发展改革委 when the
    unit is the lead department itself."""
    version = version_on(on)
    code = version.lead_department
    if project.unit.code == code and version.lead_self_substitute:
        code = version.lead_self_substitute
    return Organisation.objects.get(code=code)


def approver_for(project: Project, on: date) -> Organisation:
    """Art. 9: the same substitution as acceptance."""
    return acceptance_organiser(project, on)


def project_page(project_id: int, user) -> Project:
    return visible_projects(user).select_related("unit", "parent", "approver", "created_by").prefetch_related(
        Prefetch("opinions", queryset=Opinion.objects.select_related("organisation", "expert", "author")),
        "attachments", "approval_items", "fiscal_reviews", "progress_reports", "inspections", "postponements",
        Prefetch("acceptances", queryset=AcceptanceAttempt.objects.select_related("organiser")),
        "events", "children", "crypto_evaluations",
    ).get(pk=project_id)


def _todo(project: Project, title: str, due=None, since=None) -> Todo:
    today = timezone.localdate()
    return Todo(title=f"{title}：{project.name}", url=reverse("projects:detail", args=[project.pk]),
                since=since or project.state_since, due=due, overdue=bool(due and due < today))


UNIT_TODO = {
    State.DRAFT: _("提交申报"),
    State.RETURNED: _("按评估意见修改后重新申报"),
    State.GOV_APPROVED: _("报请立项审批"),
    State.APPROVING: _("报送审批事项材料"),
    State.APPROVED: _("报送财政投资评审"),
    State.REVIEWED: _("上传监理合同并开工建设"),
    State.COMPLETED: _("申请验收"),
    State.ACCEPTED: _("验收报告备案并归档"),
}
LEAD_TODO = {
    State.DECLARED: _("启动综合评估"),
    State.EVALUATING: _("作出评估结论"),
    State.SPECIAL_REVIEW: _("报市政府审定专项申报"),
    State.PASSED: _("列入年度工作方案"),
}


def todos(user) -> list[Todo]:
    """Everything ``user`` owes now, across roles: the home page's 我的待办."""
    if not user.is_authenticated:
        return []
    items: list[Todo] = []
    today = timezone.localdate()
    org = user.organisation
    if user.has_perm(Perm.DECLARE_PROJECTS.full):
        mine = restrict(Project.objects.filter(state__in=list(UNIT_TODO)), user, Perm.DECLARE_PROJECTS)
        for p in mine.order_by("next_due", "id")[:TODO_LIMIT]:
            items.append(_todo(p, str(UNIT_TODO[p.state]), due=p.next_due))
    if user.has_perm(Perm.GIVE_OPINIONS.full):
        owed = Opinion.objects.filter(submitted_at__isnull=True).filter(
            Q(expert=user) | Q(expert__isnull=True, organisation=org)).select_related("project")
        if not any(g.role in DEPARTMENT_OPINION_ROLES for g in role_grants(user)):
            owed = owed.filter(expert=user)
        for o in owed.order_by("due_on", "id")[:TODO_LIMIT]:
            items.append(_todo(o.project, _("出具{kind}").format(kind=o.get_kind_display()), due=o.due_on,
                               since=o.requested_on))
    if user.has_perm(Perm.REVIEW_PROJECTS.full) and org is not None:
        if org.code == version_on(today).lead_department:
            waiting = Project.objects.filter(state__in=list(LEAD_TODO)).filter(
                ~Q(state__in=[State.EVALUATING, State.SPECIAL_REVIEW])
                | ~Exists(Opinion.objects.filter(project=OuterRef("pk"), submitted_at__isnull=True)))
            for p in waiting.order_by("next_due", "id")[:TODO_LIMIT]:
                items.append(_todo(p, str(LEAD_TODO[p.state]), due=p.next_due))
        for item in ApprovalItem.objects.filter(status=ApprovalItem.Status.SUBMITTED, project__approver=org,
                                                project__state=State.APPROVING).select_related("project")[:TODO_LIMIT]:
            items.append(_todo(item.project, _("审批{kind}").format(kind=item.get_kind_display())))
        attempts = AcceptanceAttempt.objects.filter(organiser=org, passed__isnull=True, project__state__in=[
            State.ACCEPTANCE_APPLIED, State.ACCEPTING]).select_related("project")
        for a in attempts[:TODO_LIMIT]:
            items.append(_todo(a.project, _("组织验收") if a.project.state == State.ACCEPTANCE_APPLIED else _("作出验收结论")))
        for pp in Postponement.objects.filter(status=Postponement.Status.PENDING).select_related("project", "project__unit")[:TODO_LIMIT]:
            if acceptance_organiser(pp.project, today) == org:
                items.append(_todo(pp.project, _("审核延期验收申请"), since=pp.requested_on))
    if user.has_perm(Perm.GOVERNMENT_DECIDE.full):
        for p in Project.objects.filter(state=State.GOV_REVIEW, declaration_type="special")[:TODO_LIMIT]:
            items.append(_todo(p, _("审定专项申报")))
        for plan in AnnualPlan.objects.filter(status=AnnualPlan.Status.SUBMITTED):
            items.append(Todo(title=_("审定{plan}").format(plan=plan), url=reverse("projects:plan", args=[plan.year]),
                              since=plan.submitted_on))
    if user.has_perm(Perm.FISCAL_REVIEW.full):
        for p in Project.objects.filter(state=State.FISCAL_REVIEW).order_by("next_due")[:TODO_LIMIT]:
            items.append(_todo(p, _("完成财政投资评审"), due=p.next_due))
    return items
