"""Rulebook versions: one data file per version of the Digital Qinzhou measures.

Every number, deadline and department a rule needs comes from the version in force on the
deciding date, so a rule never hard-codes which measures apply. Amount limits written as
“N万元以下” include N itself (the statutory reading of 以下, Civil Code Art. 1259), hence the
``*_max_*`` names.
"""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from .gazette import article_label, cn_to_int

VERSIONS_DIR = Path(__file__).resolve().parent / "data" / "versions"


class NoVersionInForce(ValueError):
    pass


@dataclass(frozen=True)
class Citation:
    """A document and where in it: an article number, or, for a document without articles, the part as the
    document numbers it (e.g. "二（二）1"), shown as is."""

    document: str
    article: int | str

    @property
    def place(self) -> str:
        return article_label(self.article) if isinstance(self.article, int) else self.article

    @property
    def label(self) -> str:
        return f"{self.document}{self.place}"

    def as_dict(self) -> dict:
        return {"document": self.document, "article": self.place}

    @classmethod
    def from_dict(cls, data: dict) -> "Citation":
        """The inverse of ``as_dict`` (findings are stored as dicts)."""
        place = data["article"]
        if place.startswith("第") and place.endswith("条"):
            return cls(data["document"], cn_to_int(place[1:-1]))
        return cls(data["document"], place)


@dataclass(frozen=True)
class RulebookVersion:
    document: str
    in_force_from: date
    lead_department: str
    lead_self_substitute: str | None
    evaluation_departments: tuple[str, ...]
    annual_deadline: tuple[int, int]
    special_opinion_departments: tuple[str, ...]
    special_opinion_workdays: int
    no_preliminary_design_max_investment: Decimal
    central_supervision_max_investment: Decimal
    adjustment_max_ratio: Decimal
    acceptance_months: int
    region_opinion_required: bool
    central_full_funding_skips_municipal: bool
    plan_listed_may_start_at_fs: bool
    approval_required_materials: tuple[str, ...]
    acceptance_required_materials: tuple[str, ...]
    approval_required_chapters: tuple[str, ...]
    secrecy_department: str
    finance_department: str
    security_determiners: tuple[str, ...]
    recovery_method: str
    articles: dict

    def cite(self, topic: str) -> Citation:
        return Citation(self.document, self.articles[topic])

    def annual_deadline_for(self, plan_year: int) -> date:
        """Declarations for ``plan_year`` are due in the year before (Art. 7)."""
        month, day = self.annual_deadline
        return date(plan_year - 1, month, day)


def _load(path: Path) -> RulebookVersion:
    data = json.loads(path.read_text(encoding="utf-8"))
    return RulebookVersion(
        document=data["document"],
        in_force_from=date.fromisoformat(data["in_force_from"]),
        lead_department=data["lead_department"],
        lead_self_substitute=data["lead_self_substitute"],
        evaluation_departments=tuple(data["evaluation_departments"]),
        annual_deadline=(data["annual_deadline"]["month"], data["annual_deadline"]["day"]),
        special_opinion_departments=tuple(data["special_opinion_departments"]),
        special_opinion_workdays=int(data["special_opinion_workdays"]),
        no_preliminary_design_max_investment=Decimal(data["no_preliminary_design_max_investment"]),
        central_supervision_max_investment=Decimal(data["central_supervision_max_investment"]),
        adjustment_max_ratio=Decimal(data["adjustment_max_ratio"]),
        acceptance_months=int(data["acceptance_months"]),
        region_opinion_required=bool(data["region_opinion_required"]),
        central_full_funding_skips_municipal=bool(data["central_full_funding_skips_municipal"]),
        plan_listed_may_start_at_fs=bool(data["plan_listed_may_start_at_fs"]),
        approval_required_materials=tuple(data["approval_required_materials"]),
        acceptance_required_materials=tuple(data["acceptance_required_materials"]),
        approval_required_chapters=tuple(data["approval_required_chapters"]),
        secrecy_department=data["secrecy_department"],
        finance_department=data["finance_department"],
        security_determiners=tuple(data["security_determiners"]),
        recovery_method=data["recovery_method"],
        articles=dict(data["articles"]),
    )


@cache
def all_versions() -> tuple[RulebookVersion, ...]:
    return tuple(sorted((_load(p) for p in VERSIONS_DIR.glob("*.json")), key=lambda v: v.in_force_from))


def version_on(day: date) -> RulebookVersion:
    """The version in force on ``day``: the latest one whose start is on or before it."""
    in_force = [v for v in all_versions() if v.in_force_from <= day]
    if not in_force:
        first = all_versions()[0]
        raise NoVersionInForce(
            _("{day} 早于平台收录的最早版本（{doc}，{start} 起施行），无法判定适用规则。").format(
                day=day.isoformat(), doc=first.document, start=first.in_force_from.isoformat()
            )
        )
    return in_force[-1]
