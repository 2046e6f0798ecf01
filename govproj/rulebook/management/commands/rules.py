import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from govproj.rulebook import adjustment, facts, rules, vocabulary
from govproj.rulebook.versions import NoVersionInForce


class Command(BaseCommand):
    help = "规则：evaluate FILE.json 按申报日期适用的规则版本校验项目；adjustment FILE.json 判定第二十条调整程序。输入错误时退出码为 2。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        ev = sub.add_parser("evaluate", help="校验项目事实，输出适用版本、审批路径和规则发现")
        ev.add_argument("file")
        adj = sub.add_parser("adjustment", help="判定项目内容调整应走的程序（第二十条）")
        adj.add_argument("file")

    def handle(self, *args, subcommand, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("文件不存在：{file}").format(file=file), returncode=2)
        try:
            data = facts.loads(path.read_text(encoding="utf-8"))
            if subcommand == "evaluate":
                result = rules.evaluate(facts.parse(data, vocabulary.SCHEMA, vocabulary.REQUIRED))
            else:
                parsed = facts.parse(data, adjustment.SCHEMA, adjustment.REQUIRED)
                result = adjustment.decide_adjustment(**parsed).as_dict()
        except facts.FactsError as exc:
            raise CommandError(_("输入有误：{errors}").format(errors="；".join(exc.errors)), returncode=2) from None
        except NoVersionInForce as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
