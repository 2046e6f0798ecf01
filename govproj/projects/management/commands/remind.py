from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from govproj.funds.services import report_reminders
from govproj.monitoring.services import escalate_overdue
from govproj.projects.tasks import deadline_reminders
from govproj.sharing.services import catalogue_reminders


class Command(BaseCommand):
    help = "发送到期提醒和逾期督办（每日由 Celery beat 运行；未配置 Redis 时可由 cron 调用本命令）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="按该日期计算（默认今天），YYYY-MM-DD")

    def handle(self, *args, **options):
        day = options["date"] or timezone.localdate()
        sent = (deadline_reminders(day) + report_reminders(day) + escalate_overdue(day)
                + catalogue_reminders(day))
        self.stdout.write(f"已发送 {sent} 条提醒。")
