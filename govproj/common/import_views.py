"""The one import page: upload → preview (or every bad cell, nothing written) → confirm, for every kind.

A page names its template, its import kind and what is its own (the object imported into, extra context, the
message and the page to go to afterwards); the steps are ``common.importing``'s.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from . import importing
from .errors import WorkflowError
from .forms import ConfirmImportForm, ImportForm
from .views import RoleRequiredMixin


class ImportView(RoleRequiredMixin, View):
    template_name: str
    kind: str = ""
    form_class = ImportForm
    confirm_form_class = ConfirmImportForm

    def import_kind(self, data: dict) -> str:
        """The kind imported, from the cleaned upload or confirmation form."""
        return self.kind

    def import_context(self) -> dict:
        """What the importer needs besides the file (e.g. the project whose catalogue it is)."""
        return {}

    def page_context(self) -> dict:
        return {}

    def form_initial(self, kind: str) -> dict:
        return {}

    def done(self, filename: str, result):
        """The message and redirect once imported."""
        raise NotImplementedError

    def expired(self, filename: str, digest: str):
        messages.error(self.request, _("待导入的文件已失效，请重新上传。"))
        return redirect(self.request.path)

    def other_post(self, op: str):
        raise Http404

    def render(self, *, form=None, preview=None, confirm=None, errors=None, refused=None, filename="", status=200):
        context = {"form": form or self.form_class(), "preview": preview, "confirm": confirm, "errors": errors,
                   "refused": refused, "filename": filename, **self.page_context()}
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, **kwargs):
        return self.render()

    def post(self, request, **kwargs):
        op = request.POST.get("_op", "")
        if op == "preview":
            return self.preview()
        if op == "confirm":
            return self.confirm()
        return self.other_post(op)

    def preview(self):
        form = self.form_class(self.request.POST, self.request.FILES)
        if not form.is_valid():
            return self.render(form=form, status=400)
        upload, kind = form.cleaned_data["file"], self.import_kind(form.cleaned_data)
        try:
            digest = importing.stage_upload(upload)
            preview = importing.validate(kind, digest=digest, filename=upload.name, by=self.request.user,
                                         **self.import_context())
        except importing.FileRejected as exc:
            return self.render(form=form, errors={"filename": upload.name, "list": exc.errors}, status=400)
        except WorkflowError as exc:
            return self.render(form=form, refused=exc, status=400)
        initial = self.form_initial(kind)
        confirm = self.confirm_form_class(initial={**initial, "token": digest, "filename": upload.name[:200]})
        return self.render(form=self.form_class(initial=initial), preview=preview, confirm=confirm,
                           filename=upload.name)

    def confirm(self):
        form = self.confirm_form_class(self.request.POST)
        if not form.is_valid():
            raise Http404
        digest, filename = form.cleaned_data["token"], form.cleaned_data["filename"]
        try:
            result = importing.commit(self.import_kind(form.cleaned_data), digest=digest, filename=filename,
                                      by=self.request.user, **self.import_context())
        except importing.Expired:
            return self.expired(filename, digest)
        except importing.FileRejected as exc:  # the data changed since the preview
            return self.render(errors={"filename": filename, "list": exc.errors}, status=400)
        except WorkflowError as exc:
            return self.render(refused=exc, status=400)
        return self.done(filename, result)
