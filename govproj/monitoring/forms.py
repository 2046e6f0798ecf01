"""One form per monitoring operation; choices are limited to what the page's object and user allow."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govproj.accounts.models import User
from govproj.common import forms as common_forms
from govproj.common.ops import Confirm, OpForm  # noqa: F401 - Confirm is used as forms.Confirm
from govproj.common.roles import Perm
from govproj.projects.forms import DATE

from .models import HandlingAction, ImportBatch, RuleSetting, Verification
from .rules import RULES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the cleaned value is a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


# ---------------------------------------------------------------- import (M1)

class ImportForm(common_forms.ImportForm):
    """The treasury's files come in several kinds; the user says which this one is."""

    kind = forms.ChoiceField(label=_("数据类别"), choices=ImportBatch.Kind.choices)
    field_order = ["kind", "file"]


class ConfirmImportForm(common_forms.ConfirmImportForm):
    kind = forms.ChoiceField(choices=ImportBatch.Kind.choices, widget=forms.HiddenInput)


# ---------------------------------------------------------------- doubts (Art. 11–12)

class AssignForm(OpForm):
    assignee = forms.ModelChoiceField(label=_("核实人"), queryset=None)

    def setup(self):
        self.fields["assignee"].queryset = User.objects.filter(
            is_active=True, role_assignments__role="finance").distinct().order_by("username")
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


class VerifyForm(OpForm):
    method = forms.ChoiceField(label=_("核实方式（第十一条）"), choices=Verification.Method.choices)
    on = forms.DateField(label=_("核实日期"), widget=DATE)
    contact = forms.CharField(label=_("核实对象"), max_length=200, required=False,
                              help_text=_("如：预算单位财务负责人、代理银行经办人"))
    record = forms.CharField(label=_("核实记录（第十二条）"), widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("附件（调阅材料、通话记录等）"))

    def setup(self):
        self.fields["on"].initial = timezone.localdate()

    def clean_on(self):
        """The record's own rule (``Verification.clean``), shown beside the date."""
        on = self.cleaned_data["on"]
        try:
            Verification(on=on).clean()
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["on"]) from None
        return on


class ConcludeForm(OpForm):
    conclusion = forms.CharField(label=_("核实结论"), widget=forms.Textarea(attrs={"rows": 3}))


# ---------------------------------------------------------------- cases (Art. 15–17)

class ActionForm(OpForm):
    """A graded response; ``kind`` is fixed by the operation, the deadline and score only where they apply."""

    kind = ""
    text = forms.CharField(label=_("处理内容"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("整改期限"), widget=DATE, required=False)
    score = forms.DecimalField(label=_("考评扣分"), max_digits=5, decimal_places=1, min_value=Decimal("0"),
                               required=False)
    files = MultipleFileField(label=_("附件"))

    def setup(self):
        if self.kind != HandlingAction.Kind.WRITTEN_OPINION:
            del self.fields["deadline"]
        else:
            self.fields["deadline"].required = True
        if self.kind != HandlingAction.Kind.BANK_SCORE:
            del self.fields["score"]
        else:
            self.fields["score"].required = True


def action_form(kind: str) -> type:
    return type(f"ActionForm_{kind}", (ActionForm,), {"kind": kind})


class ResultForm(OpForm):
    text = forms.CharField(label=_("书面整改结果"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("佐证材料"))


class ReviewForm(OpForm):
    decision = forms.ChoiceField(label=_("审核结论"), choices=[("accept", _("整改到位，办结")),
                                                           ("return", _("整改未到位，退回继续整改"))],
                                 widget=forms.RadioSelect)
    note = forms.CharField(label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 3}))


# ---------------------------------------------------------------- rule settings (M2)

SPLIT = re.compile(r"[,，、;；\s]+")


def _param_field(label, default):
    if isinstance(default, list):
        return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("多个关键词用顿号、逗号或空格分隔"))
    if isinstance(default, int) and not isinstance(default, bool):
        return forms.IntegerField(label=label, min_value=0)
    return forms.DecimalField(label=label, min_value=Decimal("0"), max_digits=16, decimal_places=4)


class RuleSettingForm(OpForm):
    """A new version of one rule: fields for its own parameters, prefilled with the version in force."""

    rule_id = ""
    valid_from = forms.DateField(label=_("生效日期"), widget=DATE)
    severity = forms.ChoiceField(label=_("处理方式"), choices=RuleSetting.Severity.choices)
    enabled = forms.BooleanField(label=_("启用"), required=False)
    note = forms.CharField(label=_("调整说明"), max_length=300)

    def setup(self):
        rule = RULES[self.rule_id]
        current = (self.obj or {}).get(self.rule_id)
        params = {**rule.params, **(current.params if current else {})}
        self.fields["valid_from"].initial = timezone.localdate()
        self.fields["severity"].initial = current.severity if current else rule.severity
        self.fields["enabled"].initial = current.enabled if current else True
        for name, default in rule.params.items():
            field = _param_field(rule.param_labels.get(name, name), default)
            value = params.get(name, default)
            field.initial = "、".join(value) if isinstance(value, list) else value
            self.fields[f"p_{name}"] = field

    def params(self) -> dict:
        return params_from(self.rule_id, self.cleaned_data)


def params_from(rule_id: str, cleaned: dict) -> dict:
    """The rule's parameters from the form's ``p_``-prefixed fields, typed as the rule's defaults are."""
    out = {}
    for name, default in RULES[rule_id].params.items():
        value = cleaned[f"p_{name}"]
        if isinstance(default, list):
            out[name] = [w for w in SPLIT.split(value) if w]
        elif isinstance(default, int) and not isinstance(default, bool):
            out[name] = int(value)
        else:
            out[name] = format(value.normalize(), "f")
    return out


def rule_setting_form(rule_id: str) -> type:
    return type(f"RuleSettingForm_{rule_id}", (RuleSettingForm,), {"rule_id": rule_id})


def is_finance(user) -> bool:
    return user.has_perm(Perm.MANAGE_MONITORING.full)
