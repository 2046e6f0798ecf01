"""The demo accounts, one per role, for the quick start (``make demo``); every other demo module acts as them.

``DEMO_PASSWORD`` lives here so that the loaders and the command share it without importing each other.
"""

from govproj.accounts.models import User
from govproj.accounts.services import role_grant, user_create
from govproj.common.roles import Role
from govproj.orgs.models import Organisation, OrganisationKind
from govproj.orgs.services import organisations_load
from govproj.rulebook.services import gazettes_import_bundled

DEMO_PASSWORD = "Demo@Qinzhou2024"

# Units that exist only in the demo: the seed gazettes name no agent bank or consulting firm.
DEMO_ORGS = [
    ("demo_bank", "中国工商银行股份有限公司钦州分行（演示）", "工行钦州分行", OrganisationKind.AGENT_BANK),
    ("demo_consult", "钦州市演示信息咨询评估有限公司", "演示咨询评估公司", OrganisationKind.THIRD_PARTY),
]

DEMO_USERS = [
    ("jyj_staff", "黄文静", "jyj", "信息化专干", Role.UNIT_STAFF),
    ("jyj_head", "李建国", "jyj", "副局长", Role.UNIT_HEAD),
    ("dsj_review", "陈晓明", "dsj", "项目科科长", Role.LEAD_REVIEWER),
    ("fgw_approve", "韦志强", "fgw", "投资科科长", Role.NDRC),
    ("wxb_member", "梁海燕", "wxb", "网络安全科干部", Role.MEMBER_DEPT),
    ("expert_demo", "周立新", "demo_consult", "高级工程师", Role.EXPERT),
    ("czj_finance", "刘芳", "czj", "预算科科长", Role.FINANCE),
    ("bmj_secrecy", "苏卫东", "bmj", "科长", Role.SECRECY),
    ("szf_gov", "覃国华", "szfb", "秘书科科长", Role.GOVERNMENT),
    ("sjj_oversight", "莫丽华", "sjj", "审计科科长", Role.OVERSIGHT),
    ("bank_demo", "张伟", "demo_bank", "国库业务主管", Role.AGENT_BANK),
    ("lingshan_data", "黄丽萍", "lingshan", "县政务数据牵头科室负责人", Role.COUNTY_DATA),
    ("sysadmin", "系统管理员", "dsj", "平台管理员", Role.SYSADMIN),
]


def load_demo_accounts() -> list[User]:
    """The organisations, the bundled gazettes and one account per role; returns the accounts in ``DEMO_USERS`` order.

    An account that already exists keeps its password and only has its role granted again.
    """
    organisations_load()
    gazettes_import_bundled()
    for code, name, short_name, kind in DEMO_ORGS:
        Organisation.objects.get_or_create(
            code=code, defaults={"name": name, "short_name": short_name, "kind": kind, "source": "demo"}
        )
    users = []
    for username, full_name, org_code, title, role in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                by=None,
                username=username,
                password=DEMO_PASSWORD,
                full_name=full_name,
                organisation=Organisation.objects.get(code=org_code),
                title=title,
            )
        role_grant(by=None, user=user, role=role)
        users.append(user)
    return users
