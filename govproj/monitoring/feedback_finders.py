"""The finders that hold the agent banks' feedback against the payment instructions (Art. 9 (二) 2–3)."""

from decimal import Decimal

from django.db.models import Exists, F, FloatField, Func, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .finders import local_text, yuan
from .models import BankFeedback


def _feedback(field: str):
    return Subquery(BankFeedback.objects.filter(voucher=OuterRef("voucher")).values(field)[:1])


FEEDBACK_ELEMENTS = (("amount", gettext_lazy("金额")), ("payee_account", gettext_lazy("收款人账号")),
                     ("payee_name", gettext_lazy("收款人名称")))


class HoursBetween(Func):
    """Hours from one moment to another, in the database: SQLite has no interval arithmetic of its own
    (Django's would call back into Python for every row), so it uses its built-in julianday()."""

    output_field = FloatField()

    def __init__(self, start, end):
        super().__init__(end, start)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="((julianday(%(expressions)s)) * 24)",
                           arg_joiner=") - julianday(", **extra)

    def as_sql(self, compiler, connection, **extra):
        extra.setdefault("template", "(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600)")
        extra.setdefault("arg_joiner", " - ")
        return super().as_sql(compiler, connection, **extra)


def find_bank_feedback_mismatch(scoped, params):
    fields = [f for f, _label in FEEDBACK_ELEMENTS]
    differs = Q()
    for field in fields:
        differs |= ~Q(**{field: OuterRef(field)})
    rows = (scoped.filter(Exists(BankFeedback.objects.filter(differs, voucher=OuterRef("voucher"))))
            .annotate(**{f"fb_{f}": _feedback(f) for f in fields}, fb_bank=_feedback("bank"))
            .values_list("id", "voucher", "fb_bank", *fields, *(f"fb_{f}" for f in fields)))
    for pk, voucher, bank, *values in rows:
        ordered, reported = values[:len(fields)], values[len(fields):]
        parts = []
        for (field, label), mine, theirs in zip(FEEDBACK_ELEMENTS, ordered, reported, strict=True):
            if mine != theirs:
                show = yuan if field == "amount" else str
                parts.append(_("{label}：支付指令为 {mine}，银行反馈为 {theirs}").format(
                    label=label, mine=show(mine), theirs=show(theirs)))
        yield pk, voucher, _("{bank}反馈信息与支付指令不一致——{parts}").format(bank=bank, parts="；".join(parts))


# Moments are kept to the second, and julianday() differences carry rounding far below it: "more than N hours"
# means more than N hours and half a second.
HALF_SECOND = 0.5 / 3600


def find_late_payment(scoped, params):
    hours = Decimal(str(params["max_hours"]))
    late = BankFeedback.objects.alias(taken=HoursBetween(OuterRef("paid_at"), F("executed_at"))).filter(
        voucher=OuterRef("voucher"), taken__gt=float(hours) + HALF_SECOND)
    rows = (scoped.filter(Exists(late)).annotate(executed_at=_feedback("executed_at"), fb_bank=_feedback("bank"))
            .values_list("id", "voucher", "paid_at", "executed_at", "fb_bank"))
    for pk, voucher, paid_at, executed_at, bank in rows:
        taken = Decimal((executed_at - paid_at).total_seconds()) / 3600
        yield pk, voucher, _("支付指令于 {paid} 发出，{bank}于 {done} 才完成支付，用时 {taken} 小时，超过 {limit} 小时时限").format(
            paid=local_text(paid_at), bank=bank, done=local_text(executed_at), taken=f"{taken:.1f}", limit=f"{hours:g}")
