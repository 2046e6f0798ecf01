"""Parse gazette text (extracted from PDFs or web pages) into documents and articles.

Pure functions, no database: ``parse_gazette(text)`` returns what the text says, and the
service decides what to store. The extraction is irregular (broken lines, spaces inside
document numbers, half- and full-width brackets, repeated page headers), so every match
here is on normalised text.
"""

import re
from dataclasses import dataclass, field
from datetime import date

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUM = "零〇一二两三四五六七八九十百千"

_OPEN = re.escape("〔[［(（【")
_CLOSE = re.escape("〕]］)）】")
# 钦政办规〔2024〕1号, also "钦政发〔2023〕11 号", "钦政办[2019]5号", "钦政办（2019）5号".
DOC_NUMBER = re.compile(
    rf"([\u4e00-\u9fa5]{{1,10}}?)\s*[{_OPEN}]\s*((?:19|20)\d\d)\s*[{_CLOSE}]\s*(\d{{1,4}})\s*号"
)
_NUMBER_LINE = re.compile(
    rf"^[{_OPEN}]?\s*{DOC_NUMBER.pattern}\s*[{_CLOSE}]?\s*(?P<page>[{_OPEN}]\s*\d+\s*[{_CLOSE}])?$"
)
_DATE_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_ARTICLE = re.compile(rf"^第\s*([{_CN_NUM}]+)\s*条(?:\s+|(?=[\u4e00-\u9fa5“（(]))(.*)$")
_CHAPTER = re.compile(rf"^第\s*([{_CN_NUM}]+)\s*章\s*(.*)$")
_EFFECTIVE_ON = re.compile(r"自\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*起\s*(?:施行|执行|实施|生效)")
_EFFECTIVE_ON_ISSUE = re.compile(r"自\s*(?:发布|印发|公布)之日起\s*(?:施行|执行|实施|生效)")
_GAZETTE_ISSUE = re.compile(r"第\s*(\d+)\s*期\s*[(（]\s*总第\s*(\d+)\s*期\s*[)）]")
_PAGE_FURNITURE = re.compile(r"^(?:钦州市人民政府公报|QINZHOUSHIRENMINZHENGFUGONGBAO|[-—–－\s]*\d{1,3}[-—–－\s]*)$")

# Issuers named by the document-number prefix, used when the title does not name one.
_ISSUER_BY_PREFIX = {
    "钦政发": "钦州市人民政府",
    "钦政规": "钦州市人民政府",
    "钦政办": "钦州市人民政府办公室",
    "钦政办发": "钦州市人民政府办公室",
    "钦政办规": "钦州市人民政府办公室",
    "钦市财规": "钦州市财政局",
}


def cn_to_int(text: str) -> int:
    """Chinese numerals as used for article and chapter numbers (一 … 九十九, 一百零五 …)."""
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
    return total + current


def int_to_cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    head = digits[n // 100] + "百"
    if rest == 0:
        return head
    return head + ("零" + digits[rest] if rest < 10 else ("一" if rest < 20 else "") + int_to_cn(rest))


def article_label(n: int) -> str:
    return f"第{int_to_cn(n)}条"


def normalise_number(prefix: str, year: str, serial: str) -> str:
    return f"{prefix}〔{year}〕{int(serial)}号"


_LEADING_WORDS = re.compile(r"^(?:根据|依据|按照|参照|详见|以及|印发|和|及|与|或|的|见|据|经)+")


def find_numbers(text: str) -> list[str]:
    """Every document number cited in ``text``, normalised, in order of appearance."""
    found = []
    for m in DOC_NUMBER.finditer(_squash(text)):
        prefix, year, serial = m.groups()
        prefix = _LEADING_WORDS.sub("", prefix) or prefix
        found.append(normalise_number(prefix, year, serial))
    return found


def _squash(line: str) -> str:
    """Drop the spaces that PDF extraction puts between Chinese characters (and everywhere else)."""
    return re.sub(r"\s+", "", line)


@dataclass
class ParsedArticle:
    number: int
    chapter: str
    text: str

    @property
    def label(self) -> str:
        return article_label(self.number)


@dataclass
class ParsedDocument:
    number: str
    title: str
    issuer: str
    issued_on: date | None
    effective_on: date | None
    doc_type: str
    body: str
    articles: list[ParsedArticle] = field(default_factory=list)
    repeals: list[tuple[str, str]] = field(default_factory=list)  # (number, the sentence that says so)


@dataclass
class ParsedGazette:
    source: str
    documents: list[ParsedDocument]


def _clean_lines(text: str) -> list[str]:
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip().strip("\u3000\ufeff")
        if line and _PAGE_FURNITURE.match(_squash(line)):
            continue
        lines.append(line)
    return lines


_TITLE_ENDINGS = ("通知", "办法", "方案", "意见", "决定", "通告", "公告", "批复", "函", "规定", "细则", "规划")


def _title_before(lines: list[str], index: int) -> tuple[str, int]:
    """The title printed above the number line: one line, or two when the issuer stands on its own line."""
    candidates = [i for i in range(index - 1, max(-1, index - 6), -1) if lines[i]]
    if not candidates:
        return "", index
    first = candidates[0]
    title = _squash(lines[first])
    start = first
    if len(candidates) > 1:
        above = _squash(lines[candidates[1]])
        unfinished = "关于" in above and not above.endswith(_TITLE_ENDINGS)
        if (
            above.startswith(("钦州市", "中国", "广西"))
            and (unfinished or not title.startswith(("钦州市", "中国", "广西")))
            and len(above) <= 40
            and not above.endswith(("。", "；", "：", ")", "）"))
        ):
            title, start = above + title, candidates[1]
    return title.lstrip("-—·•"), start


def _issuer(title: str, number: str) -> str:
    if "关于" in title and not title.startswith("关于"):
        return re.split("转发|关于", title, maxsplit=1)[0]
    return _ISSUER_BY_PREFIX.get(DOC_NUMBER.match(number).group(1), "")


def _doc_type(number: str, title: str) -> str:
    prefix = DOC_NUMBER.match(number).group(1)
    if prefix.endswith("规"):
        return "规范性文件"
    for word in ("通告", "决定", "意见", "方案", "办法", "批复", "公告"):
        if title.endswith(word):
            return word
    if title.endswith("通知"):
        # A notice that issues a plan or measures takes the type of what it issues.
        for word in ("方案", "办法"):
            if word in title:
                return word
        return _attached_type(title) if "印发" in title else "通知"
    return "其他"


def _attached_type(title: str) -> str:
    for word in ("办法", "方案", "规划", "意见", "细则", "规定"):
        if word in title:
            return word
    return "通知"


def _first_date(lines: list[str]) -> date | None:
    for line in lines:
        m = _DATE_LINE.match(_squash(line))
        if m:
            try:
                return date(*map(int, m.groups()))
            except ValueError:
                continue
    return None


def _effective(body: str, issued_on: date | None) -> date | None:
    flat = _squash(body)
    m = _EFFECTIVE_ON.search(flat)
    if m:
        try:
            return date(*map(int, m.groups()))
        except ValueError:
            pass
    return issued_on


def _articles(lines: list[str]) -> list[ParsedArticle]:
    """Articles in order; a line starting with 第N条 counts only if N follows the previous one,
    so an article quoted inside another is not mistaken for a new one."""
    articles: list[ParsedArticle] = []
    chapter = ""
    for line in lines:
        if not line:
            continue
        squashed = line.replace("\u3000", " ").strip()
        ch = _CHAPTER.match(_squash(squashed))
        if ch and len(_squash(squashed)) <= 30:
            chapter = f"第{ch.group(1)}章 {ch.group(2)}".strip()
            continue
        m = _ARTICLE.match(squashed)
        if m:
            n = cn_to_int(m.group(1))
            expected = articles[-1].number + 1 if articles else 1
            if n == expected:
                articles.append(ParsedArticle(n, chapter, m.group(2).strip()))
                continue
        if articles:
            last = articles[-1]
            last.text = f"{last.text}{_join(last.text, line)}{line}"
    return articles


def _join(before: str, after: str) -> str:
    """Broken lines inside Chinese text join without a space; Latin words keep one."""
    if before and after and before[-1].isascii() and before[-1].isalnum() and after[0].isascii():
        return " "
    return ""


def _repeals(body: str, own_number: str) -> list[tuple[str, str]]:
    found = []
    for sentence in re.split(r"(?<=[。；])", _squash(body)):
        if "废止" not in sentence:
            continue
        for number in find_numbers(sentence):
            if number != own_number and number not in [n for n, _ in found]:
                found.append((number, sentence))
    return found


def parse_gazette(text: str) -> ParsedGazette:
    lines = _clean_lines(text)
    head = _squash(text[:2000])
    issue = _GAZETTE_ISSUE.search(head)
    year = re.search(r"公报(\d{4})", head)
    source = ""
    if issue:
        source = "钦州市人民政府公报{year}第{no}期（总第{total}期）".format(
            year=f"{year.group(1)}年" if year else "", no=issue.group(1), total=issue.group(2)
        )

    starts = []  # (title start line, number line, number, title)
    for i, line in enumerate(lines):
        m = _NUMBER_LINE.match(line)
        if not m or m.group("page"):
            continue
        number = normalise_number(*m.groups()[:3])
        title, start = _title_before(lines, i)
        if not title or DOC_NUMBER.search(title) or _DATE_LINE.match(title):
            continue
        starts.append((start, i, number, title))

    documents: list[ParsedDocument] = []
    for k, (_start, number_line, number, title) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        body_lines = lines[number_line + 1 : end]
        body = "\n".join(line for line in body_lines if line)
        issued_on = _first_date(body_lines)
        documents.append(
            ParsedDocument(
                number=number,
                title=title,
                issuer=_issuer(title, number),
                issued_on=issued_on,
                effective_on=_effective(body, issued_on),
                doc_type=_doc_type(number, title),
                body=body,
                articles=_articles(body_lines),
                repeals=_repeals(body, number),
            )
        )
    return ParsedGazette(source=source, documents=documents)
