"""Reads: who sees which resource and which items, the rule facts of a project, search, the grant register.

Catalogue metadata of shareable resources is public to every department (that is what a catalogue
is for); a resource's items are shown to its owner unit, to city-wide roles, to everyone when it is
shared unconditionally, and otherwise only to a department holding a grant in force — and then only
the granted items. Classified items are shown only to the owner unit and to the people a grant names.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from govproj.accounts.roles import ROLE_PERMISSIONS, Perm, Scope
from govproj.accounts.scoping import role_grants
from govproj.orgs.models import Organisation
from govproj.projects.services import is_unit_member
from govproj.projects.states import State
from govproj.rulebook.search import query_terms

from .models import (
    SHAREABLE,
    AccessRequest,
    Area,
    Catalogue,
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


def owns(user, resource: Resource) -> bool:
    """The user speaks for the unit whose project produced ``resource`` (including its superior department)."""
    units = units_of(user)
    return units is not None and resource.catalogue.project.unit_id in units


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
        "granted_items", "named_people"))
    if grants:
        granted = {i.pk for g in grants for i in g.granted_items.all()}
        cleared = any(p.pk == user.pk for g in grants for p in g.named_people.all())
        shown = [i for i in items if i.pk in granted and (cleared or not i.classified)]
        if resource.share_type == ShareType.UNCONDITIONAL:
            shown = sorted({i.pk: i for i in shown + open_items}.values(), key=lambda i: i.pk)
        return Access("granted", shown, grants, len(items) - len(shown))
    if units_of(user) is None:
        return Access("citywide", open_items, hidden=len(items) - len(open_items))
    if resource.share_type == ShareType.UNCONDITIONAL:
        return Access("open", open_items, hidden=len(items) - len(open_items))
    return None


def may_request(user, resource: Resource) -> bool:
    """Other departments ask for shareable resources; an owner does not ask itself."""
    return (user.has_perm(Perm.REQUEST_SHARING.full) and user.organisation_id is not None
            and resource.shareable and not owns(user, resource))


def may_decide(user, resource: Resource) -> bool:
    """The owner unit's responsible person authorises (Art. 30: 项目建设单位…授权)."""
    units = units_of(user, Perm.GRANT_SHARING)
    return bool(units) and resource.catalogue.project.unit_id in units


def catalogue_of(project) -> Catalogue | None:
    return Catalogue.objects.filter(project=project).prefetch_related(
        Prefetch("resources", queryset=Resource.objects.select_related("source_unit").annotate(
            item_count=Count("items")))).first()


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


def search_filter(queryset: QuerySet, query: str) -> QuerySet:
    """Resources whose name, summary, items or provider contain every word of ``query`` (jieba segmentation).

    Classified item names are not searched: a hit would tell which resource holds them."""
    phrase = re.sub(r"\s+", "", query)
    if not phrase:
        return queryset
    words = [t for t in query_terms(query) if t != phrase] or [phrase]
    condition = Q()
    for w in words:
        condition &= (Q(name__contains=w) | Q(summary__contains=w)
                      | Q(items__name__contains=w, items__classified=False)
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


def area_units(area: str) -> QuerySet:
    """The units whose projects belong to a catalogue: a county's own tree, or the city's (everyone else)."""
    counties = [a for a in Area.values if a != Area.CITY]
    if area == Area.CITY:
        excluded = set()
        for county in Organisation.objects.filter(code__in=counties):
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
