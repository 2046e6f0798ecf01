"""Payment screening at a year of treasury payments: how long every warning rule takes, and in what ratio to one scan.

Run: ``.venv/bin/python bench/monitoring_screen.py [--n 1000000] [--analyze] [--explain]``. Uses a scratch
SQLite file (or ``DATABASE_URL`` if set). It loads ``--n`` payments of one year (2024) made by the
budget units of the organisation register — log-normal amounts, a pool of payees, each unit's
registered accounts, budget indicators and monthly spending plans that cover what was spent, the
agent banks' feedback — with about 1 % planted violations spread over all rules, then times:

* one full scan of the payments table (``SELECT SUM(amount), COUNT(*)``), the yardstick;
* every finder of ``screening.FINDERS`` on its own, with its slowest SQL statement;
* the whole ``screening.screen(Payment.objects.all())`` as ``services.screen`` runs it.

Figures are printed as seconds, payments per second and as a ratio to the scan, so they compare
across machines. A finder slower than 30 s per million payments gets its query plan printed.
Not a test: pytest never collects it (``testpaths = govproj``, file not named ``test_*``).
"""

import argparse
import json
import math
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
scratch = tempfile.mkdtemp(prefix="govproj-bench-")
# ``--db FILE`` keeps the loaded payments in FILE and reuses them on the next run (loading 1M takes minutes).
DB_FILE = next((sys.argv[i + 1] for i, a in enumerate(sys.argv[:-1]) if a == "--db"), None)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{os.path.abspath(DB_FILE) if DB_FILE else scratch + '/bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govproj.settings_test")
os.environ["GOVPROJ_VAR_DIR"] = scratch

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection, reset_queries  # noqa: E402

from govproj.monitoring import screening, services  # noqa: E402
from govproj.monitoring.models import (  # noqa: E402
    BankAccount,
    BankFeedback,
    Indicator,
    Payment,
    RuleSetting,
    SpendingPlan,
)
from govproj.monitoring.rules import BASELINE, RULES  # noqa: E402
from govproj.orgs.models import Organisation, OrganisationKind  # noqa: E402
from govproj.projects.models import FiscalReview, Project  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
YEAR = 2024
SLOW_PER_MILLION = 30.0  # seconds: a finder slower than this at 1M payments is reported with its plan
BANKS = ["中国工商银行钦州分行", "中国建设银行钦州分行", "中国农业银行钦州分行", "中国银行钦州分行", "广西北部湾银行钦州分行"]
SUBJECTS = ["2010101", "2010301", "2050201", "2050202", "2080501", "2100101", "2130101", "2120101", "2240101",
            "2011308", "2070101", "2150501"]
PURPOSES = ["办公用品采购", "差旅费", "水电费", "物业管理费", "设备购置", "信息系统运维费", "会议费", "培训费", "印刷费",
            "工程进度款", "劳务费", "专用材料费", "委托业务费", "公务用车运行维护费", "邮电费", "咨询费", "租赁费",
            "维修（护）费", "专项业务经费", "政府购买服务"]
PAYEE_SUFFIX = ["科技有限公司", "建设工程有限公司", "商贸有限公司", "物业服务有限公司", "信息技术有限公司", "印务有限公司",
                "设备有限公司", "咨询有限公司", "酒店管理有限公司", "文化传媒有限公司"]
PLACES = ["钦州", "钦南", "钦北", "灵山", "浦北", "南宁", "北海", "防城港", "广西", "桂林"]
WORDS = ["恒信", "华通", "正源", "海湾", "北部湾", "鑫达", "宏远", "博雅", "中联", "锦程", "新世纪", "泰和", "汇丰", "云帆",
         "金桂", "安达", "长青", "瑞丰", "德润", "开元"]
# Month weights of a municipal budget: slow January, a December peak.
MONTH_WEIGHTS = [5, 6, 8, 8, 8, 9, 8, 8, 9, 9, 9, 13]
PLANTED_RULES = list(RULES)


def yuan(value: float) -> Decimal:
    return Decimal(f"{max(value, 0.01):.2f}")


class World:
    """The register the payments refer to: units with accounts, indicators, plans, payees."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.units = list(Organisation.objects.filter(kind=OrganisationKind.MUNICIPAL_DEPT).order_by("code"))
        # Payments per unit follow a Zipf-like spread: a few big spenders, many small ones.
        self.unit_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.units))]
        self.bank_of = {u.pk: rng.choice(BANKS) for u in self.units}
        self.zero = {u.pk: f"4507001{i:08d}" for i, u in enumerate(self.units)}
        self.real = {u.pk: f"4507002{i:08d}" for i, u in enumerate(self.units)}
        self.subjects = {u.pk: rng.sample(SUBJECTS, 6) for u in self.units}
        self.indicators = {}  # code -> (unit, subject)
        self.plan_indicator = {}  # plan code -> indicator code
        self.rush_unit = self.units[-3]  # a small unit that spends 45 % of its year in December
        names = set()
        while len(names) < 20_000:
            names.add(rng.choice(PLACES) + rng.choice(WORDS) + rng.choice(WORDS) + rng.choice(PAYEE_SUFFIX))
        self.payees = [(name, f"6222{i:012d}", rng.choice(BANKS)) for i, name in enumerate(sorted(names))]
        self.reviewed, self.unreviewed = [], []  # names of platform projects (财政投资评审 done / not done)
        self.days = {m: [d for d in (date(YEAR, m, 1) + timedelta(n) for n in range(31))
                         if d.month == m and d.weekday() < 5] for m in range(1, 13)}

    def accounts(self) -> list[BankAccount]:
        rows = []
        for u in self.units:
            rows.append(BankAccount(account=self.zero[u.pk], unit=u, kind=BankAccount.Kind.ZERO_BALANCE,
                                    bank=self.bank_of[u.pk], opened_on=date(2019, 1, 1)))
            rows.append(BankAccount(account=self.real[u.pk], unit=u, kind=BankAccount.Kind.REAL_FUND,
                                    bank=self.bank_of[u.pk], opened_on=date(2015, 1, 1)))
        return rows

    def projects(self) -> None:
        """200 construction projects on the platform: 180 reviewed before the year began, 20 never reviewed."""
        rng = self.rng
        kinds = ["信息化平台建设", "办公楼维修改造", "道路改造", "数据中心扩容", "视频监控系统建设"]
        projects = [Project(code=f"BENCH-{i:04d}", name=f"{rng.choice(self.units).short_name}{kinds[i % 5]}项目{i}",
                            unit=rng.choice(self.units), category="egov", declaration_type="annual", plan_year=YEAR,
                            total_investment=Decimal(rng.randint(500_000, 20_000_000)),
                            state="constructing" if i < 180 else "approved") for i in range(200)]
        Project.objects.bulk_create(projects)
        FiscalReview.objects.bulk_create([FiscalReview(project=p, submitted_on=date(YEAR - 1, 9, 1),
                                                       submitted_amount=p.total_investment,
                                                       reviewed_amount=p.total_investment,
                                                       completed_on=date(YEAR - 1, 12, 1)) for p in projects[:180]])
        self.reviewed = [p.name for p in projects[:180]]
        self.unreviewed = [p.name for p in projects[180:]]

    def when(self, unit, month: int | None = None) -> datetime:
        rng = self.rng
        if month is None:
            if unit.pk == self.rush_unit.pk and rng.random() < 0.45:
                month = 12
            else:
                month = rng.choices(range(1, 13), MONTH_WEIGHTS)[0]
        day = rng.choice(self.days[month])
        return datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59),
                        tzinfo=TZ)


def generate(world: World, n: int, chunk: int = 20_000):
    """Yield lists of (Payment, feedback tweak) of at most ``chunk``; planted violations are about 1 %."""
    rng = world.rng
    serial = 0
    planted = Counter()
    batch = []

    def base(unit, paid_at, amount):
        nonlocal serial
        serial += 1
        k = rng.randrange(6)
        subject = world.subjects[unit.pk][k]
        payee, account, bank = rng.choice(world.payees)
        world.indicators.setdefault(f"ZB{YEAR}-{unit.code}-{k}", (unit, subject))
        return Payment(
            voucher=f"ZF{YEAR}{serial:09d}", payer=unit, payer_name=unit.name, payer_account=world.zero[unit.pk],
            indicator_code=f"ZB{YEAR}-{unit.code}-{k}", plan_code=f"JH{YEAR}{paid_at.month:02d}-{unit.code}-{k}",
            subject=subject, paid_at=paid_at, amount=amount, method="国库集中支付",
            pay_type=rng.choice(["直接支付", "授权支付"]), settlement="转账", purpose=rng.choice(PURPOSES),
            project_name="", payee_name=payee, payee_account=account, payee_bank=bank,
            large_approval_no=f"DE{YEAR}-{serial:07d}" if amount >= 1_000_000 else "",
            agent_bank=world.bank_of[unit.pk])

    while serial < n:
        unit = rng.choices(world.units, world.unit_weights)[0]
        amount = yuan(min(math.exp(rng.gauss(math.log(8000), 1.6)), 8_000_000))
        payment = base(unit, world.when(unit), amount)
        feedback = None
        if rng.random() < 0.03:  # project payments: the no_fiscal_review rule has real work to do
            payment.project_name, payment.purpose = rng.choice(world.reviewed), "工程进度款"
        if unit.pk == world.rush_unit.pk and payment.paid_at.month == 12:
            planted["year_end_rush"] += 1
        if rng.random() < 0.01:
            rule = rng.choice(PLANTED_RULES)
            if rule == "year_end_rush":  # planted by the rush unit's calendar instead
                rule = "prohibited_use"
            planted[rule] += 1
            if rule == "large_amount":
                payment.amount, payment.large_approval_no = yuan(rng.uniform(1_000_000, 6_000_000)), ""
            elif rule == "over_indicator":
                payment.indicator_code = f"ZB{YEAR}-{unit.code}-tight"
                payment.subject, payment.plan_code = world.subjects[unit.pk][0], ""
                world.indicators.setdefault(payment.indicator_code, (unit, payment.subject))
            elif rule == "over_plan":
                payment.plan_code = f"JH{YEAR}{payment.paid_at.month:02d}-{unit.code}-tight"
            elif rule == "subject_mismatch":
                payment.subject = rng.choice([s for s in SUBJECTS if s not in world.subjects[unit.pk]])
            elif rule == "own_account_transfer":
                payment.payee_name, payment.payee_account = unit.name, world.real[unit.pk]
                payment.payee_bank, payment.purpose = world.bank_of[unit.pk], "划转单位实有资金账户"
            elif rule == "advance_repayment":  # back to another unit's real-fund account that advanced it
                other = rng.choice([u for u in world.units if u.pk != unit.pk])
                payment.payee_name, payment.payee_account = other.name, world.real[other.pk]
                payment.purpose = rng.choice(["归还垫付资金", "归垫前期办公经费", "归还借款"])
            elif rule == "cash_withdrawal":
                payment.settlement, payment.purpose = "现金", rng.choice(["提取备用金", "提现发放补助"])
            elif rule == "prohibited_use":
                payment.purpose = rng.choice(["购买礼品", "烟酒采购", "购物卡", "景区门票", "高档白酒"])
            elif rule == "unregistered_payee_account":
                other = rng.choice(world.units)
                payment.payee_name, payment.payee_account = other.name, f"4507009{serial:08d}"
            elif rule == "split_payment":
                # Three payments to one payee within three days, each under the threshold, together over it.
                payment.amount, payment.large_approval_no = yuan(rng.uniform(400_000, 900_000)), ""
                for offset in (1, 2):
                    twin = base(unit, payment.paid_at + timedelta(days=offset), yuan(rng.uniform(400_000, 900_000)))
                    twin.payee_name, twin.payee_account, twin.payee_bank = (payment.payee_name, payment.payee_account,
                                                                           payment.payee_bank)
                    twin.large_approval_no = ""
                    batch.append((twin, None))
            elif rule == "no_fiscal_review":
                payment.project_name, payment.purpose = rng.choice(world.unreviewed), "工程进度款"
            elif rule == "bank_feedback_mismatch":
                feedback = "mismatch"
            elif rule == "late_payment":
                feedback = "late"
        batch.append((payment, feedback))
        if len(batch) >= chunk:
            yield batch, planted
            batch = []
    if batch:
        yield batch, planted


def feedback_for(payment: Payment, tweak: str | None, rng: random.Random) -> BankFeedback:
    executed = payment.paid_at + timedelta(minutes=rng.randint(10, 240))
    amount, account = payment.amount, payment.payee_account
    if tweak == "late":
        executed = payment.paid_at + timedelta(hours=rng.randint(30, 120))
    elif tweak == "mismatch":
        if rng.random() < 0.5:
            amount = payment.amount + Decimal("100.00")
        else:
            account = "6222999" + payment.payee_account[-9:]
    return BankFeedback(voucher=payment.voucher, bank=payment.agent_bank, executed_at=executed, amount=amount,
                        payee_name=payment.payee_name, payee_account=account, status="支付成功")


def load(n: int, seed: int = 20240101) -> Counter:
    rng = random.Random(seed)
    world = World(rng)
    world.projects()
    BankAccount.objects.bulk_create(world.accounts(), batch_size=2000)
    spent = defaultdict(Decimal)  # indicator code -> total, plan code -> total
    planted = Counter()
    loaded = 0
    start = time.perf_counter()
    for batch, _planted in generate(world, n):
        payments = [p for p, _tweak in batch]
        Payment.objects.bulk_create(payments, batch_size=2000)
        BankFeedback.objects.bulk_create([feedback_for(p, t, rng) for p, t in batch], batch_size=2000)
        for p in payments:
            spent[p.indicator_code] += p.amount
            if p.plan_code:
                spent[p.plan_code] += p.amount
                world.plan_indicator.setdefault(p.plan_code, p.indicator_code)
        loaded += len(payments)
        if loaded // 100_000 != (loaded - len(payments)) // 100_000:
            print(f"  … {loaded} payments, {time.perf_counter() - start:.0f} s", flush=True)
    # Budgets that cover what was spent (10–30 % headroom); the "tight" ones hold half of it.
    indicators, plans = [], []
    for code, total in spent.items():
        tight = code.endswith("-tight")
        amount = (total / 2 if tight else total * Decimal(str(rng.uniform(1.1, 1.3)))).quantize(Decimal("0.01"))
        if code.startswith("ZB"):
            unit, subject = world.indicators[code]
            indicators.append(Indicator(code=code, unit=unit, unit_name=unit.name, subject=subject,
                                        purpose="日常运转及专项业务", year=YEAR, amount=amount))
        else:
            month = int(code[6:8])
            plans.append(SpendingPlan(code=code, indicator_code=world.plan_indicator[code], month=date(YEAR, month, 1),
                                      amount=amount))
    Indicator.objects.bulk_create(indicators, batch_size=2000)
    SpendingPlan.objects.bulk_create(plans, batch_size=2000)
    print(f"loaded {loaded} payments, {len(indicators)} indicators, {len(plans)} plans, {loaded} bank feedback rows "
          f"in {time.perf_counter() - start:.1f} s", flush=True)
    return planted


class Recorder:
    """Every SQL statement a finder runs, with its own time, through an execute wrapper."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - start, sql, params))


def explain(sql: str, params) -> str:
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":
        return "\n".join(f"    {r[-1]}" for r in rows)
    return "\n".join(f"    {r[0]}" for r in rows)


# Indexes the report suggests; ``--suggested-indexes`` creates them before timing to show their effect.
SUGGESTED_INDEXES = [
    # split_payment correlates its GROUP BY on (payer_name, payee_account): without this the only usable
    # index is (payer_name, paid_at), so every payment re-reads all payments of its payer.
    "CREATE INDEX bench_payment_payer_name_payee ON monitoring_payment (payer_name, payee_account, paid_at)",
]


def budgeted(fn, seconds: float):
    """Run ``fn``; on SQLite, interrupt the statement still running after ``seconds`` (returns None then)."""
    timer = None
    if connection.vendor == "sqlite" and seconds > 0:
        connection.ensure_connection()
        timer = threading.Timer(seconds, connection.connection.interrupt)
        timer.start()
    try:
        return fn()
    except OperationalError as exc:
        if "interrupt" not in str(exc):
            raise
        return None
    finally:
        if timer:
            timer.cancel()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--analyze", action="store_true", help="run ANALYZE after loading (not done by migrate)")
    parser.add_argument("--explain", action="store_true", help="print the slowest query plan of every finder")
    parser.add_argument("--budget", type=float, default=300.0,
                        help="seconds after which a finder's query is interrupted (SQLite only; 0: no limit)")
    parser.add_argument("--suggested-indexes", action="store_true", help="create SUGGESTED_INDEXES before timing")
    parser.add_argument("--keep", action="store_true", help=f"keep the scratch database in {scratch}")
    parser.add_argument("--db", help="SQLite file to load into, or to reuse when it already holds payments")
    parser.add_argument("--only", help="comma-separated rule ids to time (and skip the whole screen())")
    args = parser.parse_args()
    n = args.n
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    call_command("migrate", verbosity=0)
    call_command("load_organisations", verbosity=0)
    fast = connection.vendor == "sqlite"
    if fast:  # loading only: no fsync and a big page cache (the 1M file outgrows SQLite's 2 MB default)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA journal_mode=MEMORY")
            cursor.execute("PRAGMA cache_size=-400000")
    planted_file = Path(f"{DB_FILE}.planted.json") if DB_FILE else None
    if planted_file and planted_file.exists() and Payment.objects.exists():
        planted = Counter(json.loads(planted_file.read_text()))
        print(f"reusing {Payment.objects.count()} payments in {DB_FILE}", flush=True)
    else:
        planted = load(n)
        if planted_file:
            planted_file.write_text(json.dumps(planted))
    if fast:  # timings are taken with the settings production runs with
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA journal_mode=DELETE")
            cursor.execute("PRAGMA cache_size=-2000")
    if args.suggested_indexes:
        with connection.cursor() as cursor:
            for sql in SUGGESTED_INDEXES:
                cursor.execute(sql)
        print("suggested indexes created", flush=True)
    if args.analyze:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    services.rule_settings_ensure()
    total_payments = Payment.objects.count()

    def scan():
        with connection.cursor() as cursor:
            cursor.execute("SELECT SUM(amount), COUNT(*) FROM monitoring_payment")
            return cursor.fetchone()

    scan()  # warm the page cache once, as every later figure is taken warm
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        scan()
        best = min(best, time.perf_counter() - start)
    print(f"full scan of {total_payments} payments: {best * 1000:.1f} ms", flush=True)

    slow_limit = SLOW_PER_MILLION * total_payments / 1_000_000
    print(f"\n{'rule':28} {'findings':>9} {'planted':>8} {'s':>8} {'ratio':>8} {'queries':>8}  slowest query (s)")
    per_rule, interrupted = {}, []
    only = args.only.split(",") if args.only else list(RULES)
    for rule_id, rule in RULES.items():
        if rule_id not in only:
            continue
        finder = screening.FINDERS.get(rule_id)
        if finder is None:
            print(f"{rule_id:28} {'—':>9} {planted[rule_id]:8d}  finder missing from screening.FINDERS")
            continue
        setting = RuleSetting.objects.get(rule=rule_id, valid_from=BASELINE)
        params = {**rule.params, **setting.params}
        recorder = Recorder()
        reset_queries()
        start = time.perf_counter()
        with connection.execute_wrapper(recorder):
            found = budgeted(lambda f=finder, p=params: list(f(Payment.objects.order_by(), p)), args.budget)
        seconds = time.perf_counter() - start
        per_rule[rule_id] = seconds
        slowest = max(recorder.queries, default=(0.0, "", ()))
        if found is None:
            interrupted.append(rule_id)
            print(f"{rule_id:28} {'—':>9} {planted[rule_id]:8d} {'>' + format(args.budget, '.0f'):>8} "
                  f"{seconds / best:8.0f}  interrupted after the budget", flush=True)
            print(f"  SLOW: {rule_id} statement running when interrupted:\n    {recorder.queries[-1][1][:1500]}\n"
                  f"  plan:\n{explain(recorder.queries[-1][1], recorder.queries[-1][2])}", flush=True)
            continue
        print(f"{rule_id:28} {len(found):9d} {planted[rule_id]:8d} {seconds:8.2f} {seconds / best:8.1f} "
              f"{len(recorder.queries):8d}  {slowest[0]:.2f}", flush=True)
        if slowest[1] and (seconds > slow_limit or args.explain):
            print(f"  {'SLOW' if seconds > slow_limit else 'plan'}: {rule_id} slowest statement "
                  f"({slowest[0]:.2f} s):\n    {slowest[1][:1500]}\n  plan:\n{explain(slowest[1], slowest[2])}",
                  flush=True)

    if args.only:
        return
    missing = [r for r in RULES if r not in screening.FINDERS]
    if missing:
        print(f"\nscreen() not timed: no finder yet for {', '.join(missing)}")
        return
    if interrupted:  # screen() would never finish: time it without them, and say so
        print(f"\nscreen() below runs WITHOUT {', '.join(interrupted)} (interrupted above)")
        for rule_id in interrupted:
            screening.FINDERS[rule_id] = lambda scoped, params: ()
    start = time.perf_counter()
    findings = screening.screen(Payment.objects.all())
    seconds = time.perf_counter() - start
    by_rule = Counter(f.rule for f in findings)
    print(f"\nscreen(): {len(findings)} findings over {len(by_rule)} rules in {seconds:.2f} s — "
          f"{total_payments / seconds:,.0f} payments/s, {seconds / best:.1f}× the full scan")
    print(f"sum of per-rule times: {sum(per_rule.values()):.2f} s")
    print(f"finders over {slow_limit:.1f} s: {', '.join(r for r, s in per_rule.items() if s > slow_limit) or 'none'}")


if __name__ == "__main__":
    try:
        main()
    finally:
        if "--keep" not in sys.argv:
            shutil.rmtree(scratch, ignore_errors=True)  # the 1M database is about 1 GB
