"""Checks every uploaded file passes before any app stores it."""

from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import WorkflowError


def check_file(upload) -> str:
    """The upload's file name, once its type, size and emptiness pass (shared by every app that takes files)."""
    name = PurePath(upload.name).name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in settings.ATTACHMENT_EXTENSIONS:
        raise WorkflowError(_("不支持的文件类型“{ext}”，请上传 {allowed} 格式。").format(
            ext=ext or _("无扩展名"), allowed="、".join(settings.ATTACHMENT_EXTENSIONS)))
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise WorkflowError(_("文件 {name} 大小 {size:.1f} MB，超过上限 {limit} MB。").format(
            name=name, size=upload.size / 1048576, limit=settings.ATTACHMENT_MAX_BYTES // 1048576))
    if upload.size == 0:
        raise WorkflowError(_("文件 {name} 是空文件。").format(name=name))
    return name
