"""``govproj similar``: the duplicate-construction check over a file of projects, for people without the platform.

The same ``engine.Index`` serves the platform's own database; here it is filled from a JSON Lines
file, so a lead department can compare a declaration with any list of projects it has been sent.
"""

import argparse
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from govproj.similarity.engine import Doc, Index

REQUIRED = ("name", "content")
OPTIONAL = ("functions", "unit", "category")


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(_("应为正整数：{value}").format(value=value))
    return int(value)


def _read(path: Path) -> str:
    if not path.is_file():
        raise CommandError(_("文件不存在：{file}").format(file=path), returncode=2)
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(_("{file} 不是 UTF-8 编码的文本").format(file=path), returncode=2) from None


def _doc(row, where: str) -> Doc:
    """A project object of either file as an engine document; ``where`` names it in the error."""
    if not isinstance(row, dict):
        raise CommandError(_("{where}应为一个 JSON 对象").format(where=where), returncode=2)
    missing = [field for field in REQUIRED if field not in row]
    if missing:
        raise CommandError(_("{where}缺少字段：{fields}").format(where=where, fields="、".join(missing)), returncode=2)
    for field in (*REQUIRED, *OPTIONAL):
        if not isinstance(row.get(field, ""), str):
            raise CommandError(_("{where}的 {field} 应为文本").format(where=where, field=field), returncode=2)
    return Doc(**{field: row.get(field, "") for field in (*REQUIRED, *OPTIONAL)})


def _key(row, where: str) -> str:
    key = row.get("id")
    if not isinstance(key, (str, int)) or isinstance(key, bool) or str(key) == "":
        raise CommandError(_("{where}缺少 id（文本或整数）").format(where=where), returncode=2)
    return str(key)


class Command(BaseCommand):
    help = ("查重比对：用 --corpus 的项目（JSON Lines，每行一个对象：id、name、content，可选 functions、unit、category）"
            "建立索引，输出与 --query 项目（一个 JSON 对象，字段相同，id 可省略）最相似的项目，"
            "格式为 [{\"id\", \"score\"}]，相似度 0～1，从高到低；查询项目自身的 id 不列出。输入错误时退出码为 2。")

    def add_arguments(self, parser):
        parser.add_argument("--corpus", required=True, help="已有项目，JSON Lines 文件")
        parser.add_argument("--query", required=True, help="待比对项目，JSON 文件")
        parser.add_argument("--top", type=_positive, default=10, help="最多列出几项（默认 10）")

    def handle(self, *args, corpus, query, top, **options):
        corpus_path, query_path = Path(corpus), Path(query)
        lines, query_text = _read(corpus_path), _read(query_path)
        try:
            wanted = json.loads(query_text)
        except json.JSONDecodeError as exc:
            raise CommandError(_("{file} 第 {line} 行第 {column} 列起不是有效的 JSON").format(
                file=query_path, line=exc.lineno, column=exc.colno), returncode=2) from None
        doc = _doc(wanted, _("查询项目"))
        own = [_key(wanted, _("查询项目"))] if "id" in wanted else []
        index, seen = Index(), {}
        for number, line in enumerate(lines.splitlines(), start=1):
            if not line.strip():
                continue
            where = _("{file} 第 {line} 行").format(file=corpus_path, line=number)
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CommandError(_("{where}第 {column} 列起不是有效的 JSON").format(where=where, column=exc.colno),
                                   returncode=2) from None
            item = _doc(row, where)
            key = _key(row, where)
            if key in seen:
                raise CommandError(_("{where}的 id “{id}” 与第 {other} 行重复").format(
                    where=where, id=key, other=seen[key]), returncode=2)
            seen[key] = number
            index.add(key, item)
        matches = index.query(doc, top=top, exclude=own)
        self.stdout.write(json.dumps([{"id": m.key, "score": round(m.score, 4)} for m in matches], ensure_ascii=False))
