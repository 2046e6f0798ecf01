from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from govproj.common import reminders


class Command(BaseCommand):
    help = "发送到期提醒和逾期督办（每日由 Celery beat 运行；未配置 Redis 时可由 cron 调用本命令）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="按该日期计算（默认今天），YYYY-MM-DD")

    def handle(self, *args, **options):
        day = options["date"] or timezone.localdate()
        self.stdout.write(f"已发送 {reminders.send_all(day)} 条提醒。")
