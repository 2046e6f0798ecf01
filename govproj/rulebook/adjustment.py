"""Article 20: which procedure a change of a project's content must follow."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from govproj.orgs.selectors import short_names

from .versions import version_on

SCHEMA = {
    "approved_estimate": "decimal",
    "new_total": "decimal",
    "adjusted_amount": "decimal",
    "goals_unchanged": "bool",
    "reason": ("choice", [1, 2, 3, "1", "2", "3", "none"]),
    "decided_on": "date",
}
REQUIRED = ("approved_estimate", "new_total", "adjusted_amount", "goals_unchanged", "reason", "decided_on")


@dataclass
class AdjustmentDecision:
    path: str
    rulebook: str
    citation: dict
    body: str
    explanation: str

    def as_dict(self) -> dict:
        return {"path": self.path, "rulebook": self.rulebook, "citation": self.citation, "body": self.body,
                "explanation": self.explanation}


def decide_adjustment(*, approved_estimate: Decimal, new_total: Decimal, adjusted_amount: Decimal,
                      goals_unchanged: bool, reason, decided_on: date) -> AdjustmentDecision:
    """Art. 20: above the estimate → municipal consent and new FS/design; within it, a small change
    (≤ the ratio of the estimate, goals unchanged, one of the three listed reasons) is filed by
    the unit; any other change within the estimate needs a new preliminary design."""
    version = version_on(decided_on)
    lead = short_names([version.lead_department])[version.lead_department]
    citation = version.cite("adjustment").as_dict()
    limit = (approved_estimate * version.adjustment_max_ratio).quantize(Decimal("0.01"))
    listed_reason = str(reason) in {"1", "2", "3"}
    if new_total > approved_estimate:
        return AdjustmentDecision(
            "municipal_consent_and_redo_fs", version.document, citation,
            _("市人民政府（同意后报{lead}审批）").format(lead=lead),
            _("调整后投资 {new} 元超出概算批复 {est} 元：须报市人民政府同意后，重新编制可行性研究报告、初步设计方案报{lead}审批。").format(
                new=new_total, est=approved_estimate, lead=lead),
        )
    if goals_unchanged and adjusted_amount <= limit and listed_reason:
        return AdjustmentDecision(
            "unit_adjusts_and_files", version.document, citation, lead,
            _("未超出概算、建设目标不变、调整金额 {amt} 元不超过概算总投资的 15%（{limit} 元）且属第{reason}种情形：由项目建设单位调整，并向{lead}备案。").format(
                amt=adjusted_amount, limit=limit, reason=reason, lead=lead),
        )
    why = []
    if not goals_unchanged:
        why.append(_("建设目标发生变化"))
    if adjusted_amount > limit:
        why.append(_("调整金额 {amt} 元超过概算总投资的 15%（{limit} 元）").format(amt=adjusted_amount, limit=limit))
    if not listed_reason:
        why.append(_("不属于第二十条所列三种情形"))
    return AdjustmentDecision(
        "redo_preliminary_design", version.document, citation, lead,
        _("未超出概算，但{why}：须重新编报初步设计方案，并向{lead}提出调整申请。").format(why="、".join(why), lead=lead),
    )
