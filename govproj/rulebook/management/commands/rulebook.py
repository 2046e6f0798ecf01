from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from govproj.rulebook.services import gazettes_import_bundled, gazettes_import_files


class Command(BaseCommand):
    help = "法规库：import FILE... 导入公报文本（可重复执行）；import --bundled 导入平台自带的公报。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="导入公报文本文件")
        imp.add_argument("files", nargs="*")
        imp.add_argument("--bundled", action="store_true", help="导入平台自带的公报文件")

    def handle(self, *args, subcommand, files, bundled, **options):
        if not files and not bundled:
            raise CommandError(_("请指定要导入的公报文件，或使用 --bundled。"))
        missing = [f for f in files if not Path(f).is_file()]
        if missing:
            raise CommandError(_("文件不存在：{files}").format(files="、".join(missing)))
        results = gazettes_import_bundled() if bundled else {}
        results.update(gazettes_import_files(files))
        for path, result in results.items():
            self.stdout.write(
                _("{name}：新增 {created}，更新 {updated}，未变 {unchanged}").format(
                    name=Path(path).name,
                    created=len(result.created),
                    updated=len(result.updated),
                    unchanged=len(result.unchanged),
                )
            )
