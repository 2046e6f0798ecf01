"""Forms of the duplicate-construction check; each keeps what the user typed when it comes back with errors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from govproj.common import forms as common_forms
from govproj.projects.models import Category

from .models import RegionProject, Verdict

KEY = r"^[pr]:\d+$"


class JudgementForm(forms.Form):
    key = forms.RegexField(regex=KEY, widget=forms.HiddenInput)
    verdict = forms.ChoiceField(label=_("研判结论"), choices=Verdict.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("写明重复或不重复的建设内容、功能和依据。"))


class CheckForm(forms.Form):
    """What the declaration form holds before it is saved: enough to look for similar projects."""

    name = forms.CharField(required=False, max_length=200)
    content = forms.CharField(required=False)
    functions = forms.CharField(required=False)
    category = forms.ChoiceField(required=False, choices=[("", "")] + Category.choices)
    project = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not any((data.get(k) or "").strip() for k in ("name", "content", "functions")):
            raise forms.ValidationError(_("请先填写项目名称、建设内容或主要功能模块，再检查相似项目。"))
        return data


class RegionProjectForm(forms.ModelForm):
    class Meta:
        model = RegionProject
        fields = ["name", "region_department", "status", "year", "basis", "content", "functions", "note"]
        widgets = {"content": forms.Textarea(attrs={"rows": 4}), "functions": forms.Textarea(attrs={"rows": 3}),
                   "note": forms.Textarea(attrs={"rows": 2})}


class ImportForm(common_forms.ImportForm):
    """The upload form (CSV or Excel), for the one kind of file the register has."""

    file = forms.FileField(label=_("登记表（Excel 或 CSV）"))

