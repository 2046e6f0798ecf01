"""Set-based screening: each warning rule is one or a few queries over the payments, never a loop per payment.

``screen(payments)`` judges every payment by the rule settings in force on its payment date
(``RuleSetting`` versions) and returns the findings; ``services.screen`` turns them into doubts.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from .models import Payment, RuleSetting
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
        start = timezone.make_aware(datetime.combine(setting.valid_from, time())) if i else None
        end = (timezone.make_aware(datetime.combine(versions[i + 1].valid_from, time()))
               if i + 1 < len(versions) else None)
        yield setting, start, end


# FINDERS[rule_id](payments, params) -> iterable of (payment_id, voucher, message); filled in below.
FINDERS: dict = {}


def screen(payments: QuerySet) -> list[Finding]:
    findings = []
    for rule_id, rule in RULES.items():
        finder = FINDERS[rule_id]
        for setting, start, end in _periods(rule_id):
            if not setting.enabled:
                continue
            scoped = payments
            if start:
                scoped = scoped.filter(paid_at__gte=start)
            if end:
                scoped = scoped.filter(paid_at__lt=end)
            params = {**rule.params, **setting.params}
            for payment_id, voucher, message in finder(scoped, params):
                findings.append(Finding(payment_id, voucher, rule_id, setting.severity, str(message),
                                        rule.citation_label, setting.pk))
    return findings


