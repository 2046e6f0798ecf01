import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from govproj.common.importing import FileRejected, import_data, read
from govproj.monitoring import screening, services
from govproj.monitoring.models import ImportBatch, Payment
from govproj.monitoring.rules import RULES

Kind = ImportBatch.Kind
# Reference data before payments (accounts register units and name agent banks), feedback after them.
SCREEN_ORDER = (Kind.ACCOUNTS, Kind.INDICATORS, Kind.PLANS, Kind.PAYMENTS, Kind.FEEDBACK)
RULE_ORDER = {rule: i for i, rule in enumerate(RULES)}


class _ScratchDone(Exception):
    """Carries the result out of the scratch transaction so that leaving it rolls everything back."""

    def __init__(self, result):
        super().__init__()
        self.result = result


class Command(BaseCommand):
    help = ("支付动态监控：import 类别 文件 导入支付数据、预算指标、用款计划、银行账户或代理银行反馈；"
            "screen 文件 试筛查支付文件（不保存任何数据），输出预警 JSON。文件有误时退出码为 2。")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="导入文件（整个文件导入或不导入，已存在的记录不变）")
        imp.add_argument("kind", choices=Kind.values)
        imp.add_argument("file")
        scr = sub.add_parser("screen", help="按预警规则试筛查支付文件，结果不入库")
        scr.add_argument("file", help="支付数据文件")
        for kind in (Kind.INDICATORS, Kind.PLANS, Kind.ACCOUNTS, Kind.FEEDBACK):
            scr.add_argument(f"--{kind}", metavar="FILE", help=str(Kind(kind).label))

    def handle(self, *args, subcommand, file, **options):
        if subcommand == "import":
            self._import(options["kind"], file)
        else:
            self._screen(file, {kind: options.get(kind) for kind in SCREEN_ORDER if kind != Kind.PAYMENTS})

    def _read(self, file: str) -> tuple[str, bytes]:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("文件不存在：{file}").format(file=file), returncode=2)
        return path.name, path.read_bytes()

    def _rejected(self, file: str, exc: FileRejected):
        for error in exc.errors:
            self.stderr.write(str(error))
        return CommandError(_("{file} 未导入：共 {n} 处错误").format(file=file, n=len(exc.errors)), returncode=2)

    def _import_one(self, kind: str, file: str) -> ImportBatch:
        name, data = self._read(file)
        try:
            return import_data(kind, by=None, filename=name, data=data)
        except FileRejected as exc:
            raise self._rejected(file, exc) from None

    def _import(self, kind: str, file: str) -> None:
        batch = self._import_one(kind, file)
        self.stdout.write(_("{kind}：共 {rows} 行，新增 {created} 条，已存在 {skipped} 条").format(
            kind=batch.get_kind_display(), rows=batch.rows, created=batch.created, skipped=batch.skipped))

    def _screen(self, file: str, extras: dict[str, str | None]) -> None:
        name, data = self._read(file)
        try:
            vouchers = [r["voucher"] for r in read(Kind.PAYMENTS, filename=name, data=data)]
        except FileRejected as exc:
            raise self._rejected(file, exc) from None
        try:
            with transaction.atomic():
                existing = set()
                for start in range(0, len(vouchers), 5000):
                    existing |= set(Payment.objects.filter(voucher__in=vouchers[start:start + 5000])
                                    .values_list("voucher", flat=True))
                batches = {kind: self._import_one(kind, path) for kind, path in
                           ((k, file if k == Kind.PAYMENTS else extras.get(k)) for k in SCREEN_ORDER) if path}
                services.rule_settings_ensure()
                payments = Payment.objects.filter(Q(batch=batches[Kind.PAYMENTS]) | Q(voucher__in=existing))
                findings = screening.screen(payments)
                findings.sort(key=lambda f: (f.voucher, RULE_ORDER[f.rule]))
                raise _ScratchDone({"payments": payments.count(), "warnings": [f.as_dict() for f in findings]})
        except _ScratchDone as done:
            result = done.result
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
