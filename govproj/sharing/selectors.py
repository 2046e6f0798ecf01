"""Reads: who sees which resource and which items, the rule facts of a project, search, the grant register.

Catalogue metadata of shareable resources is public to every department (that is what a catalogue
is for); a resource's items are shown to its owner unit, to city-wide roles, to everyone when it is
shared unconditionally, and otherwise only to a department holding a grant in force — and then only
the granted items. A classified item's name is shown only to the owner unit and to the people named in a
grant in force that grants that item (Art. 30: the minimum scope); everyone else sees how many are withheld.
Only government departments (政务部门) ask for resources (Art. 30).
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from govproj.accounts.models import User
from govproj.audit.models import Action, AuditRecord
from govproj.common.roles import ROLE_PERMISSIONS, Perm, Scope
from govproj.common.scoping import role_grants
from govproj.orgs.models import Organisation, OrganisationKind
from govproj.projects.selectors import roles_with
from govproj.projects.services import is_unit_member
from govproj.projects.states import State
from govproj.rulebook.search import query_terms
from govproj.rulebook.versions import NoVersionInForce, version_on

from .models import (
    SHAREABLE,
    AccessRequest,
    Area,
    Assessment,
    Catalogue,
    CatalogueEntry,
    CityCatalogue,
    InformationSystem,
    Item,
    Resource,
    ShareType,
    ZombieDetermination,
)
from .states import RequestStatus

VIEW = Perm.VIEW_SHARING
# Projects whose catalogues count: declared and not abandoned.
LIVE_EXCLUDED = (State.DRAFT, State.WITHDRAWN, State.TERMINATED)


def units_of(user, perm: str = VIEW) -> set[int] | None:
    """The units whose own records ``user`` reaches through ``perm``; ``None`` means every unit."""
    perm = perm.removeprefix("govproj.")
    units: set[int] = set()
    for grant in role_grants(user):
        if perm not in ROLE_PERMISSIONS[grant.role]:
            continue
        if grant.scope == Scope.ALL:
            return None
        units |= grant.unit_ids
    return units


def owner_units(user) -> set[int]:
    """Units the user acts for as a building unit (its staff and head, with subordinate units): the owner side of
    Art. 30. Reading a whole county's or the city's catalogues, as their data leads do, makes no one an owner."""
    units: set[int] = set()
    for perm in (Perm.DECLARE_PROJECTS, Perm.GRANT_SHARING):
        units |= units_of(user, perm) or set()
    return units


def owns(user, resource: Resource) -> bool:
    """The user speaks for the unit whose project produced ``resource`` (including its superior department)."""
    return resource.catalogue.project.unit_id in owner_units(user)


def resources_listed_to(user) -> QuerySet:
    """Catalogue entries the user may see: all shareable ones, plus 不予共享 ones of the user's units (or all)."""
    qs = Resource.objects.select_related("catalogue__project__unit", "source_unit")
    if not user.has_perm(VIEW.full):
        return qs.none()
    units = units_of(user)
    if units is None:
        return qs
    return qs.filter(Q(share_type__in=SHAREABLE) | Q(catalogue__project__unit__in=units))


def grants_in_force(organisation_id: int | None, on: date) -> QuerySet:
    return AccessRequest.objects.filter(organisation_id=organisation_id, status=RequestStatus.GRANTED,
                                        valid_from__lte=on, valid_until__gte=on)


def cleared_items(user, on: date) -> set[int]:
    """Classified items ``user`` may know by name: those of grants in force to the user's department naming them."""
    return set(grants_in_force(user.organisation_id, on).filter(named_people=user).values_list(
        "granted_items", flat=True)) - {None}


@dataclass(frozen=True)
class ItemsSeen:
    """Items as one reader may see them: the names they may know, and how many classified ones are withheld."""

    shown: list[Item]
    withheld: int = 0

    def __bool__(self):
        return bool(self.shown or self.withheld)

    def __str__(self):
        names = [_("{name}（涉密）").format(name=i.name) if i.classified else i.name for i in self.shown]
        if self.withheld:
            names.append(_("涉密信息项 {n} 项").format(n=self.withheld))
        return "、".join(names)


class Clearance:
    """Which classified item names one reader may know, for pages listing the items of requests and grants.

    The owner unit knows its own items; anyone else (the rest of the requesting department, city-wide
    roles) only the classified items a grant in force names them for (Art. 30: the minimum scope).
    """

    def __init__(self, user, on: date | None = None):
        self.units = owner_units(user)
        self.cleared = cleared_items(user, on or timezone.localdate())

    def items(self, resource: Resource, items) -> ItemsSeen:
        owner = resource.catalogue.project.unit_id in self.units
        shown = [i for i in items if owner or not i.classified or i.pk in self.cleared]
        return ItemsSeen(shown, len(items) - len(shown))


@dataclass
class Access:
    """What ``user`` sees of one resource and why."""

    basis: str  # owner | citywide | open | granted
    items: list[Item]
    grants: list[AccessRequest] = field(default_factory=list)
    hidden: int = 0  # items withheld (classified, or outside the grant)


def resource_access(user, resource: Resource, on: date | None = None) -> Access | None:
    """``None`` when the user may not see the resource at all: the view answers 404."""
    on = on or timezone.localdate()
    items = list(resource.items.all())
    if not user.has_perm(VIEW.full):
        return None
    if owns(user, resource):
        return Access("owner", items)
    open_items = [i for i in items if not i.classified]
    grants = list(grants_in_force(user.organisation_id, on).filter(resource=resource).prefetch_related(
        "granted_items"))
    if grants:
        granted = {i.pk for g in grants for i in g.granted_items.all()}
        cleared = cleared_items(user, on)  # per grant: being named in one grant clears only that grant's items
        shown = [i for i in items if i.pk in granted and (i.pk in cleared or not i.classified)]
        if resource.share_type == ShareType.UNCONDITIONAL:
            shown = sorted({i.pk: i for i in shown + open_items}.values(), key=lambda i: i.pk)
        return Access("granted", shown, grants, len(items) - len(shown))
    if units_of(user) is None:
        return Access("citywide", open_items, hidden=len(items) - len(open_items))
    if resource.share_type == ShareType.UNCONDITIONAL:
        return Access("open", open_items, hidden=len(items) - len(open_items))
    return None


# Government departments (政务部门), to whom Art. 30 has resources granted: municipal departments, county
# governments and their departments, development-zone administrative committees and their bureaus. State-owned
# enterprises, agent banks and third parties are not, whatever role their people hold on the platform.
GOVERNMENT_KINDS = frozenset({OrganisationKind.MUNICIPAL_DEPT, OrganisationKind.COUNTY, OrganisationKind.DEV_ZONE})


def request_refusal(user, resource: Resource) -> str:
    """Why ``user`` may not ask for ``resource`` (empty when they may): the service's refusal and the page's note.

    Art. 30 grants resources to government departments that need them; an owner does not ask itself, and a
    resource not shared is not asked for.
    """
    if not user.has_perm(Perm.REQUEST_SHARING.full) or user.organisation_id is None:
        return _("您没有申请使用共享信息资源的权限。")
    if user.organisation.kind not in GOVERNMENT_KINDS:
        return _("信息资源授权政务部门使用（第三十条）；{org}不是政务部门，不能申请。").format(org=user.organisation)
    if not resource.shareable:
        return _("不予共享的信息资源不受理申请。")
    if owns(user, resource):
        return _("本单位的资源无需申请。")
    return ""


def may_request(user, resource: Resource) -> bool:
    return not request_refusal(user, resource)


def may_decide(user, resource: Resource) -> bool:
    """The owner unit's responsible person authorises (Art. 30: 项目建设单位…授权)."""
    units = units_of(user, Perm.GRANT_SHARING)
    return bool(units) and resource.catalogue.project.unit_id in units


def catalogue_of(project) -> Catalogue | None:
    return Catalogue.objects.filter(project=project).prefetch_related(
        Prefetch("resources", queryset=Resource.objects.select_related("source_unit").annotate(
            item_count=Count("items")))).first()


def catalogue_imported(project, sha256: str) -> bool:
    """The file with this digest has been imported into the project's catalogue (a confirmation sent twice)."""
    catalogue = Catalogue.objects.filter(project=project).first()
    return bool(catalogue) and AuditRecord.objects.filter(
        action=Action.IMPORT, object_type=Catalogue._meta.label_lower, object_id=str(catalogue.pk),
        after__sha256=sha256).exists()


SHARING_RULES = ("S2", "L13")


def catalogue_card(project, result: dict, user) -> dict:
    """What the catalogue page and the project page's card show: the catalogue and its rule findings."""
    catalogue = catalogue_of(project)
    return {"project": project, "catalogue": catalogue,
            "resources": list(catalogue.resources.all()) if catalogue else [],
            "findings": [f for f in result["findings"] if f["rule"] in SHARING_RULES],
            "rulebook": result["rulebook"], "can_edit": is_unit_member(user, project)}


def rule_facts(project) -> dict:
    """The sharing facts of ``project`` for rule S2 (Art. 29) and L13 (Art. 10), once it has a catalogue.

    Without one the declaration's own flags stand, as before the catalogue existed; with one, its data decide.
    """
    if not project.pk:
        return {}
    catalogue = Catalogue.objects.filter(project=project).first()
    if catalogue is None:
        return {}
    types = list(catalogue.resources.values_list("share_type", flat=True))
    shareable = sum(1 for t in types if t in SHAREABLE)
    collaboration = bool(catalogue.collaboration.strip())
    facts = {"produces_data": not catalogue.produces_no_data, "catalogue_resources": len(types),
             "shareable_resources": shareable, "collaboration_scenario": collaboration,
             "supports_sharing": bool(shareable or collaboration)}
    if types or catalogue.produces_no_data:
        facts["has_resource_catalog"] = True
    return facts


def zombie_systems(project, on: date) -> list[str]:
    """Names of the project's systems under a zombie determination in force on ``on`` (fed to rule S5)."""
    if not project.pk:
        return []
    in_force = ZombieDetermination.objects.in_force(on).values("system")
    return list(InformationSystem.objects.filter(project=project, pk__in=in_force).values_list("name", flat=True))


def project_facts(project, on: date) -> dict:
    """The facts this app provides to ``projects.services.facts``: S2, L13 and S5 (registered in ``apps``)."""
    facts = rule_facts(project)
    if zombies := zombie_systems(project, on):
        facts["zombie_systems"] = zombies
    return facts


def _items_readable(user) -> Q:
    """Items whose names ``user`` reads on the resource page (``resource_access``), classified ones aside."""
    readable = Q(items__classified=False)
    if units_of(user) is None:
        return readable
    granted = grants_in_force(user.organisation_id, timezone.localdate()).values("granted_items")
    return readable & (Q(share_type=ShareType.UNCONDITIONAL) | Q(catalogue__project__unit__in=owner_units(user))
                       | Q(items__in=granted))


def search_filter(queryset: QuerySet, query: str, user) -> QuerySet:
    """Resources whose name, summary, items or provider contain every word of ``query`` (jieba segmentation).

    Only item names the user could read on the resource page are searched: a hit would tell what the page hides
    (classified items; the items of a conditional resource without a grant)."""
    phrase = re.sub(r"\s+", "", query)
    if not phrase:
        return queryset
    words = [t for t in query_terms(query) if t != phrase] or [phrase]
    readable = _items_readable(user)
    condition = Q()
    for w in words:
        condition &= (Q(name__contains=w) | Q(summary__contains=w) | (Q(items__name__contains=w) & readable)
                      | Q(catalogue__project__unit__name__contains=w) | Q(source_unit__name__contains=w))
    return queryset.filter(pk__in=queryset.filter(condition).values("pk"))


def requests_visible_to(user) -> QuerySet:
    """Requests the user's units made or received; every request for city-wide roles."""
    qs = AccessRequest.objects.select_related("resource__catalogue__project__unit", "organisation", "requested_by")
    if not user.has_perm(VIEW.full):
        return qs.none()
    units = units_of(user)
    if units is None:
        return qs
    mine = Q(organisation_id=user.organisation_id) | Q(organisation__in=units)
    return qs.filter(mine | Q(resource__catalogue__project__unit__in=units))


COUNTIES = tuple(a for a in Area.values if a != Area.CITY)  # an Area value is the county's organisation code


def area_units(area: str) -> QuerySet:
    """The units whose projects belong to a catalogue: a county's own tree, or the city's (everyone else)."""
    if area == Area.CITY:
        excluded = set()
        for county in Organisation.objects.filter(code__in=COUNTIES):
            excluded |= county.descendant_ids()
        return Organisation.objects.exclude(pk__in=excluded)
    county = Organisation.objects.get(code=area)
    return Organisation.objects.filter(pk__in=county.descendant_ids())


def resources_for_catalogue(year: int, area: str) -> QuerySet:
    """Resources of live projects planned for ``year`` or earlier, in ``area``: what the yearly catalogue holds."""
    return (Resource.objects.filter(catalogue__project__plan_year__lte=year,
                                    catalogue__project__unit__in=area_units(area))
            .exclude(catalogue__project__state__in=LIVE_EXCLUDED)
            .select_related("catalogue__project__unit", "source_unit").prefetch_related("items")
            .order_by("catalogue__project__unit__code", "pk"))


def systems_visible_to(user) -> QuerySet:
    """Systems of the user's units (every one for city-wide roles); ``zombie_since`` is the start of the zombie
    determination in force today, ``None`` when there is none."""
    in_force = ZombieDetermination.objects.in_force(timezone.localdate()).filter(system=OuterRef("pk"))
    qs = InformationSystem.objects.select_related("owner", "project").annotate(
        zombie_since=Subquery(in_force.values("determined_on")[:1]))
    units = units_of(user)
    return qs if units is None else qs.filter(owner__in=units)


def system_units(user) -> set[int] | None:
    """Units whose systems ``user`` keeps in the register; ``None`` means every unit.

    The running unit keeps its own; a sharing manager keeps those its management reaches, so a county's data lead
    keeps its county's register but not the city's.
    """
    declared, managed = units_of(user, Perm.DECLARE_PROJECTS), units_of(user, Perm.MANAGE_SHARING)
    if declared is None or managed is None:
        return None
    return declared | managed


def may_keep_system(user, owner_id: int | None) -> bool:
    """``owner_id`` ``None`` asks whether the user may register a system for any unit at all."""
    units = system_units(user)
    return units is None or (owner_id in units if owner_id is not None else bool(units))


def may_determine_zombie(user, on: date) -> bool:
    """钦政办〔2019〕5号 二（二）1 gives the zombie clean-up to 市发改委 alone; the lead department in force on ``on``
    holds that role since the Digital Qinzhou measures moved it (as for the catalogue, ``city_lead_codes``)."""
    return (units_of(user, Perm.MANAGE_SHARING) is None and user.organisation is not None
            and user.organisation.code == city_lead_codes(on)[1])


# ---------------------------------------------------------------- who leads the yearly catalogue (钦政办〔2019〕5号)

CITY_OFFICE = "szfb"  # 市人民政府办公室, lead unit of 二（一）4 under every version
LEAD_2019 = "fgw"  # the document's other lead unit (市发改委), for dates before the first version the platform holds
MANAGE = Perm.MANAGE_SHARING


def city_lead_codes(on: date) -> tuple[str, ...]:
    """The organisations leading the yearly cycle on ``on``: 市人民政府办公室 and the lead department then in force.

    钦政办〔2019〕5号 二（一）4 names 市人民政府办公室 and 市发改委; the Digital Qinzhou measures moved the lead
    department role (to 市大数据发展局 under 钦政办规〔2024〕1号), so the version in force names the second one.
    """
    try:
        lead = version_on(on).lead_department
    except NoVersionInForce:
        lead = LEAD_2019
    return (CITY_OFFICE, lead)


def _org_names(codes) -> str:
    names = dict(Organisation.objects.filter(code__in=codes).values_list("code", "short_name"))
    return "或".join(names.get(code, code) for code in codes)


def city_lead_names(on: date) -> str:
    return _org_names(city_lead_codes(on))


def zombie_lead_name(on: date) -> str:
    return _org_names(city_lead_codes(on)[1:])


def is_city_lead(user, on: date) -> bool:
    """A city-wide sharing manager of one of the lead organisations on ``on``."""
    return (units_of(user, MANAGE) is None and user.organisation is not None
            and user.organisation.code in city_lead_codes(on))


def leads_county(user, area: str) -> bool:
    """The user's sharing-management scope reaches the county's own organisation (the county's data lead)."""
    units = units_of(user, MANAGE)
    return bool(units) and area in COUNTIES and Organisation.objects.filter(code=area, pk__in=units).exists()


def may_lead_catalogue(user, area: str, on: date) -> bool:
    """Who compiles and publishes ``area``'s catalogue: the city lead the city's, a county's data lead its own.

    钦政办〔2019〕5号's task table makes 各县区人民政府（管委） the lead unit of the county catalogue, with 市发改委 only
    assisting; the city lead supervises it through the overdue reminders and the December assessment.
    """
    return is_city_lead(user, on) if area == Area.CITY else leads_county(user, area)


def areas_led_by(user, on: date) -> list[str]:
    return [area for area in Area.values if may_lead_catalogue(user, area, on)]


def city_leads(on: date) -> QuerySet:
    """People ``is_city_lead`` accepts on ``on``: reminders and the December assessment go to them."""
    return User.objects.filter(is_active=True, organisation__code__in=city_lead_codes(on),
                               role_assignments__role__in=roles_with(MANAGE),
                               role_assignments__scope=Scope.ALL).distinct()


def county_leads(area: str) -> QuerySet:
    """People ``leads_county`` accepts: an own-unit sharing manager whose unit is the county or above it."""
    county = Organisation.objects.get(code=area)
    above = []
    while county is not None:
        above.append(county.pk)
        county = county.parent
    unit = Q(role_assignments__organisation__in=above) | Q(role_assignments__organisation__isnull=True,
                                                           organisation__in=above)
    return User.objects.filter(unit, is_active=True, role_assignments__role__in=roles_with(MANAGE),
                               role_assignments__scope=Scope.OWN_UNIT).distinct()


def catalogues_visible_to(user) -> QuerySet:
    """Published catalogues to every reader; a draft only to managers whose scope reaches its area."""
    qs = CityCatalogue.objects.all()
    if not user.has_perm(VIEW.full):
        return qs.none()
    managed = units_of(user, MANAGE)
    if managed is None:
        return qs
    drafts = list(Organisation.objects.filter(pk__in=managed, code__in=COUNTIES).values_list("code", flat=True))
    return qs.filter(Q(status=CityCatalogue.Status.PUBLISHED) | Q(area__in=drafts))


def catalogue_entries_for(user, catalogue: CityCatalogue) -> QuerySet:
    """What ``user`` sees of a yearly catalogue: the page and both exports show exactly these rows.

    As for live resources (``resources_listed_to``, ``resource_access``): shareable entries are listed to every
    reader, 不予共享 entries only to the provider's units and city-wide roles; the items (never classified ones)
    of an unconditional entry to everyone, of the others only to the provider's units and city-wide roles —
    ``items_shown`` says which. A grantee reads its granted items on the resource page.
    """
    qs = CatalogueEntry.objects.filter(catalogue=catalogue).select_related("provider").order_by("code")
    units = units_of(user)
    if units is None:
        return qs.annotate(items_shown=Value(True, output_field=BooleanField()))
    mine = Q(provider__in=units)
    return qs.filter(Q(share_type__in=SHAREABLE) | mine).annotate(
        items_shown=ExpressionWrapper(Q(share_type=ShareType.UNCONDITIONAL) | mine, output_field=BooleanField()))


def assessments_visible_to(user) -> QuerySet:
    """A circulated assessment is public to every reader; before circulation only city-wide managers see it."""
    qs = Assessment.objects.prefetch_related("catalogues")
    if not user.has_perm(VIEW.full):
        return qs.none()
    return qs if units_of(user, MANAGE) is None else qs.filter(circulated_on__isnull=False)
