"""What the project models share: money fields and the cross-field checks their ``clean()`` make."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator

MONEY = {"max_digits": 16, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


def not_before(errors: dict, later, earlier, field: str, message) -> None:
    """Add ``message`` under ``field`` when both dates are known and ``later`` comes before ``earlier``."""
    if later is not None and earlier is not None and later < earlier:
        errors[field] = message


def raise_errors(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)
