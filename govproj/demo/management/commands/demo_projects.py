"""``govproj demo_projects``: load the demo portfolio (after ``govproj demo_setup``). Idempotent."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from govproj.demo.projects import load_demo_portfolio


class Command(BaseCommand):
    help = "载入演示项目组合：经业务服务逐步办理、覆盖全部项目状态的演示项目（需先运行 demo_setup；可重复执行）。"

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            loaded = load_demo_portfolio(stdout=self.stdout)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        if loaded:
            self.stdout.write(_("已载入演示项目 {n} 个（用时 {s:.1f} 秒）。").format(n=loaded, s=time.monotonic() - started))
