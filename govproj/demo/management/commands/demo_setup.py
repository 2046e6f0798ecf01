"""Demo accounts, one per role, and every app's demo data for the quick start (``make demo``). Idempotent."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from govproj.common.roles import Role
from govproj.demo.accounts import DEMO_PASSWORD, DEMO_USERS, load_demo_accounts
from govproj.demo.funds import load_demo_funds
from govproj.demo.monitoring import load_demo_monitoring
from govproj.demo.projects import load_demo_portfolio
from govproj.demo.sharing import load_demo_sharing
from govproj.demo.similarity import load_demo_similarity


class Command(BaseCommand):
    help = ("创建演示数据：机构名录、平台自带公报（法规库）、每个角色一个演示账户、演示项目组合、演示资金台账"
            "、支付动态监控演示数据和自治区统一建设项目登记（可重复执行）。")

    @transaction.atomic
    def handle(self, *args, **options):
        users = load_demo_accounts()
        self.stdout.write("")
        self.stdout.write(_("演示账户（密码均为 {password}）：").format(password=DEMO_PASSWORD))
        for (username, full_name, _org, _title, role), user in zip(DEMO_USERS, users, strict=True):
            self.stdout.write(f"  {Role(role).label:<12}\t{username:<14}\t{full_name}\t{user.organisation.short_name}")
        self.stdout.write("")
        loaded = load_demo_portfolio(stdout=self.stdout)
        if loaded:
            self.stdout.write(_("已载入演示项目 {n} 个。").format(n=loaded))
        load_demo_funds(stdout=self.stdout)
        load_demo_monitoring(stdout=self.stdout)
        load_demo_similarity(stdout=self.stdout)
        load_demo_sharing(stdout=self.stdout)
        self.stdout.write("")
