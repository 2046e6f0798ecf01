"""The demo portfolio for ``make demo``: 66 projects walked through the real services.

Every project is created and moved by ``services`` exactly as people would do it in the browser,
each act dated (``on=``) in the past, so the timeline, deadlines, opinions, plans, notifications
and the audit chain are what the platform itself records. The projects and their stories are the
data of ``portfolio``; ``walk`` plays one project's story, this module casts the people and runs
every walk and the yearly plans together.

All acts run in business-date order across the whole portfolio (a small scheduler over one
generator per project), so the audit log and every timeline read chronologically.
"""

import heapq
from collections.abc import Iterator
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from govproj.accounts.models import User
from govproj.accounts.services import role_grant, user_create
from govproj.common.roles import Role
from govproj.demo.accounts import DEMO_PASSWORD
from govproj.demo.portfolio import NAMES, PORTFOLIO
from govproj.demo.walk import Walk
from govproj.orgs.models import Organisation
from govproj.projects import services
from govproj.projects.models import AnnualPlan, Project
from govproj.rulebook.versions import version_on
from govproj.rulebook.workdays import WorkdayCalendar

# ---------------------------------------------------------------- people

# Who answers for an organisation: the demo_setup accounts plus the member departments created here.
ORG_USER = {"fgw": "fgw_approve", "dsj": "dsj_review", "czj": "czj_finance", "bmj": "bmj_secrecy",
            "wxb": "wxb_member", "kjj": "kjj_member", "gaj": "gaj_member", "gxj": "gxj_member",
            "zjj": "zjj_member"}
MEMBERS = {"kjj": "林志远", "gaj": "邓海峰", "gxj": "潘晓东", "zjj": "赵明辉"}
STAFF = {  # one 信息化专干 per unit besides jyj (jyj_staff comes from demo_setup)
    "gaj": "黄振宇", "wjw": "李秀梅", "ybj": "韦丽娟", "zjj": "陆家豪", "jtysj": "宁国栋", "nyncj": "劳春燕",
    "sthjj": "冯志刚", "rsj": "谢晓燕", "mzj": "梁美玲", "yjj": "庞建华", "scjgj": "何俊杰", "qinnan": "陈思远",
    "qinbei": "蒙海波", "lingshan": "钟丽萍", "pubei": "甘振林", "dsj": "覃子涵", "bdcdjj": "黎文斌", "cgj": "卢伟",
    "xzspj": "吴婷婷", "rx12345": "杨光", "slj": "苏海明",
}
REQUIRED_USERS = ("jyj_staff", "dsj_review", "fgw_approve", "wxb_member", "expert_demo", "czj_finance",
                  "bmj_secrecy", "szf_gov")


class Cast:
    """The people who act in the demo, looked up once (their role grants are cached on the objects)."""

    def __init__(self, password: str):
        missing = [u for u in REQUIRED_USERS if not User.objects.filter(username=u).exists()]
        if missing:
            raise LookupError(_("缺少演示账户 {users}，请先运行 govproj demo_setup。").format(users="、".join(missing)))
        orgs = {o.code: o for o in Organisation.objects.filter(code__in=[*STAFF, *MEMBERS])}
        for code, name in STAFF.items():
            self._ensure(f"{code}_staff", name, orgs[code], "信息化专干", Role.UNIT_STAFF, password)
        for code, name in MEMBERS.items():
            self._ensure(f"{code}_member", name, orgs[code], "评估联络员", Role.MEMBER_DEPT, password)
        self.users = {u.username: u for u in User.objects.select_related("organisation")}
        self.expert, self.finance = self.users["expert_demo"], self.users["czj_finance"]
        self.secrecy, self.government = self.users["bmj_secrecy"], self.users["szf_gov"]

    @staticmethod
    def _ensure(username, full_name, organisation, title, role, password):
        if User.objects.filter(username=username).exists():
            return
        user = user_create(by=None, username=username, password=password, full_name=full_name,
                           organisation=organisation, title=title)
        role_grant(by=None, user=user, role=role)

    def staff(self, unit: str) -> User:
        return self.users[f"{unit}_staff"]

    def of(self, org_code: str) -> User:
        """The person who reviews, approves or gives opinions for ``org_code``."""
        return self.users[ORG_USER[org_code]]

    def lead(self, on: date) -> User:
        return self.of(version_on(on).lead_department)


# ---------------------------------------------------------------- the plans and the scheduler

class Loader:
    def __init__(self, cast: Cast):
        self.cast = cast
        self.calendar = WorkdayCalendar()
        self.units = {o.code: o for o in Organisation.objects.filter(code__in={s.unit for s in PORTFOLIO})}
        self.walks = {s.key: Walk(self, s) for s in PORTFOLIO}
        self.uploads = 0
        self._serial = 100230
        self._refs: dict[tuple, int] = {}

    def workday(self, day: date, back: bool = False) -> date:
        step = timedelta(days=-1 if back else 1)
        while not self.calendar.is_workday(day):
            day += step
        return day

    def serial(self) -> int:
        self._serial += 37
        return self._serial

    def ref(self, issuer: str, day: date) -> str:
        prefix = {"gov": "钦政阅", "fgw": "钦发改审批", "dsj": "钦数据审"}[issuer]
        n = self._refs[(issuer, day.year)] = self._refs.get((issuer, day.year), 8) + 3
        return f"{prefix}〔{day.year}〕{n}号"

    def plans(self) -> Iterator[date]:
        cast = self.cast

        def plan(year):
            return AnnualPlan.objects.get(year=year)

        for year, submitted, decided, ref in ((2024, date(2023, 11, 24), date(2023, 12, 15), "市人民政府常务会议纪要〔2023〕41号"),
                                              (2025, date(2024, 12, 16), date(2025, 1, 17), "市人民政府常务会议纪要〔2025〕3号")):
            yield submitted
            services.plan_submit(by=cast.lead(submitted), plan=plan(year), on=submitted)
            yield decided
            services.plan_decide(by=cast.government, plan=plan(year), approve=True, decision_ref=ref, on=decided)
        day = date(2025, 11, 28)
        yield day
        services.plan_submit(by=cast.lead(day), plan=plan(2026), on=day)
        day = date(2026, 1, 16)
        yield day
        services.plan_decide(by=cast.government, plan=plan(2026), approve=False, on=day, reason=(
            "请按照过紧日子要求压减年度投资规模，优先保障急需项目，调整后重新报送。"))
        day = date(2026, 2, 6)
        yield day
        services.plan_remove(by=cast.lead(day), project=self.walks["a26_lingshan"].p, on=day, reason=(
            "按市人民政府审定意见压减年度投资规模，项目移出 2026 年度工作方案，统筹纳入以后年度。"))
        day = date(2026, 10, 30)
        yield day
        services.plan_submit(by=cast.lead(day), plan=plan(2026), on=day)
        day = date(2026, 11, 19)
        yield day
        order = [self.walks[k].p.pk for k in ("a27_xzspj", "a27_gaj", "a27_ybj")]
        services.plan_reorder(by=cast.lead(day), plan=plan(2027), project_ids=order, on=day)

    def run(self) -> None:
        """Every act of every project and plan, in business-date order."""
        generators = [self.plans(), *(w.run() for w in self.walks.values())]
        heap = []
        for index, gen in enumerate(generators):
            first = next(gen, None)
            if first is not None:
                heapq.heappush(heap, (first, index))
        while heap:
            day, index = heapq.heappop(heap)
            following = next(generators[index], None)  # performs the act dated ``day``
            if following is not None:
                if following < day:
                    raise AssertionError(f"{following} comes before {day} in the same history")
                heapq.heappush(heap, (following, index))


def load_demo_portfolio(*, stdout=None) -> int:
    """Create the demo projects through the services; returns how many (0 when they are already there)."""
    if Project.objects.filter(name__in=NAMES).exists():
        if stdout is not None:
            stdout.write(_("演示项目已存在，未重复载入。"))
        return 0
    with transaction.atomic():
        loader = Loader(Cast(DEMO_PASSWORD))
        loader.run()
    return Project.objects.filter(name__in=NAMES).count()
