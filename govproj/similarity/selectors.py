"""Read queries of the duplicate-construction check: matches resolved to rows, judgements, the register."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from govproj.projects.models import Project
from govproj.projects.selectors import visible_projects

from . import services
from .engine import highlight
from .models import Judgement, RegionProject


@dataclass
class Similar:
    """One match as a page shows it; ``visible`` is whether the viewer may open the matched project's page."""

    key: str
    item: Project | RegionProject
    score: float
    phrases: tuple[str, ...]
    judgement: Judgement | None = None
    visible: bool = True

    @property
    def is_region(self) -> bool:
        return isinstance(self.item, RegionProject)

    @property
    def kind_label(self):
        return _("自治区统一建设") if self.is_region else _("平台项目")

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def state_label(self) -> str:
        return self.item.get_status_display() if self.is_region else self.item.get_state_display()

    @property
    def unit_label(self) -> str:
        return self.item.region_department if self.is_region else self.item.unit.name

    @property
    def strong(self) -> bool:
        return self.score >= services.REGION_RULE_THRESHOLD


def similar_to(subject, *, user=None, top: int = services.TOP) -> list[Similar]:
    """The ``top`` closest platform projects and register items to ``subject`` (a project, saved or not, or a Doc).

    Resolved in one query per kind, one for the subject's judgements and one for what ``user`` may open:
    the number of queries does not grow with ``top``.
    """
    doc, own = services.subject_doc(subject)
    matches = [m for m in services.search(doc, top=top, exclude=own) if m.score >= services.SHOW_THRESHOLD]
    project_ids = [int(m.key[2:]) for m in matches if m.key.startswith("p:")]
    region_ids = [int(m.key[2:]) for m in matches if m.key.startswith("r:")]
    projects = Project.objects.select_related("unit").in_bulk(project_ids) if project_ids else {}
    regions = RegionProject.objects.in_bulk(region_ids) if region_ids else {}
    judgements = {}
    if isinstance(subject, Project) and subject.pk:
        judgements = {j.key: j for j in judgements_of(subject)}
    visible = set(project_ids)
    if user is not None and project_ids:
        visible = set(visible_projects(user).filter(pk__in=project_ids).values_list("pk", flat=True))
    result = []
    for m in matches:
        pk = int(m.key[2:])
        item = projects.get(pk) if m.key.startswith("p:") else regions.get(pk)
        if item is not None:  # deleted since the index last saw it
            result.append(Similar(m.key, item, m.score, m.phrases, judgements.get(m.key),
                                  visible=m.key.startswith("r:") or pk in visible))
    return result


def judgements_of(project: Project) -> QuerySet:
    return Judgement.objects.filter(project=project).select_related(
        "by", "matched_project__unit", "matched_region").order_by("-at", "-id")


def side_by_side(subject: Project, match: Similar) -> list[dict]:
    """The two texts field by field, the shared phrases marked (``engine.highlight`` segments)."""
    mine, theirs = services.project_doc(subject), (services.region_doc(match.item) if match.is_region
                                                    else services.project_doc(match.item))
    rows = []
    for field, label in (("name", _("项目名称")), ("content", _("建设内容")), ("functions", _("主要功能"))):
        rows.append({"label": label, "mine": highlight(getattr(mine, field), match.phrases),
                     "theirs": highlight(getattr(theirs, field), match.phrases) if match.visible else None})
    return rows


def find(subject: Project, key: str, *, user) -> Similar | None:
    """One match of ``subject`` by key, as ``similar_to`` would show it (None when it is no longer a match)."""
    return next((s for s in similar_to(subject, user=user, top=services.LOOKUP_TOP) if s.key == key), None)


def region_projects() -> QuerySet:
    return RegionProject.objects.select_related("created_by", "updated_by")
