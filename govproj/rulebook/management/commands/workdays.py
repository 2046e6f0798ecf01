from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from govproj.rulebook.workdays import WorkdayCalendar


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("日期格式错误：{value}，应为 YYYY-MM-DD。").format(value=text)) from None


class Command(BaseCommand):
    help = "工作日计算（含法定节假日与调休）：add DATE N | between D1 D2"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        add = sub.add_parser("add", help="DATE 之后第 N 个工作日")
        add.add_argument("date")
        add.add_argument("days", type=int)
        between = sub.add_parser("between", help="D1 之后至 D2（含）之间的工作日数")
        between.add_argument("start")
        between.add_argument("end")

    def handle(self, *args, subcommand, **options):
        calendar = WorkdayCalendar()
        try:
            if subcommand == "add":
                self.stdout.write(calendar.add(_date(options["date"]), options["days"]).isoformat())
            else:
                self.stdout.write(str(calendar.between(_date(options["start"]), _date(options["end"]))))
        except ValueError as exc:  # an unknown calendar year or a negative number of days
            raise CommandError(str(exc)) from None
