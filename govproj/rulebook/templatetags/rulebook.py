from django import template
from django.urls import reverse

from govproj.rulebook.gazette import cn_to_int

register = template.Library()


@register.filter
def article_url(citation) -> str:
    """Link to the cited article's anchor, from a Citation or from its ``{document, article}`` dict."""
    if isinstance(citation, dict):
        number = cn_to_int(citation["article"].removeprefix("第").removesuffix("条"))
        document = citation["document"]
    else:
        number, document = citation.article, citation.document
    return reverse("rulebook:document", args=[document]) + f"#art-{number}"


@register.inclusion_tag("rulebook/_finding.html")
def finding(item):
    return {"f": item}
