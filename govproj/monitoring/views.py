"""Payment monitoring pages (钦市财规〔2023〕1号): import, screen, verify doubts, handle violations, tune rules.

Every page checks the role (``RoleRequiredMixin``) and finds records within the user's scope
(``restrict``: a unit sees its own payments, doubts and forms; 404 outside). A page showing one
record is an ``OpsPage``: it lists the operations this user may take now and runs the chosen one
through its service; a refused operation re-renders the page with the reason (400).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from govproj.audit import services as audit
from govproj.audit.models import AuditRecord
from govproj.common.documents import DOCX_MIME
from govproj.common.export import download
from govproj.common.import_views import ImportView
from govproj.common.ops import Op
from govproj.common.ops import OpsPage as BaseOpsPage
from govproj.common.roles import Perm
from govproj.common.scoping import restrict
from govproj.common.views import RoleRequiredMixin, ScopedListView

from . import documents, forms, importing, services
from .filters import CaseFilter, DoubtFilter, PaymentFilter
from .models import (
    Attachment,
    Case,
    Doubt,
    HandlingAction,
    ImportBatch,
    Payment,
    RuleSetting,
    Verification,
)
from .rules import RULES
from .states import STEP_LABELS
from .tables import CaseTable, DoubtTable, PaymentTable

VIEW = Perm.VIEW_MONITORING


def is_finance(user) -> bool:
    return user.has_perm(Perm.MANAGE_MONITORING.full)


class OpsPage(BaseOpsPage):
    permission_required = VIEW

    def base_context(self) -> dict:
        return {"is_finance": is_finance(self.request.user)}


def _trail(doubt: Doubt):
    """Audit records of the doubt, its verifications, its form, the form's actions and all their files."""
    verifications = [str(pk) for pk in doubt.verifications.values_list("pk", flat=True)]
    case = _doubt_case(doubt)
    actions = [str(pk) for pk in HandlingAction.objects.filter(case__doubt=doubt).values_list("pk", flat=True)]
    files = [str(pk) for pk in Attachment.objects.filter(
        Q(verification__doubt=doubt) | Q(action__case__doubt=doubt)).values_list("pk", flat=True)]
    q = Q(object_type="monitoring.doubt", object_id=str(doubt.pk))
    q |= Q(object_type="monitoring.verification", object_id__in=verifications)
    q |= Q(object_type="monitoring.handlingaction", object_id__in=actions)
    q |= Q(object_type="monitoring.attachment", object_id__in=files)
    if case is not None:
        q |= Q(object_type="monitoring.case", object_id=str(case.pk))
    records = list(AuditRecord.objects.filter(q).select_related("actor").order_by("seq"))
    for r in records:
        r.summary = _summary(r.after or {})
    return records


def _summary(after: dict) -> str:
    """One line saying what the record changed, in the words of the page."""
    if after.get("step"):
        return str(STEP_LABELS.get(after["step"], after["step"]))
    if after.get("kind") in HandlingAction.Kind.values:
        text = str(HandlingAction.Kind(after["kind"]).label)
        return text + (f"（{_('整改期限')} {after['deadline']}）" if after.get("deadline") else "")
    if after.get("method"):
        return str(Verification.Method(after["method"]).label) if after["method"] in Verification.Method.values \
            else after["method"]
    if after.get("name"):
        return after["name"]
    if after.get("number"):
        return _("制作监控处理单")
    if after.get("deadline"):
        return f"{_('整改期限')} {after['deadline']}"
    if "assignee" in after or "assignee_id" in after:
        return _("分配核实人")
    return ""


def _doubt_case(doubt: Doubt):
    try:
        return doubt.case
    except Case.DoesNotExist:
        return None


# ---------------------------------------------------------------- overview


class OverviewView(RoleRequiredMixin, View):
    permission_required = VIEW

    def get(self, request):
        user = request.user
        doubts = restrict(Doubt.objects.all(), user, VIEW)
        cases = restrict(Case.objects.all(), user, VIEW)
        doubt_counts = dict(doubts.values_list("status").annotate(n=Count("pk")).order_by())
        case_counts = dict(cases.values_list("status").annotate(n=Count("pk")).order_by())
        overdue = services.overdue_cases().filter(pk__in=cases.values("pk")).select_related(
            "doubt__payment").order_by("deadline")[:20]
        by_rule = (doubts.exclude(status=Doubt.Status.DISMISSED).values_list("rule").annotate(n=Count("pk"))
                   .order_by("-n"))
        context = {
            "title": _("支付动态监控"),
            "doubt_counts": [(s, label, doubt_counts.get(s, 0)) for s, label in Doubt.Status.choices],
            "case_counts": [(s, label, case_counts.get(s, 0)) for s, label in Case.Status.choices],
            "overdue": list(overdue),
            "by_rule": [(RULES[r].title if r in RULES else r, r, n) for r, n in by_rule],
            "payments": restrict(Payment.objects.all(), user, VIEW).count(),
            "batches": ImportBatch.objects.select_related("imported_by")[:5] if is_finance(user) else [],
            "today": timezone.localdate(),
        }
        return TemplateResponse(request, "monitoring/overview.html", context)


# ---------------------------------------------------------------- import (M1)

class ImportsView(ImportView):
    """Upload → preview (or the list of errors, the file rejected) → confirm; then screening."""

    permission_required = Perm.MANAGE_MONITORING
    template_name = "monitoring/imports.html"
    form_class = forms.ImportForm
    confirm_form_class = forms.ConfirmImportForm

    def import_kind(self, data):
        return data["kind"]

    def form_initial(self, kind):
        return {"kind": kind}

    def page_context(self):
        return {"title": _("监控数据导入"),
                "page": Paginator(ImportBatch.objects.select_related("imported_by"), 25).get_page(
                    self.request.GET.get("page")),
                "columns": [(label, "、".join(c.header + ("" if c.required else _("（可选）"))
                                             for c in importing.COLUMNS[k]))
                            for k, label in ImportBatch.Kind.choices],
                "payments": Payment.objects.count(),
                "open_doubts": Doubt.objects.filter(status__in=[Doubt.Status.PENDING,
                                                                Doubt.Status.VERIFYING]).count()}

    def other_post(self, op):
        if op != "screen":
            raise Http404
        result = services.screen(by=self.request.user)
        messages.success(self.request, _("筛查完成：发现 {f} 项预警，新增疑点 {n} 个。").format(
            f=result["findings"], n=result["new_doubts"]))
        return redirect("monitoring:imports")

    def done(self, filename, batch):
        messages.success(self.request, _("已导入“{name}”：共 {rows} 行，新增 {created} 条，已存在 {skipped} 条。")
                         .format(name=filename, rows=batch.rows, created=batch.created, skipped=batch.skipped))
        return redirect("monitoring:imports")


# ---------------------------------------------------------------- lists


class MonitoringList(ScopedListView):
    template_name = "monitoring/list.html"
    permission_required = VIEW
    export_permission = Perm.EXPORT_MONITORING


class PaymentListView(MonitoringList):
    model = Payment
    table_class = PaymentTable
    filterset_class = PaymentFilter
    title = gettext_lazy("支付数据")

    def base_queryset(self):
        return Payment.objects.prefetch_related(Prefetch("doubts", Doubt.objects.order_by("rule")))


class DoubtListView(MonitoringList):
    model = Doubt
    table_class = DoubtTable
    filterset_class = DoubtFilter
    title = gettext_lazy("监控疑点")

    def base_queryset(self):
        return Doubt.objects.select_related("payment", "assignee")


class CaseListView(MonitoringList):
    model = Case
    table_class = CaseTable
    filterset_class = CaseFilter
    title = gettext_lazy("监控处理单")

    def base_queryset(self):
        return Case.objects.select_related("doubt__payment")


# ---------------------------------------------------------------- a doubt (Art. 10–14)


class DoubtView(OpsPage):
    template_name = "monitoring/doubt.html"
    ops = {
        "assign": Op(gettext_lazy("分配核实人"), forms.AssignForm,
                     lambda d, o, u: services.doubt_assign(by=u, doubt=o, assignee=d["assignee"]), step="assign"),
        "verify": Op(gettext_lazy("记录核实情况"), forms.VerifyForm,
                     lambda d, o, u: services.doubt_verify(by=u, doubt=o, method=d["method"], record=d["record"],
                                                           contact=d["contact"], files=d["files"], on=d["on"]),
                     multipart=True, step="verify"),
        "confirm": Op(gettext_lazy("确认违规，制作监控处理单"), forms.ConcludeForm,
                      lambda d, o, u: services.doubt_conclude(by=u, doubt=o, confirmed=True,
                                                              conclusion=d["conclusion"]),
                      step="confirm"),
        "dismiss": Op(gettext_lazy("排除疑点"), forms.ConcludeForm,
                      lambda d, o, u: services.doubt_conclude(by=u, doubt=o, confirmed=False,
                                                              conclusion=d["conclusion"]),
                      step="dismiss"),
    }

    def get_object(self):
        qs = Doubt.objects.select_related("payment", "payment__payer", "assignee", "setting")
        return get_object_or_404(restrict(qs, self.request.user, VIEW), pk=self.kwargs["pk"])

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if request.POST.get("_op") == "confirm" and response.status_code == 302:
            case = Case.objects.filter(doubt_id=self.kwargs["pk"]).first()
            if case:
                return redirect("monitoring:case", pk=case.pk)
        return response

    def extra_context(self, doubt):
        rule = RULES.get(doubt.rule)
        return {"title": _("疑点 {v}").format(v=doubt.payment.voucher), "doubt": doubt, "payment": doubt.payment,
                "rule": rule, "case": _doubt_case(doubt),
                "verifications": doubt.verifications.select_related("by").prefetch_related("attachments"),
                "siblings": doubt.payment.doubts.exclude(pk=doubt.pk),
                "trail": _trail(doubt)}


# ---------------------------------------------------------------- a 监控处理单 (Art. 15–17)


def _act(kind):
    def run(d, case, user):
        services.case_act(by=user, case=case, kind=kind, text=d["text"], deadline=d.get("deadline"),
                          score=d.get("score"), files=d.get("files") or ())
    return run


def _may_act(kind):
    def available(case, user):
        return kind in (services.UNIT_ACTIONS if case.party == Case.Party.UNIT else services.BANK_ACTIONS)
    return available


def _hint(kind) -> str:
    if kind in services.AFTER_DEADLINE:
        return gettext_lazy("第十五条第四项：适用于书面整改意见期限届满仍未落实整改的情形。")
    if kind == HandlingAction.Kind.WRITTEN_OPINION:
        return gettext_lazy("第十五条第三项：限期整改，预算单位须提交书面整改结果和佐证材料。")
    return ""


GRADED = [k for k in HandlingAction.Kind if k not in (HandlingAction.Kind.RESULT, HandlingAction.Kind.REVIEW)]


class CaseView(OpsPage):
    template_name = "monitoring/case.html"
    ops = {
        **{kind.value: Op(kind.label, forms.action_form(kind.value), _act(kind.value), _may_act(kind.value),
                          multipart=True, hint=_hint(kind), step="act") for kind in GRADED},
        "result": Op(gettext_lazy("报送整改结果"), forms.ResultForm,
                     lambda d, o, u: services.case_submit_result(by=u, case=o, text=d["text"], files=d["files"]),
                     multipart=True, step="submit_result"),
        "review": Op(gettext_lazy("审核整改结果"), forms.ReviewForm,
                     lambda d, o, u: services.case_review(by=u, case=o, accepted=d["decision"] == "accept",
                                                          note=d["note"]),
                     step="close"),
    }

    def get_object(self):
        qs = Case.objects.select_related("doubt", "doubt__payment", "doubt__payment__payer", "doubt__assignee")
        return get_object_or_404(restrict(qs, self.request.user, VIEW), pk=self.kwargs["pk"])

    def extra_context(self, case):
        return {"title": _("监控处理单 {n}").format(n=case.number), **case_context(case),
                "trail": _trail(case.doubt)}


def case_context(case: Case) -> dict:
    doubt = case.doubt
    actions = list(case.actions.select_related("by").prefetch_related("attachments"))
    return {"case": case, "doubt": doubt, "payment": doubt.payment, "rule": RULES.get(doubt.rule),
            "actions": actions, "verifications": list(doubt.verifications.select_related("by")),
            "overdue": (case.status == Case.Status.OPEN and case.deadline is not None
                        and case.deadline < timezone.localdate()),
            "opinion": next((a for a in reversed(actions) if a.kind == HandlingAction.Kind.WRITTEN_OPINION), None)}


class CaseFormView(CaseView):
    """The 监控处理单 as a printable page."""

    template_name = "monitoring/case_form.html"
    ops = {}

    def post(self, request, *args, **kwargs):
        raise Http404


class CaseDocxView(CaseView):
    """The 监控处理单 (default) or, with ``?doc=opinion``, the 书面整改意见 as a .docx."""

    def get(self, request, *args, **kwargs):
        case = self.get_object()
        if request.GET.get("doc") == "opinion":
            opinion = case.actions.filter(kind=HandlingAction.Kind.WRITTEN_OPINION).order_by("-on", "-id").first()
            if opinion is None:
                raise Http404
            content, filename = documents.opinion_docx(case, opinion), f"书面整改意见_{case.number}.docx"
        else:
            content, filename = documents.case_docx(case), f"监控处理单_{case.number}.docx"
        audit.record(actor=request.user, action=audit.Action.EXPORT, obj=case,
                     after={"docx": request.GET.get("doc") or "case"})
        return download(content, filename, DOCX_MIME)

    def post(self, request, *args, **kwargs):
        raise Http404


class AttachmentView(RoleRequiredMixin, View):
    permission_required = VIEW

    def get(self, request, pk):
        att = get_object_or_404(Attachment.objects.select_related("verification", "action__case"), pk=pk)
        doubt_id = att.verification.doubt_id if att.verification_id else att.action.case.doubt_id
        if not restrict(Doubt.objects.filter(pk=doubt_id), request.user, VIEW).exists():
            raise Http404
        return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)


# ---------------------------------------------------------------- rule settings (M2)


def _save_rule(rule_id):
    def run(d, obj, user):
        services.rule_setting_save(by=user, rule=rule_id, valid_from=d["valid_from"], severity=d["severity"],
                                   enabled=d["enabled"], params=forms.params_from(rule_id, d), note=d["note"])
    return run


class RulesView(OpsPage):
    template_name = "monitoring/rules.html"
    ops = {f"rule_{r.id}": Op(gettext_lazy("新增设置版本"), forms.rule_setting_form(r.id), _save_rule(r.id),
                              lambda o, u: is_finance(u)) for r in RULES.values()}

    def get_object(self):
        """The version of each rule in force today."""
        services.rule_settings_ensure()
        today = timezone.localdate()
        current = {}
        for s in RuleSetting.objects.filter(valid_from__lte=today).order_by("rule", "-valid_from"):
            current.setdefault(s.rule, s)
        return current

    def extra_context(self, current):
        history = {}
        for s in RuleSetting.objects.select_related("created_by").order_by("rule", "-valid_from"):
            labels = RULES[s.rule].param_labels if s.rule in RULES else {}
            s.params_text = "；".join(f"{labels.get(k, k)}：{services.shown(v)}" for k, v in s.params.items())
            history.setdefault(s.rule, []).append(s)
        rows = []
        for rule in RULES.values():
            setting = current.get(rule.id)
            params = {**rule.params, **(setting.params if setting else {})}
            rows.append({"rule": rule, "setting": setting, "history": history.get(rule.id, []),
                         "params": [(rule.param_labels.get(k, k), "、".join(v) if isinstance(v, list) else v)
                                    for k, v in params.items()]})
        return {"title": _("预警规则设置"), "rows": rows}

    def finish(self, context):
        by_name = {op["name"]: op for op in context["ops"]}
        for row in context["rows"]:
            row["op"] = by_name.get(f"rule_{row['rule'].id}")
        context["ops"] = []
        context["refused_rule"] = next((op["name"] for op in by_name.values() if op["form"].is_bound), "")


overview = OverviewView.as_view()
imports = ImportsView.as_view()
payments = PaymentListView.as_view()
doubts = DoubtListView.as_view()
doubt = DoubtView.as_view()
cases = CaseListView.as_view()
case = CaseView.as_view()
case_form = CaseFormView.as_view()
case_docx = CaseDocxView.as_view()
attachment = AttachmentView.as_view()
rules = RulesView.as_view()

__all__ = ["overview", "imports", "payments", "doubts", "doubt", "cases", "case", "case_form", "case_docx",
           "attachment", "rules"]
