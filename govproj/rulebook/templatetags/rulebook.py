from django import template
from django.urls import reverse

from govproj.rulebook.versions import Citation

register = template.Library()


@register.filter
def article_url(citation) -> str:
    """Link to the cited article's anchor, from a Citation or from its ``{document, article}`` dict; a part of a
    document without articles links to the document."""
    if isinstance(citation, dict):
        citation = Citation.from_dict(citation)
    url = reverse("rulebook:document", args=[citation.document])
    return url + f"#art-{citation.article}" if isinstance(citation.article, int) else url


@register.inclusion_tag("rulebook/_finding.html")
def finding(item):
    return {"f": item}
