"""Set-based screening: each warning rule is one or a few queries over the payments, never a loop per payment.

``screen(payments)`` judges every payment by the rule settings in force on its payment date
(``RuleSetting`` versions) and returns the findings; ``services.screen`` turns them into doubts.
The finders live in ``finders`` (the treasury's own records) and ``feedback_finders`` (the agent banks'
feedback); ``FINDERS`` says which finder judges which rule.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from . import feedback_finders, finders
from .finders import midnight
from .models import RuleSetting
from .rules import RULES


@dataclass(frozen=True)
class Finding:
    payment_id: int
    voucher: str
    rule: str
    severity: str
    message: str
    citation: str
    setting_id: int

    def as_dict(self) -> dict:
        return {"voucher": self.voucher, "rule": self.rule, "severity": self.severity, "message": self.message,
                "citation": self.citation}


def _periods(rule_id: str):
    """(setting, start, end) for each version of the rule: payments with start <= paid_at < end."""
    versions = list(RuleSetting.objects.filter(rule=rule_id).order_by("valid_from"))
    for i, setting in enumerate(versions):
        start = midnight(setting.valid_from) if i else None
        end = midnight(versions[i + 1].valid_from) if i + 1 < len(versions) else None
        yield setting, start, end


# FINDERS[rule_id](payments, params) -> iterable of (payment_id, voucher, message).
FINDERS: dict = {
    "large_amount": finders.find_large_amount,
    "over_indicator": finders.find_over_indicator,
    "over_plan": finders.find_over_plan,
    "subject_mismatch": finders.find_subject_mismatch,
    "own_account_transfer": finders.find_own_account_transfer,
    "advance_repayment": finders.find_advance_repayment,
    "cash_withdrawal": finders.find_cash_withdrawal,
    "prohibited_use": finders.find_prohibited_use,
    "year_end_rush": finders.find_year_end_rush,
    "unregistered_payee_account": finders.find_unregistered_payee_account,
    "split_payment": finders.find_split_payment,
    "no_fiscal_review": finders.find_no_fiscal_review,
    "bank_feedback_mismatch": feedback_finders.find_bank_feedback_mismatch,
    "late_payment": feedback_finders.find_late_payment,
}
assert set(FINDERS) == set(RULES), "every warning rule needs a finder"


def screen(payments: QuerySet) -> list[Finding]:
    findings = []
    for rule_id, rule in RULES.items():
        finder = FINDERS[rule_id]
        for setting, start, end in _periods(rule_id):
            if not setting.enabled:
                continue
            scoped = payments.order_by()  # the model's default ordering would walk the paid_at index row by row
            if start:
                scoped = scoped.filter(paid_at__gte=start)
            if end:
                scoped = scoped.filter(paid_at__lt=end)
            params = {**rule.params, **setting.params}
            for payment_id, voucher, message in finder(scoped, params):
                findings.append(Finding(payment_id, voucher, rule_id, setting.severity, str(message),
                                        rule.citation_label, setting.pk))
    return findings
