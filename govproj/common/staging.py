"""Uploaded files kept between an import's preview and its confirmation, keyed by their SHA-256.

The confirmation form carries only the digest, so what is imported is exactly what was previewed.
"""

import hashlib
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

STAGING = "staging/"
KEPT = timedelta(days=1)


def stage(data: bytes) -> str:
    """Keep ``data`` and return its digest; a preview nobody confirms is removed by an upload a day later."""
    _, names = default_storage.listdir(STAGING) if default_storage.exists(STAGING) else ((), ())
    for old in names:
        if timezone.now() - default_storage.get_modified_time(STAGING + old) > KEPT:
            default_storage.delete(STAGING + old)
    digest = hashlib.sha256(data).hexdigest()
    if not default_storage.exists(STAGING + digest):
        default_storage.save(STAGING + digest, ContentFile(data))
    return digest


def staged(digest: str) -> bytes | None:
    """The bytes kept under ``digest``, or None when gone or not what was kept."""
    name = STAGING + digest
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as fh:
        data = fh.read()
    return data if hashlib.sha256(data).hexdigest() == digest else None


def discard(digest: str) -> None:
    default_storage.delete(STAGING + digest)
