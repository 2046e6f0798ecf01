"""Chinese full-text search over the regulation library.

Portable by design: terms come from jieba's search-mode segmentation, candidates are narrowed
with ``contains`` lookups that SQLite and PostgreSQL both run, and ranking happens in Python
over that short list. The library holds a few thousand articles, so this stays fast without a
database-specific full-text index.
"""

import re
from dataclasses import dataclass

import jieba
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Article, Document

jieba.setLogLevel(60)
_PUNCT = re.compile(r"^[\W_]+$")
MAX_RESULTS = 50


def query_terms(query: str) -> list[str]:
    """Search terms: the whole query plus jieba's words, longest first, without punctuation or duplicates."""
    query = re.sub(r"\s+", "", query)
    if not query:
        return []
    words = {w for w in jieba.cut_for_search(query) if w and not _PUNCT.match(w)}
    words.add(query)
    return sorted(words, key=lambda w: (-len(w), w))


def highlight(text: str, terms: list[str], *, around: int | None = None) -> str:
    """Escape ``text`` and wrap every term in <mark>; with ``around``, cut a snippet at the first hit."""
    if around is not None:
        # Centre on the longest term present (terms come longest first), i.e. the phrase if it occurs.
        first = next((text.find(t) for t in terms if t in text), 0)
        start = max(0, first - around)
        end = start + 2 * around + (len(terms[0]) if terms else 0)
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms))
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


@dataclass
class Hit:
    document: Document
    article: Article | None
    score: float
    snippet: str
    title: str


def _score(text: str, phrase: str, words: list[str]) -> float:
    return 100 * text.count(phrase) + sum(text.count(w) * len(w) for w in words)


def search(query: str, documents=None) -> tuple[list[str], list[Hit]]:
    """Articles and documents matching ``query``, best first: exact phrase, then word coverage, current versions first."""
    terms = query_terms(query)
    if not terms:
        return [], []
    phrase = re.sub(r"\s+", "", query)
    words = [t for t in terms if t != phrase] or [phrase]
    documents = documents if documents is not None else Document.objects.all()
    all_words = Q()
    for w in words:
        all_words &= Q(text__contains=w)
    articles = Article.objects.filter(all_words, document__in=documents).select_related("document")
    hits = [
        Hit(a.document, a, _score(a.text, phrase, words), highlight(a.text, terms, around=60),
            highlight(a.document.title, terms))
        for a in articles[:500]
    ]
    title_q = Q()
    for w in words:
        title_q &= Q(title__contains=w) | Q(number__contains=w)
    for doc in documents.filter(title_q)[:100]:
        hits.append(Hit(doc, None, 2 * _score(doc.title + doc.number, phrase, words),
                        highlight(doc.body[:200], terms), highlight(doc.title, terms)))
    hits.sort(key=lambda h: (-h.score, h.document.status != "current", h.document.number,
                             h.article.number if h.article else 0))
    return terms, hits[:MAX_RESULTS]
