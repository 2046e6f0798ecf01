"""The money fields every funds model uses: amounts to the fen, percentages, who did it."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from govproj.rulebook.vocabulary import FUND_CHANGES, FUNDING_KINDS

CENT = Decimal("0.01")


def money(value) -> Decimal:
    """Yuan to the fen, rounding half up (the convention of Chinese fiscal accounting)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


MONEY = {"max_digits": 16, "decimal_places": 2, "default": Decimal("0"),
         "validators": [MinValueValidator(Decimal("0"))]}
POSITIVE = {"max_digits": 16, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0.01"))]}
PERCENT = {"max_digits": 5, "decimal_places": 2,
           "validators": [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]}

FundingKind = models.TextChoices("FundingKind", [(k.upper(), (k, v)) for k, v in FUNDING_KINDS.items()])
FundChange = models.TextChoices("FundChange", [(k.upper(), (k, v)) for k, v in FUND_CHANGES.items()])


def by_user(related_name="+"):
    return models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name=related_name,
                             verbose_name=_("经办人"))
