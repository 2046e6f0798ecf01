"""The book the demo treasury files are written from: the account register, the payments and the answer key.

``Ledger`` holds what the generator has made so far and the means to make more (account numbers, firms, staff,
working days); ``RoutineSpending`` and ``PlantedCases`` fill it, ``monitoring_files.Generator`` turns it into files.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from govproj.demo.monitoring_units import (
    ACCOUNT_SHAPES,
    BANKS,
    BRANCHES,
    CARD_PREFIX,
    END,
    FIRM_WORDS,
    GIVEN,
    KIND_LABELS,
    SCHOOLS,
    START,
    SURNAMES,
    TRADES,
    UNITS,
    UTILITIES,
    D,
    Unit,
    money,
)

SEED = 20230101  # 钦市财规〔2023〕1号


@dataclass
class Pay:
    voucher: str = ""
    unit: Unit | None = None
    paid_at: datetime | None = None
    amount: D = D(0)
    subject: str = ""
    indicator_subject: str = ""  # the subject of the indicator the payment is charged to
    purpose: str = ""
    payee_name: str = ""
    payee_account: str = ""
    payee_bank: str = ""
    method: str = "直接支付"
    pay_type: str = "普通支付"
    settlement: str = "转账"
    project_name: str = ""
    approval: str = ""
    label: str = ""  # planted.csv key
    indicator_code: str = ""
    plan_code: str = ""
    feedback_delay: timedelta | None = None
    feedback_override: dict = field(default_factory=dict)


@dataclass
class Plant:
    label: str
    rule: str
    expected: bool
    note: str


class Ledger:
    """One seeded random source for everything, so that the same seed always gives the same files."""

    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.units = {u.code: u for u in UNITS}
        self.payments: list[Pay] = []
        self.plants: list[Plant] = []
        self.accounts: list[dict] = []
        self.firms: dict[tuple, tuple] = {}
        self.used_accounts: set[str] = set()
        self.cards: dict[str, tuple] = {}
        self.approvals = 0
        self.schools: dict[str, str] = {}

    # ------------------------------------------------------------ names and numbers

    def account(self, bank: str) -> str:
        prefix, length = ACCOUNT_SHAPES[bank]
        while True:
            number = prefix + "".join(self.rng.choice("0123456789") for _ in range(length - len(prefix)))
            if number not in self.used_accounts:
                self.used_accounts.add(number)
                return number

    def card(self, bank: str) -> str:
        while True:
            number = CARD_PREFIX[bank] + "".join(self.rng.choice("0123456789") for _ in range(15))
            if number not in self.used_accounts:
                self.used_accounts.add(number)
                return number

    def firm(self, unit: str, kind: str, slot: int = 0) -> tuple[str, str, str]:
        """A company the unit deals with, with its account: (name, account, bank branch)."""
        key = (unit, kind, slot)
        if key not in self.firms:
            taken = {f[0] for f in self.firms.values()}
            while True:
                region = self.rng.choice(["钦州市", "钦州市", "广西", "广西北部湾", "钦州"])
                name = region + self.rng.choice(FIRM_WORDS) + self.rng.choice(TRADES[kind])
                if name not in taken:
                    break
            bank = self.rng.choice(list(BANKS))
            self.firms[key] = (name, self.account(bank), self.rng.choice(BRANCHES[bank]))
        return self.firms[key]

    def person(self, unit: str) -> tuple[str, str, str]:
        """A member of the unit's staff with the 公务卡 / salary card payments are made to."""
        pool = self.cards.setdefault(unit, [])
        if len(pool) < 6 or self.rng.random() < 0.1:
            name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
            bank = self.units[unit].bank
            pool.append((name, self.card(bank), BRANCHES[bank][0]))
        return self.rng.choice(pool)

    def moment(self, day: date, early: bool = False) -> datetime:
        minutes = self.rng.randint(8 * 60 + 30, (12 if early else 17) * 60 + 20)
        return datetime.combine(day, time(minutes // 60, minutes % 60, self.rng.randint(0, 59)))

    def workday(self, year: int, month: int, low: int = 1, high: int = 28) -> date:
        for _ in range(50):
            day = date(year, month, self.rng.randint(low, high))
            if day.weekday() < 5 and START <= day <= END:
                return day
        raise ValueError((year, month, low, high))

    def approval(self, day: date) -> str:
        self.approvals += 1
        return f"钦财国库〔{day.year}〕大额审批{self.approvals:03d}号"

    def utility(self, key: str) -> tuple[str, str, str]:
        name, bank, _text = UTILITIES[key]
        if (key, "account") not in self.firms:
            self.firms[(key, "account")] = (name, self.account(bank), BRANCHES[bank][0])
        return self.firms[(key, "account")]

    # ------------------------------------------------------------ the register of accounts

    def register(self) -> None:
        for u in UNITS:
            opened = date(self.rng.randint(2008, 2019), self.rng.randint(1, 12), self.rng.randint(1, 28))
            u.accounts["zero_balance"] = self.account(u.bank)
            rows = [("zero_balance", u.accounts["zero_balance"], BANKS[u.bank], opened)]
            basic_bank = self.rng.choice(list(BANKS))
            u.accounts["basic"] = self.account(basic_bank)
            rows.append(("basic", u.accounts["basic"], BANKS[basic_bank], opened - timedelta(days=400)))
            if u.real_fund:
                u.accounts["real_fund"] = self.account(u.bank)
                rows.append(("real_fund", u.accounts["real_fund"], BANKS[u.bank], opened + timedelta(days=90)))
            for kind, number, bank, on in rows:
                self.accounts.append({"账号": number, "单位名称": u.name, "账户类型": KIND_LABELS[kind], "开户银行": bank,
                                      "主管部门": u.parent, "开户日期": on.isoformat(), "销户日期": ""})
        for name, bank in SCHOOLS:
            number = self.account(bank)
            self.accounts.append({"账号": number, "单位名称": name, "账户类型": "实有资金账户", "开户银行": BANKS[bank],
                                  "主管部门": "钦州市教育局", "开户日期": "2012-09-01", "销户日期": ""})
            self.schools[name] = number
        # an old account closed before the period: part of the register, not of any payment
        self.accounts.append({"账号": self.account("ccb"), "单位名称": "钦州市统计局", "账户类型": "实有资金账户",
                              "开户银行": BANKS["ccb"], "主管部门": "", "开户日期": "2009-03-16",
                              "销户日期": "2024-06-28"})

    # ------------------------------------------------------------ payments and the answer key

    def add(self, unit: Unit, day: date, amount, purpose: str, payee: tuple, *, subject: str | None = None,
            label: str = "", **extra) -> Pay:
        subject = subject or unit.admin
        p = Pay(unit=unit, paid_at=extra.pop("at", None) or self.moment(day), amount=money(amount), subject=subject,
                indicator_subject=extra.pop("indicator_subject", subject), purpose=purpose, payee_name=payee[0],
                payee_account=payee[1], payee_bank=payee[2], label=label, **extra)
        self.payments.append(p)
        return p

    def plant(self, label: str, rule: str, note: str, expected: bool = True) -> None:
        self.plants.append(Plant(label, rule, expected, note))
