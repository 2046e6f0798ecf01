"""``{{ amount|yuan }}``: the pages print an amount as documents and exports do."""

from django import template

from govproj.common.money import yuan as spell

register = template.Library()


@register.filter
def yuan(value) -> str:
    """Blank for no amount, so that ``|default:"—"`` still marks it on the page."""
    if value is None or value == "":
        return ""
    return spell(value)
