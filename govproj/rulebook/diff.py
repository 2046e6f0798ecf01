"""Side-by-side comparison of two versions of a measure, article by article.

Articles are renumbered between versions (the 2023 measures have 38, the 2024 ones 37), so
articles are paired by text similarity in order, not by number.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Article

PAIR_THRESHOLD = 0.35


@dataclass
class Row:
    left: Article | None
    right: Article | None
    left_html: str
    right_html: str
    ratio: float

    @property
    def changed(self) -> bool:
        return self.left is None or self.right is None or self.left.text != self.right.text


def _marked(a: str, b: str) -> tuple[str, str]:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    left, right = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append(escape(a[i1:i2]))
            right.append(escape(b[j1:j2]))
            continue
        if i2 > i1:
            left.append(f"<del>{escape(a[i1:i2])}</del>")
        if j2 > j1:
            right.append(f"<ins>{escape(b[j1:j2])}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))


def _similarity(a: str, b: str) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < PAIR_THRESHOLD or matcher.quick_ratio() < PAIR_THRESHOLD:
        return 0.0
    return matcher.ratio()


def compare(left: list[Article], right: list[Article]) -> list[Row]:
    """Pair each article with its most similar counterpart after the previous pair (order kept)."""
    rows: list[Row] = []
    j = 0
    for art in left:
        best, best_ratio = None, PAIR_THRESHOLD
        for k in range(j, min(len(right), j + 6)):
            ratio = _similarity(art.text, right[k].text)
            if ratio > best_ratio:
                best, best_ratio = k, ratio
        if best is None:
            rows.append(Row(art, None, escape(art.text), "", 0.0))
            continue
        for k in range(j, best):
            rows.append(Row(None, right[k], "", escape(right[k].text), 0.0))
        lhtml, rhtml = _marked(art.text, right[best].text)
        rows.append(Row(art, right[best], lhtml, rhtml, best_ratio))
        j = best + 1
    rows.extend(Row(None, r, "", escape(r.text), 0.0) for r in right[j:])
    return rows
