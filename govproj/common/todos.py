"""“我的待办”: each domain app registers a provider that lists what a user still owes.

The home page knows no domain; apps call ``register`` from their ``AppConfig.ready``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Todo:
    title: str
    url: str
    since: date | None = None
    due: date | None = None
    overdue: bool = False


_providers: list[Callable[[object], list[Todo]]] = []


def register(provider: Callable[[object], list[Todo]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def todos_for(user) -> list[Todo]:
    items = [todo for provider in _providers for todo in provider(user)]
    return sorted(items, key=lambda t: (not t.overdue, t.due or date.max))
