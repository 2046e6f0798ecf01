"""The errors every app raises when a step is refused, shared so no app imports another for them."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.utils.translation import gettext as _


class WorkflowError(Exception):
    """A step refused, with the Chinese reasons and, when rules refused it, the findings with citations."""

    def __init__(self, messages, findings=None):
        self.messages = [str(m) for m in ([messages] if isinstance(messages, str) else messages)]
        self.findings = findings or []
        super().__init__("；".join(self.messages))


def messages_of(exc: ValidationError) -> list[str]:
    return [m for messages in exc.message_dict.values() for m in messages]


def invalid(exc: ValidationError) -> WorkflowError:
    """A model's ``full_clean`` refusal as a refused step, so API, CLI and pages obey the same invariants."""
    return WorkflowError(messages_of(exc))


def validate(obj, *, exclude=None) -> None:
    """The model's invariants (``clean`` included), refused as the forms refuse them, for API, CLI and demo alike."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise invalid(exc) from exc


class ConcurrentChange(WorkflowError):
    """Someone else changed the record between this user's read and write: this one loses, nothing is lost."""

    def __init__(self):
        super().__init__(_("该事项刚刚已被他人处理，页面内容已过期。请刷新后查看最新状态再操作。"))


@contextmanager
def losing_writer():
    """A write refused because the database is locked is a concurrent change that this writer lost.

    SQLite refuses the second of two simultaneous writers instead of queueing it; the pages tell that
    user what they tell anyone who lost a race.
    """
    try:
        yield
    except OperationalError as exc:
        if "locked" not in str(exc):
            raise
        raise ConcurrentChange() from exc
