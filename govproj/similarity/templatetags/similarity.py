"""The comparison panel rendered inside the project page.

Rendered with the page rather than fetched after it: an extra request on every page load would outlive
the page when people switch accounts in one browser, and its answer would bring the previous session's
cookie back.
"""

from django import template

from ..views import panel_context

register = template.Library()


@register.inclusion_tag("similarity/_panel.html", takes_context=True)
def similarity_panel(context):
    return panel_context(context["request"], context["project"])
