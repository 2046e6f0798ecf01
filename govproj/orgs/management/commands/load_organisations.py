from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from govproj.orgs.services import DATA_FILE, organisations_load


class Command(BaseCommand):
    help = "导入钦州市组织机构（来自公报文件整理的机构名录），可重复执行。"

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="机构名录 JSON 文件")

    def handle(self, *args, file, **options):
        counts = organisations_load(path=file)
        self.stdout.write(
            _("机构导入完成：新增 {created}，更新 {updated}，未变 {unchanged}。").format(**counts)
        )
