"""The catalogue card on the project page, rendered in the page's own request.

Not loaded by htmx like other cards: a second concurrent request from the same page buys nothing here,
since the page has already judged the rules and the card only adds the catalogue's two queries.
"""

from django import template

from ..selectors import catalogue_card

register = template.Library()


@register.inclusion_tag("sharing/_panel.html", takes_context=True)
def sharing_panel(context, project, result):
    return catalogue_card(project, result, context["request"].user)
