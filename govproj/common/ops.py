"""Pages whose operations are forms (``<details id="op-NAME">``), each run by one service call.

A page lists the operations the user may do on its object; a POST names one with ``_op``. A refused
step comes back with the form as typed and the reasons (with rule citations), never a lost form.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from govproj.common import workflow
from govproj.common.errors import WorkflowError, losing_writer

from .views import RoleRequiredMixin


@dataclass(frozen=True)
class Op:
    label: str
    form: type
    run: Callable  # run(data, obj, user)
    available: Callable | None = None  # available(obj, user) -> bool, for what is not the state or the actor
    multipart: bool = False
    hint: str = ""
    step: str = ""  # the step of the object's machine this runs: ``workflow.can`` says who may take it, and when

    def open_to(self, obj, user) -> bool:
        """Whether ``user`` may do this on ``obj`` now: the page asks what the service will check."""
        return ((not self.step or workflow.can(user, obj, self.step))
                and (self.available is None or self.available(obj, user)))


class OpForm(forms.Form):
    """A form that knows the page object and the user, so its choices never reach outside their scope."""

    def __init__(self, *args, obj=None, user=None, **kwargs):
        self.obj, self.user = obj, user
        super().__init__(*args, **kwargs)
        self.setup()

    def setup(self):
        pass


class Confirm(OpForm):
    pass


class OpsPage(RoleRequiredMixin, View):
    template_name = ""
    ops: dict[str, Op] = {}

    def get_object(self):
        raise NotImplementedError

    def extra_context(self, obj) -> dict:
        return {}

    def base_context(self) -> dict:
        """What every page of an app shows besides its object (e.g. whether the user is finance)."""
        return {}

    def finish(self, context) -> None:
        """A last look at the context (e.g. to place each operation beside its row)."""

    def get(self, request, *args, **kwargs):
        return self.render(self.get_object())

    def render(self, obj, bound: dict | None = None, refused=None, status=200):
        bound = bound or {}
        user = self.request.user
        open_ops = [{"name": name, "label": op.label, "multipart": op.multipart, "hint": op.hint,
                     "form": bound.get(name) or op.form(obj=obj, user=user, prefix=name)}
                    for name, op in self.ops.items() if op.open_to(obj, user)]
        context = {"object": obj, "ops": open_ops, "refused": refused, "today": timezone.localdate(),
                   **self.base_context(), **self.extra_context(obj)}
        self.finish(context)
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        name = request.POST.get("_op", "")
        op = self.ops.get(name)
        if op is None:
            raise Http404
        if not op.open_to(obj, request.user):
            raise PermissionDenied
        form = op.form(request.POST, request.FILES, obj=obj, user=request.user, prefix=name)
        if not form.is_valid():
            return self.render(obj, bound={name: form}, status=400)
        try:
            with losing_writer():
                op.run(form.cleaned_data, obj, request.user)
        except WorkflowError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.render(self.get_object(), bound={name: form}, refused=exc, status=400)
        messages.success(request, _("“{label}”已办理。").format(label=op.label))
        return redirect(request.path)
