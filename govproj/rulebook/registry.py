"""The rule registry: what a rule is, and the decorator that registers it.

The rules themselves live by domain (``project_rules``, ``fund_rules``), each module with its own list;
``rules.RULES`` joins them in the order findings of one severity are reported in.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy

from .versions import Citation, RulebookVersion


class Severity(models.TextChoices):
    BLOCK = "block", gettext_lazy("阻止")
    WARN = "warn", gettext_lazy("警告")
    INFO = "info", gettext_lazy("提示")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    topic: str
    versions: frozenset[str] | None
    check: Callable
    title: str
    citation: tuple[str, int | str] | None = None

    @property
    def key(self) -> str:
        """The rule's own name: one requirement (L6) may be checked by several rules."""
        return self.check.__name__


@dataclass(frozen=True)
class Context:
    """What the rules need besides the raw facts: the version and the departments it names."""

    version: RulebookVersion
    lead: str
    unit_is_lead: bool


def registrar(registered: list[Rule]) -> Callable:
    """The ``rule`` decorator of one domain module, appending to that module's list in definition order."""

    def rule(rule_id: str, severity: str, topic: str, title: str, versions: tuple[str, ...] | None = None,
             citation: tuple[str, int | str] | None = None):
        """Register a rule; ``citation`` fixes the article (or part, see ``Citation``) for rules taken from
        another document."""

        def register(func):
            registered.append(Rule(rule_id, severity, topic, frozenset(versions) if versions else None, func, title,
                                   citation))
            return func

        return register

    return rule


V2023, V2024 = "钦政办规〔2023〕6号", "钦政办规〔2024〕1号"


def citation_of(r: Rule, version: RulebookVersion) -> Citation:
    return Citation(*r.citation) if r.citation else version.cite(r.topic)
