"""Rule facts that apps built on top of projects add to a project's facts.

The rules judge a project on facts some of which other apps keep: the information-resource catalogue
and the system register (govproj.sharing, S2, L13, S5) and the region-level register (govproj.similarity,
L2). Those apps sit above this one, so they register a provider from their ``AppConfig.ready`` and
``services.facts`` asks every provider, without importing any of them.
"""

from collections.abc import Callable
from datetime import date

FactsProvider = Callable[[object, date], dict]
_providers: list[FactsProvider] = []


def register_facts(provider: FactsProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def provided_facts(project, on: date) -> dict:
    """Every provider's facts for ``project`` on ``on``; two providers may not give the same fact."""
    facts: dict = {}
    for provider in _providers:
        given = provider(project, on)
        if clash := facts.keys() & given.keys():
            raise RuntimeError(f"facts provided twice: {sorted(clash)}")
        facts.update(given)
    return facts
