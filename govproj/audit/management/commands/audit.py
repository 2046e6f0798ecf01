from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from govproj.audit.services import verify

REASONS = {
    "missing": _("序号缺失（记录被删除）"),
    "prev_hash": _("前一条哈希不匹配（记录被删除或顺序被改动）"),
    "hash": _("内容与哈希不符（记录被篡改）"),
    "truncated": _("链尾与链头不符（末尾记录被删除）"),
}


class Command(BaseCommand):
    help = "审计日志工具：verify 校验哈希链。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="校验审计日志哈希链，报告第一处断链。")

    def handle(self, *args, subcommand, **options):
        result = verify()
        if result.ok:
            self.stdout.write(_("审计日志完整：已校验 {count} 条记录。").format(count=result.checked))
            return
        raise CommandError(
            _("审计日志在第 {seq} 条记录处断链：{reason}。此前 {count} 条记录校验通过。").format(
                seq=result.broken_seq, reason=REASONS[result.reason], count=result.checked
            )
        )
