"""Importing gazettes into the regulation library."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from govproj.audit import services as audit

from .gazette import ParsedDocument, parse_gazette
from .models import Article, Document, DocumentStatus, RepealReference

BUNDLED_GAZETTES = Path(__file__).resolve().parent / "data" / "gazettes"


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _content_hash(doc: ParsedDocument) -> str:
    parts = [doc.number, doc.title, doc.issuer, str(doc.issued_on), str(doc.effective_on), doc.doc_type, doc.body]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@transaction.atomic
def gazette_import(*, text: str, source_name: str = "", by=None) -> ImportResult:
    """Store every document the text contains; a document already stored with the same content is left alone."""
    parsed = parse_gazette(text)
    result = ImportResult()
    for doc in parsed.documents:
        digest = _content_hash(doc)
        existing = Document.objects.filter(number=doc.number).first()
        if existing and existing.content_hash == digest:
            result.unchanged.append(doc.number)
            continue
        before = audit.snapshot(existing, ["title", "issuer", "issued_on", "effective_on", "content_hash"]) if existing else None
        document = existing or Document(number=doc.number)
        document.title, document.issuer, document.doc_type = doc.title[:300], doc.issuer, doc.doc_type
        document.issued_on, document.effective_on, document.body = doc.issued_on, doc.effective_on, doc.body
        document.source = (parsed.source or source_name)[:120]
        document.content_hash = digest
        document.save()
        document.articles.all().delete()
        Article.objects.bulk_create(
            Article(document=document, number=a.number, label=a.label, chapter=a.chapter[:60], text=a.text)
            for a in doc.articles
        )
        document.repeals.all().delete()
        RepealReference.objects.bulk_create(
            RepealReference(repealing=document, repealed_number=number, sentence=sentence)
            for number, sentence in doc.repeals
        )
        audit.record(
            actor=by,
            action=audit.Action.IMPORT,
            obj=document,
            before=before,
            after={"articles": len(doc.articles), "source": document.source, "content_hash": digest},
        )
        (result.updated if existing else result.created).append(doc.number)
    repeal_links_resolve()
    return result


def repeal_links_resolve() -> None:
    """Attach repeal references to documents now in the library and mark the repealed ones."""
    for ref in RepealReference.objects.filter(repealed__isnull=True):
        target = Document.objects.filter(number=ref.repealed_number).first()
        if target is not None:
            ref.repealed = target
            ref.save(update_fields=["repealed"])
    Document.objects.filter(repealed_by__isnull=False).exclude(status=DocumentStatus.REPEALED).update(
        status=DocumentStatus.REPEALED
    )


def gazettes_import_files(paths, *, by=None) -> dict[str, ImportResult]:
    return {
        str(path): gazette_import(text=Path(path).read_text(encoding="utf-8"), source_name=Path(path).name, by=by)
        for path in paths
    }


def gazettes_import_bundled(*, by=None) -> dict[str, ImportResult]:
    """The official documents shipped with the platform, so the demo works without ../shared."""
    return gazettes_import_files(sorted(BUNDLED_GAZETTES.glob("*.txt")), by=by)
