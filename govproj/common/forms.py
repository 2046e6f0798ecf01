"""The two forms of every preview-then-confirm import: the upload, and the confirmation of what was previewed."""

from django import forms
from django.utils.translation import gettext_lazy as _

UPLOAD_EXTENSIONS = (".csv", ".txt", ".xlsx", ".xlsm")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("数据文件（CSV 或 Excel）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(UPLOAD_EXTENSIONS):
            raise forms.ValidationError(_("请上传 CSV（.csv）或 Excel（.xlsx）文件。"))
        return upload


class ConfirmImportForm(forms.Form):
    """Carries only the staged file's digest and name, so what is imported is exactly what was previewed."""

    token = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    filename = forms.CharField(max_length=200, widget=forms.HiddenInput)

    def clean_filename(self):
        name = self.cleaned_data["filename"]
        if not name.lower().endswith(UPLOAD_EXTENSIONS):
            raise forms.ValidationError(_("文件类型不正确。"))
        return name
