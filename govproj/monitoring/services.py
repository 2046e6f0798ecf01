"""Payment monitoring: importing the treasury's files, screening, verifying doubts, handling violations.

Every step is checked by ``common.workflow.check`` and every state change goes through ``common.workflow.move``
(the machines in ``states``); each is audited and notifies the people who act next. Finance (市财政局) runs
monitoring (Art. 5, 20); a budget unit sees and answers the cases about its own payments (Art. 22).
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govproj.accounts.models import User
from govproj.audit import services as audit
from govproj.common import workflow
from govproj.common.dates import on_or_today
from govproj.common.errors import WorkflowError, invalid
from govproj.common.files import check_file
from govproj.common.importing import Importer
from govproj.common.notify import notify
from govproj.common.roles import Perm
from govproj.common.scoping import restrict
from govproj.orgs.models import Organisation, OrganisationKind

from . import importing, screening
from .models import (
    Attachment,
    BankAccount,
    BankFeedback,
    Case,
    Doubt,
    HandlingAction,
    ImportBatch,
    Indicator,
    Payment,
    RuleSetting,
    SpendingPlan,
    Verification,
)
from .rules import BASELINE, RULES
from .states import MACHINES, UNIT

MODELS = {ImportBatch.Kind.PAYMENTS: Payment, ImportBatch.Kind.INDICATORS: Indicator,
          ImportBatch.Kind.PLANS: SpendingPlan, ImportBatch.Kind.ACCOUNTS: BankAccount,
          ImportBatch.Kind.FEEDBACK: BankFeedback}
UNIT_ACTIONS = {HandlingAction.Kind.PHONE_NOTICE, HandlingAction.Kind.CORRECT, HandlingAction.Kind.WRITTEN_OPINION,
                HandlingAction.Kind.SUSPEND_PLAN, HandlingAction.Kind.SUSPEND_FUNDS,
                HandlingAction.Kind.REVOKE_ACCOUNT, HandlingAction.Kind.CIRCULATE, HandlingAction.Kind.REFER}
BANK_ACTIONS = {HandlingAction.Kind.BANK_REFUND, HandlingAction.Kind.BANK_TRANSMISSION,
                HandlingAction.Kind.BANK_SCORE, HandlingAction.Kind.CIRCULATE, HandlingAction.Kind.REFER}
# Art. 15 (四): these measures follow a written opinion whose deadline passed unanswered.
AFTER_DEADLINE = {HandlingAction.Kind.SUSPEND_PLAN, HandlingAction.Kind.SUSPEND_FUNDS,
                  HandlingAction.Kind.REVOKE_ACCOUNT, HandlingAction.Kind.CIRCULATE}


def _require(by, perm: Perm, label: str) -> None:
    if not by.has_perm(perm.full):
        raise PermissionDenied(_("您无权{label}。").format(label=label))


def _finance(by, label: str) -> None:
    _require(by, Perm.MANAGE_MONITORING, label)


# The business a refusal names (“您无权……”), by step of ``states.MACHINES``.
_REFUSAL_LABELS = {"assign": gettext_lazy("分配疑点"), "verify": gettext_lazy("核实疑点"),
                   "start": gettext_lazy("核实疑点"), "confirm": gettext_lazy("认定疑点"),
                   "dismiss": gettext_lazy("认定疑点"), "act": gettext_lazy("处理违规问题"),
                   "return": gettext_lazy("审核整改结果"), "close": gettext_lazy("审核整改结果")}


def policy(by, obj, step: str, on: date) -> None:
    """Who takes ``step`` on a doubt or form: finance, except the unit's answer to its own form (Art. 22 (四))."""
    if MACHINES[type(obj)][step].actor == UNIT:
        if not can_answer(by, obj):
            raise PermissionDenied(_("您无权报送该处理单的整改结果。"))
    else:
        _finance(by, _REFUSAL_LABELS[step])


def finance_staff():
    return [u for u in User.objects.filter(is_active=True, role_assignments__role="finance").distinct()]


def unit_staff(org: Organisation | None):
    if org is None:
        return []
    return list(User.objects.filter(is_active=True, organisation=org,
                                    role_assignments__role__in=["unit_staff", "unit_head"]).distinct())


# ---------------------------------------------------------------- import (M1, Art. 7)

def _organisation_index() -> dict[str, Organisation]:
    index = {}
    for org in Organisation.objects.all():
        index.setdefault(org.short_name, org)
        index[org.name] = org
    return index


@dataclass
class ImportPlan:
    """The preview of a treasury file: its records, and how many of them are on record already."""

    kind: str
    records: list[dict]
    existing: int

    @property
    def rows(self) -> int:
        return len(self.records)

    @property
    def new(self) -> int:
        return self.rows - self.existing

    @property
    def kind_label(self) -> str:
        return ImportBatch.Kind(self.kind).label

    @property
    def headers(self) -> list[str]:
        return [c.header for c in importing.COLUMNS[self.kind]]

    @property
    def table(self) -> list[list[str]]:
        """The first 20 records as the preview shows them."""
        return [[shown(r.get(c.field)) for c in importing.COLUMNS[self.kind]] for r in self.records[:20]]


def shown(value) -> str:
    """A value as the pages write it: local time to the second, ISO dates, a list joined with 、."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(value)
    return str(value)


def _chunks(records: list[dict]):
    for start in range(0, len(records), 5000):
        yield records[start:start + 5000]


class TreasuryImporter(Importer):
    """One kind of the treasury's files (Art. 7): a record already present (same voucher/code/account) is left as
    it is and counted as 已存在."""

    aliases = importing.HEADER_ALIASES
    max_rows_setting = "MONITORING_IMPORT_MAX_ROWS"

    def __init__(self, kind: str, build):
        self.kind, self.build = kind, build
        self.model, self.key = MODELS[kind], importing.KEYS[kind]
        self.headers = tuple(c.header for c in importing.COLUMNS[kind])
        self.required = tuple(c.header for c in importing.COLUMNS[kind] if c.required)

    def prepare(self, *, by, commit: bool):
        if by is not None:
            _finance(by, _("导入监控数据"))

    def _present(self, records: list[dict]) -> set:
        return set(self.model.objects.filter(**{f"{self.key}__in": [r[self.key] for r in records]})
                   .values_list(self.key, flat=True))

    def read(self, rows, *, target, errors):
        return importing.read(self.kind, rows, errors)

    def plan(self, records, *, target, errors):
        return ImportPlan(self.kind, records, sum(len(self._present(chunk)) for chunk in _chunks(records)))

    def apply(self, plan, *, by, target, filename, sha256):
        batch = ImportBatch.objects.create(kind=self.kind, filename=filename[:200], sha256=sha256, rows=plan.rows,
                                           imported_by=by)
        orgs = _organisation_index()
        created = 0
        for chunk in _chunks(plan.records):
            present = self._present(chunk)
            objs = list(self.build([r for r in chunk if r[self.key] not in present], orgs=orgs, batch=batch, by=by))
            self.model.objects.bulk_create(objs, batch_size=1000)
            created += len(objs)
        batch.created, batch.skipped = created, plan.rows - created
        batch.save(update_fields=["created", "skipped"])
        return batch

    def audit_entry(self, batch, *, target, filename):
        return {"obj": batch, "after": {"kind": self.kind, "rows": batch.rows, "created": batch.created,
                                        "skipped": batch.skipped}}


def _plain_rows(records, *, orgs, batch, by):
    model = MODELS[batch.kind]
    for r in records:
        yield model(**r, batch=batch)


def _indicator_rows(records, *, orgs, batch, by):
    for r in records:
        yield Indicator(**r, unit=orgs.get(r["unit_name"]), batch=batch)


def _payment_rows(records, *, orgs, batch, by):
    banks = dict(BankAccount.objects.filter(account__in={r["payer_account"] for r in records}).values_list(
        "account", "bank"))
    for r in records:
        yield Payment(**{**r, "agent_bank": r["agent_bank"] or banks.get(r["payer_account"], "")},
                      payer=orgs.get(r["payer_name"]), batch=batch)


def _account_rows(records, *, orgs, batch, by):
    """An account of a unit the platform does not know yet registers the unit too (the register is authoritative)."""
    for r in records:
        parent_name = r.pop("parent_name")
        unit = orgs.get(r["unit_name"])
        if unit is None:
            unit = _register_unit(r["unit_name"], orgs.get(parent_name) if parent_name else None, by)
            orgs[unit.name] = unit
        yield BankAccount(**{k: v for k, v in r.items() if k != "unit_name"}, unit=unit, batch=batch)


def _register_unit(name: str, parent: Organisation | None, by) -> Organisation:
    base = "bu-" + hashlib.sha1(name.encode()).hexdigest()[:10]
    org = Organisation.objects.create(code=base, name=name, short_name=name[:60], kind=OrganisationKind.MUNICIPAL_DEPT,
                                      parent=parent, source=_("银行账户登记导入"))
    audit.record(actor=by, action=audit.Action.CREATE, obj=org, after=audit.snapshot(org))
    return org


IMPORTERS = [TreasuryImporter(ImportBatch.Kind.PAYMENTS, _payment_rows),
             TreasuryImporter(ImportBatch.Kind.INDICATORS, _indicator_rows),
             TreasuryImporter(ImportBatch.Kind.PLANS, _plain_rows),
             TreasuryImporter(ImportBatch.Kind.ACCOUNTS, _account_rows),
             TreasuryImporter(ImportBatch.Kind.FEEDBACK, _plain_rows)]


# ---------------------------------------------------------------- rule settings (M2, Art. 9–10, 20 (二))

def rule_settings_ensure() -> None:
    """The defaults of every rule as its first version, so each payment date has a version in force."""
    have = set(RuleSetting.objects.filter(valid_from=BASELINE).values_list("rule", flat=True))
    RuleSetting.objects.bulk_create([
        RuleSetting(rule=r.id, valid_from=BASELINE, severity=r.severity, params=r.params, note=_("默认设置"))
        for r in RULES.values() if r.id not in have], ignore_conflicts=True)


@transaction.atomic
def rule_setting_save(*, by, rule: str, valid_from: date, severity: str, enabled: bool, params: dict,
                      note: str) -> RuleSetting:
    """A new version of a rule's settings; it judges payments dated from ``valid_from`` on."""
    _finance(by, _("调整预警规则"))
    if rule not in RULES:
        raise WorkflowError(_("未知的预警规则。"))
    if severity not in RuleSetting.Severity.values:
        raise WorkflowError(_("处理方式应为预警或拦截。"))
    if not note.strip():
        raise WorkflowError(_("请写明调整说明。"))
    unknown = set(params) - set(RULES[rule].params)
    if unknown:
        raise WorkflowError(_("规则没有参数：{names}。").format(names="、".join(sorted(unknown))))
    rule_settings_ensure()
    before_obj = RuleSetting.objects.filter(rule=rule, valid_from=valid_from).first()
    before = audit.snapshot(before_obj) if before_obj else None
    setting, _created = RuleSetting.objects.update_or_create(
        rule=rule, valid_from=valid_from,
        defaults={"severity": severity, "enabled": enabled, "params": {**RULES[rule].params, **params},
                  "note": note, "created_by": by})
    audit.record(actor=by, action=audit.Action.UPDATE if before else audit.Action.CREATE, obj=setting,
                 before=before, after=audit.snapshot(setting))
    return setting


# ---------------------------------------------------------------- screening → doubts (Art. 10)

@transaction.atomic
def screen(*, by, payments=None) -> dict:
    """Screen ``payments`` (all by default) and open a doubt for each new finding; re-screening adds only new ones."""
    if by is not None:
        _finance(by, _("筛查支付数据"))
    rule_settings_ensure()
    findings = screening.screen(Payment.objects.all() if payments is None else payments)
    before = Doubt.objects.count()
    Doubt.objects.bulk_create(
        [Doubt(payment_id=f.payment_id, rule=f.rule, setting_id=f.setting_id, severity=f.severity,
               message=f.message) for f in findings], batch_size=1000, ignore_conflicts=True)
    created = Doubt.objects.count() - before
    audit.record(actor=by, action=audit.Action.CREATE, object_type="monitoring.screening", object_id="",
                 object_repr=_("支付数据筛查"), after={"findings": len(findings), "new_doubts": created})
    if created:
        notify(finance_staff(), title=_("支付监控新增 {n} 个疑点待核实").format(n=created),
               url=reverse("monitoring:doubts") + "?status=pending")
    return {"findings": len(findings), "new_doubts": created}


# ---------------------------------------------------------------- verification (Art. 11–12)

def _valid(obj):
    """Save ``obj`` once the model's invariants hold; otherwise refuse the step with the model's reasons."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise invalid(exc) from exc
    obj.save()
    return obj


def _lock(model, obj):
    return model.objects.select_for_update(of=("self",)).get(pk=obj.pk)


@transaction.atomic
def doubt_assign(*, by, doubt: Doubt, assignee) -> Doubt:
    doubt = _lock(Doubt, doubt)
    workflow.check(by, doubt, "assign")
    if not assignee.has_perm(Perm.MANAGE_MONITORING.full):
        raise WorkflowError(_("核实人应为财政局监控人员。"))
    before = audit.snapshot(doubt)
    Doubt.objects.filter(pk=doubt.pk).update(assignee=assignee, lock_version=F("lock_version") + 1)
    doubt.refresh_from_db()
    audit.record_change(actor=by, obj=doubt, before=before)
    notify([assignee], title=_("请核实支付疑点 {v}").format(v=doubt.payment.voucher),
           url=reverse("monitoring:doubt", args=[doubt.pk]))
    return doubt


def _store_files(by, files: Iterable, **owner) -> list[Attachment]:
    stored = []
    for upload in files or ():
        name = check_file(upload)
        content = upload.read()
        digest = hashlib.sha256(content).hexdigest()
        att = Attachment(name=name, sha256=digest, size=len(content), uploaded_by=by, **owner)
        att.file.save(name, ContentFile(content), save=False)
        att.save()
        audit.record(actor=by, action=audit.Action.UPLOAD, obj=att,
                     after={"name": name, "sha256": digest, "size": len(content)})
        stored.append(att)
    return stored


@transaction.atomic
def doubt_verify(*, by, doubt: Doubt, method: str, record: str, contact: str = "", files: Iterable = (),
                 on: date | None = None) -> Verification:
    """One verification step with its written record; the first step starts verification."""
    doubt = _lock(Doubt, doubt)
    workflow.check(by, doubt, "verify", on)
    if method not in Verification.Method.values:
        raise WorkflowError(_("请选择核实方式。"))
    if not record.strip():
        raise WorkflowError(_("请填写核实记录。"))
    if doubt.status == Doubt.Status.PENDING:
        doubt = workflow.move(doubt, "start", by=by, **({} if doubt.assignee_id else {"assignee": by}))
    entry = _valid(Verification(doubt=doubt, method=method, on=on_or_today(on), contact=contact, record=record, by=by))
    audit.record(actor=by, action=audit.Action.CREATE, obj=entry, after=audit.snapshot(entry))
    _store_files(by, files, verification=entry)
    return entry


@transaction.atomic
def doubt_conclude(*, by, doubt: Doubt, confirmed: bool, conclusion: str, on: date | None = None) -> Doubt:
    """确认违规 opens the 监控处理单 (Art. 14, 17), numbered in the year of ``on``; 排除疑点 ends it. Both need
    a verification on file."""
    on = on_or_today(on)
    doubt = _lock(Doubt, doubt)
    step = "confirm" if confirmed else "dismiss"
    workflow.check(by, doubt, step, on)
    if not conclusion.strip():
        raise WorkflowError(_("请填写核实结论。"))
    if not doubt.verifications.exists():
        raise WorkflowError(_("尚无核实记录，不能认定（第十一条、第十二条）。"))
    doubt = workflow.move(doubt, step, by=by, conclusion=conclusion, concluded_at=timezone.now())
    if confirmed:
        rule = RULES[doubt.rule]
        payment = doubt.payment
        party_name = payment.agent_bank if rule.party == Case.Party.BANK else payment.payer_name
        case = Case.objects.create(doubt=doubt, number=f"JK{on.year}-{doubt.pk:06d}",
                                   party=rule.party, party_name=party_name or payment.payer_name)
        audit.record(actor=by, action=audit.Action.CREATE, obj=case, after=audit.snapshot(case))
        if rule.party == Case.Party.UNIT:
            notify(unit_staff(payment.payer), title=_("支付 {v} 经核实违规，请按要求整改").format(v=payment.voucher),
                   url=reverse("monitoring:case", args=[case.pk]))
    return doubt


# ---------------------------------------------------------------- handling (Art. 14–17)

@transaction.atomic
def case_act(*, by, case: Case, kind: str, text: str, deadline: date | None = None, score=None,
             files: Iterable = (), on: date | None = None) -> HandlingAction:
    """A graded response of Art. 15 (budget units) or 16 (agent banks), in the order the articles give."""
    case = _lock(Case, case)
    on = on_or_today(on)
    workflow.check(by, case, "act", on)
    allowed = UNIT_ACTIONS if case.party == Case.Party.UNIT else BANK_ACTIONS
    if kind not in allowed:
        raise WorkflowError(_("“{kind}”不适用于{party}。").format(
            kind=HandlingAction.Kind(kind).label if kind in HandlingAction.Kind.values else kind,
            party=case.get_party_display()))
    if not text.strip():
        raise WorkflowError(_("请填写处理内容。"))
    if kind in AFTER_DEADLINE and case.party == Case.Party.UNIT:
        opinion = case.actions.filter(kind=HandlingAction.Kind.WRITTEN_OPINION).order_by("-on", "-id").first()
        if opinion is None or opinion.deadline >= on or case.status != Case.Status.OPEN:
            raise WorkflowError(_("暂缓批复用款计划、暂缓拨付资金、撤销账户和通报，适用于未在书面整改意见期限内落实整改的情形"
                                  "（第十五条第四项）。"))
    action = _valid(HandlingAction(case=case, kind=kind, on=on, text=text, deadline=deadline, score=score, by=by))
    audit.record(actor=by, action=audit.Action.DECISION, obj=action, after=audit.snapshot(action))
    _store_files(by, files, action=action)
    if deadline:
        before = audit.snapshot(case)
        Case.objects.filter(pk=case.pk).update(deadline=deadline, lock_version=F("lock_version") + 1)
        case.refresh_from_db()
        audit.record_change(actor=by, obj=case, before=before)
    if case.party == Case.Party.UNIT:
        notify(unit_staff(case.doubt.payment.payer), title=_("支付监控处理：{kind}").format(
            kind=action.get_kind_display()), url=reverse("monitoring:case", args=[case.pk]))
    return action


def can_answer(user, case: Case) -> bool:
    """The paying unit answers for its own case; finance may record an answer it received on paper."""
    if user.has_perm(Perm.MANAGE_MONITORING.full):
        return True
    return (case.party == Case.Party.UNIT and user.has_perm(Perm.RECTIFY_PAYMENTS.full)
            and restrict(Case.objects.filter(pk=case.pk), user, Perm.RECTIFY_PAYMENTS.value).exists())


@transaction.atomic
def case_submit_result(*, by, case: Case, text: str, files: Iterable = (), on: date | None = None) -> Case:
    """The written rectification result and its evidence (Art. 15 (三), 22 (四))."""
    case = _lock(Case, case)
    workflow.check(by, case, "submit_result", on)
    if not text.strip():
        raise WorkflowError(_("请填写整改结果。"))
    if not files and not by.has_perm(Perm.MANAGE_MONITORING.full):
        raise WorkflowError(_("请上传整改佐证材料。"))
    action = HandlingAction.objects.create(case=case, kind=HandlingAction.Kind.RESULT, on=on_or_today(on), text=text,
                                           by=by)
    audit.record(actor=by, action=audit.Action.CREATE, obj=action, after=audit.snapshot(action))
    _store_files(by, files, action=action)
    case = workflow.move(case, "submit_result", by=by)
    notify(finance_staff(), title=_("处理单 {n} 已报送整改结果").format(n=case.number),
           url=reverse("monitoring:case", args=[case.pk]))
    return case


@transaction.atomic
def case_review(*, by, case: Case, accepted: bool, note: str, on: date | None = None) -> Case:
    """Finance accepts the result and closes the form, or returns it as not rectified (Art. 15 (三))."""
    case = _lock(Case, case)
    step = "close" if accepted else "return"
    workflow.check(by, case, step, on)
    if not note.strip():
        raise WorkflowError(_("请填写审核意见。"))
    action = HandlingAction.objects.create(case=case, kind=HandlingAction.Kind.REVIEW, on=on_or_today(on),
                                           text=(_("整改到位：") if accepted else _("整改未到位：")) + note, by=by)
    audit.record(actor=by, action=audit.Action.DECISION, obj=action, after=audit.snapshot(action))
    closing = {"closed_at": timezone.now(), "closing_note": note} if accepted else {}
    case = workflow.move(case, step, by=by, **closing)
    if case.party == Case.Party.UNIT:
        notify(unit_staff(case.doubt.payment.payer), title=_("处理单 {n}：{r}").format(
            n=case.number, r=_("已办结") if accepted else _("整改未通过，请继续整改")),
            url=reverse("monitoring:case", args=[case.pk]))
    return case


def overdue_cases(on: date | None = None):
    """Open forms whose written-opinion deadline has passed: candidates for the Art. 15 (四) measures."""
    return Case.objects.filter(status=Case.Status.OPEN, deadline__lt=on_or_today(on))


def escalate_overdue(on: date | None = None) -> int:
    """Daily: remind finance and the unit of each overdue form once per day."""
    on = on_or_today(on)
    sent = 0
    for case in overdue_cases(on).select_related("doubt__payment__payer"):
        url = reverse("monitoring:case", args=[case.pk])
        title = _("处理单 {n} 已超过整改期限 {d}").format(n=case.number, d=case.deadline.isoformat())
        key = f"monitoring-overdue-{case.pk}-{on.isoformat()}"
        sent += notify(finance_staff(), title=title, body=_("可依第十五条第四项采取暂缓批复用款计划、暂缓拨付资金等措施。"),
                       url=url, dedupe_key=key)
        sent += notify(unit_staff(case.doubt.payment.payer), title=title, url=url, dedupe_key=key)
    return sent
