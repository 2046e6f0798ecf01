"""One import flow for every table people upload: stage → validate → preview → confirm → commit → audit.

The flow is the same for the treasury's files, the catalogues and the region register: the file is staged under
its digest (``common.staging``) so what is confirmed is exactly what was previewed; it is refused before parsing
when too large (``IMPORT_MAX_BYTES``, then the row limit while reading); it is checked whole in one pass, cell
errors and the model's own objections together, each with its row and column; it is written in one transaction,
re-checked against the data as it then is, and audited once with its counts. Each kind declares only what is
its own as an ``Importer`` registered at start-up (in its app's ``AppConfig.ready``).

``validate`` and ``commit`` are plain functions of the kind, the staged digest and plain arguments, so that a
background job can run them as well as a page.
"""

from collections.abc import Iterator

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from govproj.audit import services as audit

from .staging import discard, stage, staged
from .tabular import CellError, FileRejected, rows_by_header

__all__ = ["CellError", "Expired", "FileRejected", "Importer", "commit", "import_data", "read", "register",
           "stage_upload", "validate"]

MAX_ERRORS = 200


class Expired(LookupError):
    """The staged file is gone (confirmed already, or kept longer than ``staging.KEPT``)."""


class Importer:
    """What one kind of import says about itself; the flow does the rest.

    ``read`` turns the data rows into records, ``plan`` works out what importing them would do (the preview),
    ``apply`` does it and ``audit_entry`` says what the import's audit record is about. Both ``read`` and
    ``plan`` add what is wrong to ``errors`` and go on, so one pass reports every fault.
    """

    kind: str
    headers: tuple[str, ...]
    required: tuple[str, ...]
    aliases: dict | None = None
    max_rows_setting = "IMPORT_MAX_ROWS"

    def prepare(self, *, by, commit: bool, **context):
        """Refuse ``by`` if not allowed; the object imported into (checked again, and locked, when committing)."""
        return None

    def read(self, rows: Iterator[tuple[int, dict]], *, target, errors: list[CellError]) -> list:
        """The records of the file's data rows; a row with a bad cell adds its errors and no record."""
        raise NotImplementedError

    def plan(self, records: list, *, target, errors: list[CellError]):
        """What importing ``records`` would do, shown as the preview; the model's objections go to ``errors``."""
        raise NotImplementedError

    def apply(self, plan, *, by, target, filename: str, sha256: str):
        """Write ``plan`` (inside the import's transaction) and return the result the page reports."""
        raise NotImplementedError

    def audit_entry(self, result, *, target, filename: str) -> dict:
        """The object of the import's audit record (``obj``, or ``object_type`` …) and its counts (``after``)."""
        raise NotImplementedError


_IMPORTERS: dict[str, Importer] = {}


def register(*importers: Importer) -> None:
    for importer in importers:
        _IMPORTERS[importer.kind] = importer


def _too_large(size: int) -> None:
    if size > settings.IMPORT_MAX_BYTES:
        message = _("文件超过 {mb} MB 的导入上限，未导入；请拆分为多个文件后分别导入。")
        raise FileRejected([CellError(0, "", message.format(mb=settings.IMPORT_MAX_BYTES // (1024 * 1024)))])


def stage_upload(upload) -> str:
    """Keep an uploaded file for its preview and confirmation; one over ``IMPORT_MAX_BYTES`` is refused unread."""
    _too_large(upload.size)
    return stage(upload.read())


def _records(importer: Importer, filename: str, data: bytes, target, errors: list[CellError]) -> list:
    rows = rows_by_header(filename, data, importer.headers, importer.required, aliases=importer.aliases,
                          max_rows=getattr(settings, importer.max_rows_setting))
    return importer.read(rows, target=target, errors=errors)


def _checked(importer: Importer, filename: str, data: bytes, *, by, commit: bool, context: dict):
    target = importer.prepare(by=by, commit=commit, **context)
    errors: list[CellError] = []
    records = _records(importer, filename, data, target, errors)
    plan = importer.plan(records, target=target, errors=errors)
    if errors:
        raise FileRejected(sorted(errors, key=lambda e: e.row)[:MAX_ERRORS])
    return target, plan


def _data(digest: str) -> bytes:
    data = staged(digest)
    if data is None:
        raise Expired(digest)
    return data


def read(kind: str, *, filename: str, data: bytes) -> list:
    """The file's records, checked cell by cell only (``FileRejected`` lists every bad cell); nothing is planned."""
    _too_large(len(data))
    importer, errors = _IMPORTERS[kind], []
    records = _records(importer, filename, data, None, errors)
    if errors:
        raise FileRejected(errors[:MAX_ERRORS])
    return records


@transaction.atomic
def validate(kind: str, *, digest: str, filename: str, by, **context):
    """The preview of the staged file: what importing it would do. Writes nothing (the transaction keeps the
    importer's reads consistent); ``FileRejected`` lists every bad cell and every objection of the model."""
    return _checked(_IMPORTERS[kind], filename, _data(digest), by=by, commit=False, context=context)[1]


@transaction.atomic
def commit(kind: str, *, digest: str, filename: str, by, **context):
    """Import the staged file whole or not at all, checked again against the data as it is now; one audit record
    with the file, its digest and the counts. The staged file is removed once imported."""
    importer = _IMPORTERS[kind]
    target, plan = _checked(importer, filename, _data(digest), by=by, commit=True, context=context)
    result = importer.apply(plan, by=by, target=target, filename=filename, sha256=digest)
    entry = importer.audit_entry(result, target=target, filename=filename)
    counts = entry.pop("after")
    audit.record(actor=by, action=audit.Action.IMPORT, **entry, after={"file": filename, "sha256": digest, **counts})
    discard(digest)
    return result


def import_data(kind: str, *, by, filename: str, data: bytes, **context):
    """Stage and commit in one step, where nobody looks at a preview first (the command line, demo data)."""
    _too_large(len(data))
    return commit(kind, digest=stage(data), filename=filename, by=by, **context)
