"""Forms of the sharing pages: each an ``OpForm`` so its choices never reach outside the page object."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govproj.accounts.models import User
from govproj.common import forms as common_forms
from govproj.common.ops import OpForm
from govproj.orgs.models import Organisation
from govproj.projects.forms import DATE
from govproj.projects.models import Project

from .models import (
    PROVIDER_UNDERTAKING_MISSING,
    PROVIDER_UNDERTAKINGS,
    UNDERTAKING_MISSING,
    UNDERTAKING_VERSION,
    UNDERTAKINGS,
    Area,
    InformationSystem,
    Item,
    Resource,
)
from .selectors import areas_led_by, system_units


class ResourceForm(OpForm):
    name = forms.CharField(label=_("资源名称"), max_length=120)
    summary = forms.CharField(label=_("资源摘要"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    source_unit = forms.ModelChoiceField(label=_("来源单位"), queryset=Organisation.objects.filter(is_active=True))
    update_cycle = forms.ChoiceField(label=_("更新周期"), choices=Resource._meta.get_field("update_cycle").choices)
    share_type = forms.ChoiceField(label=_("共享类型"), choices=Resource._meta.get_field("share_type").choices)
    share_conditions = forms.CharField(label=_("共享条件"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                       help_text=_("有条件共享必填"))
    legal_basis = forms.CharField(label=_("不予共享/有条件共享的依据"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}), help_text=_("有条件共享、不予共享必填"))
    open_type = forms.ChoiceField(label=_("开放类型"), choices=Resource._meta.get_field("open_type").choices)
    data_format = forms.ChoiceField(label=_("数据格式"), choices=Resource._meta.get_field("data_format").choices)

    def setup(self):
        if isinstance(self.obj, Resource) and not self.is_bound:
            for name in self.fields:
                self.initial[name] = getattr(self.obj, name)
        elif isinstance(self.obj, Project) and not self.is_bound:
            self.initial["source_unit"] = self.obj.unit


class ItemForm(OpForm):
    name = forms.CharField(label=_("信息项名称"), max_length=80)
    data_type = forms.ChoiceField(label=_("数据类型"), choices=Item._meta.get_field("data_type").choices)
    description = forms.CharField(label=_("说明"), max_length=300, required=False)
    classified = forms.BooleanField(label=_("涉密信息项"), required=False)


class ItemChoiceForm(OpForm):
    item = forms.ModelChoiceField(label=_("信息项"), queryset=Item.objects.none())

    def setup(self):
        self.fields["item"].queryset = self.obj.items.all()


class CollaborationForm(OpForm):
    collaboration = forms.CharField(label=_("业务协同场景"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text=_("项目支持的跨部门业务协同；清空即撤销。"))

    def setup(self):
        catalogue = getattr(self.obj, "catalogue", None)
        if catalogue is not None and not self.is_bound:
            self.initial["collaboration"] = catalogue.collaboration


class NoDataForm(OpForm):
    statement = forms.CharField(label=_("不产生任何数据的说明"), widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(common_forms.ImportForm):
    """The upload form (CSV or Excel), for the one kind of file a catalogue has."""

    file = forms.FileField(label=_("目录文件（Excel 或 CSV，按模板填写）"))



class RequestForm(OpForm):
    purpose = forms.CharField(label=_("用途"), widget=forms.Textarea(attrs={"rows": 2}))
    scope = forms.CharField(label=_("使用范围"), widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=_("如：本部门行政审批业务系统，仅限窗口人员查询核验"))
    items = forms.ModelMultipleChoiceField(label=_("申请的信息项（不选即申请全部公开信息项）"), required=False,
                                           queryset=Item.objects.none(), widget=forms.CheckboxSelectMultiple)
    undertaking = forms.BooleanField(label=_("本部门作出安全保密承诺（第三十一条）"),
                                     help_text=UNDERTAKINGS[UNDERTAKING_VERSION],
                                     error_messages={"required": UNDERTAKING_MISSING})

    def setup(self):
        """Items are offered only where the requester may already read them: a restricted list stays hidden."""
        access = getattr(self.obj, "access", None)
        if access is None:
            del self.fields["items"]
        else:
            self.fields["items"].queryset = self.obj.items.filter(pk__in=[i.pk for i in access.items])


class GrantForm(OpForm):
    items = forms.ModelMultipleChoiceField(label=_("授权的信息项"), queryset=Item.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)
    scope = forms.CharField(label=_("授权使用范围"), widget=forms.Textarea(attrs={"rows": 2}))
    purpose = forms.CharField(label=_("授权用途"), widget=forms.Textarea(attrs={"rows": 2}))
    valid_until = forms.DateField(label=_("授权截止日"), widget=DATE)
    named_people = forms.ModelMultipleChoiceField(label=_("涉密信息项知悉人员（仅授权涉密信息项时填写）"),
                                                  queryset=User.objects.none(), required=False,
                                                  widget=forms.CheckboxSelectMultiple)
    undertaking = forms.BooleanField(label=_("本单位作为提供方作出安全保密承诺（第三十一条）"),
                                     help_text=PROVIDER_UNDERTAKINGS[UNDERTAKING_VERSION],
                                     error_messages={"required": PROVIDER_UNDERTAKING_MISSING})

    def setup(self):
        request = self.obj
        self.fields["items"].queryset = request.resource.items.all()
        self.fields["named_people"].queryset = User.objects.filter(organisation=request.organisation, is_active=True)
        if not self.is_bound:
            requested = list(request.requested_items.all()) or list(request.resource.items.filter(classified=False))
            self.initial.update(items=requested, scope=request.scope, purpose=request.purpose,
                                valid_until=timezone.localdate() + timedelta(days=365))


class ReasonForm(OpForm):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class AssessForm(OpForm):
    year = forms.IntegerField(label=_("年度"), min_value=2019, max_value=2100)

    def setup(self):
        if not self.is_bound:
            self.initial["year"] = timezone.localdate().year


class CompileForm(AssessForm):
    area = forms.ChoiceField(label=_("范围"), choices=Area.choices)

    def setup(self):
        """Only the areas whose catalogue the user leads (the service checks again on the business date)."""
        super().setup()
        led = areas_led_by(self.user, timezone.localdate())
        self.fields["area"].choices = [(a, label) for a, label in Area.choices if a in led]


class PublishForm(OpForm):
    note = forms.CharField(label=_("发布说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CirculateForm(OpForm):
    ref = forms.CharField(label=_("通报文号"), max_length=60)


class SystemForm(OpForm):
    name = forms.CharField(label=_("系统名称"), max_length=120)
    owner = forms.ModelChoiceField(label=_("运维单位"), queryset=Organisation.objects.filter(is_active=True))
    project = forms.ModelChoiceField(label=_("建设项目"), queryset=Project.objects.none(), required=False)
    cloud_status = forms.ChoiceField(label=_("迁移上云"), choices=InformationSystem._meta.get_field("cloud_status").choices)
    dengbao_level = forms.TypedChoiceField(label=_("等保级别"), coerce=int,
                                           choices=InformationSystem._meta.get_field("dengbao_level").choices)
    dengbao_filed_on = forms.DateField(label=_("等保备案日期"), required=False,
                                       widget=DATE)
    dengbao_tested_on = forms.DateField(label=_("最近等保测评日期"), required=False,
                                        widget=DATE)
    mipin_tested_on = forms.DateField(label=_("最近密评日期"), required=False,
                                      widget=DATE)

    def setup(self):
        units = system_units(self.user)
        if isinstance(self.obj, InformationSystem):
            del self.fields["owner"]
            self.fields["project"].queryset = Project.objects.filter(unit=self.obj.owner_id)
            if not self.is_bound:
                for name in self.fields:
                    self.initial[name] = getattr(self.obj, name)
        elif units is not None:
            self.fields["owner"].queryset = Organisation.objects.filter(pk__in=units)
            self.fields["project"].queryset = Project.objects.filter(unit__in=units)
        else:
            self.fields["project"].queryset = Project.objects.select_related("unit")
