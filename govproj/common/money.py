"""Amounts as finance offices write them: yuan to the fen, thousands grouped (1,234,567.80)."""

from decimal import Decimal


def yuan(value) -> str:
    """One spelling of an amount for documents, tables, exports and messages alike.

    No amount (``None``) reads as 0.00: a document's row of an unpaid or unverified amount still needs a figure.
    """
    return f"{Decimal(value or 0):,.2f}"

