"""The special fund's ledger, from the yearly pool to each payment (spec §3, F1–F11).

Running totals are kept on the rows they bound (a year's pool, a project's allocation, a
contract) so that the database itself refuses an overspend: each row carries a check constraint
``pool ≥ allocated``, ``allocated ≥ contracted ≥ paid``, ``contract ≥ paid``, and every service
moves them with one conditional ``UPDATE … SET x = x + n`` — two payments racing for the same
money cannot both pass. The detail rows (pool lines, payments, recoveries, adjustments) are the
ledger; the totals are checked against them in the tests.
"""

from .base import CENT, MONEY, PERCENT, POSITIVE, FundChange, FundingKind, money
from .changes import Adjustment, ContentChange, Recovery
from .ledger import Allocation, Application, ArrangementPlan, Call, FundDocument, FundYear, PlanLine, PoolLine
from .oversight import FundReport, NonCompliance, PerformanceEvaluation
from .spending import Contract, Payment, SpendingPlan

__all__ = [
    "Adjustment", "Allocation", "Application", "ArrangementPlan", "CENT", "Call", "ContentChange", "Contract",
    "FundChange", "FundDocument", "FundReport", "FundYear", "FundingKind", "MONEY", "NonCompliance", "PERCENT",
    "POSITIVE", "Payment", "PerformanceEvaluation", "PlanLine", "PoolLine", "Recovery", "SpendingPlan", "money",
]
