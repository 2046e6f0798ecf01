"""The sharing demo for ``make demo``: catalogues, requests, yearly catalogues and the system register.

Loaded after the demo portfolio, through the same services the pages use. Each unit's 信息化专干
compiles its project's catalogue (人口基础信息, 法人单位信息, 电子证照, 视频监控点位, 不动产登记…); one project
states that it produces no data; 市公安局 receives 法人单位信息 from 市市场监管局, 市教育局's request for 人口基础信息
is refused, 市卫生健康委's request for 不动产登记信息 waits; the 2025 city catalogue is published and 2026's
is being compiled; the system register holds one zombie system, whose project's O&M application rule S5
refuses. Idempotent: a second run changes nothing.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from govproj.accounts.models import User
from govproj.accounts.services import role_grant, user_create
from govproj.common.roles import Role
from govproj.demo.accounts import DEMO_PASSWORD
from govproj.orgs.models import Organisation
from govproj.projects.models import Project
from govproj.sharing import selectors, services
from govproj.sharing.models import (
    Catalogue,
    CityCatalogue,
    CloudStatus,
    InformationSystem,
    Item,
    Resource,
)

LEAD = "dsj_review"
HEADS = {"gaj": "罗志军", "scjgj": "周海涛", "bdcdjj": "莫春华", "xzspj": "梁晓峰"}
PII = "《中华人民共和国个人信息保护法》第三十四条、《中华人民共和国居民身份证法》第六条"
S, N, D, T = "string", "number", "date", "datetime"

# unit: [(资源名称, 摘要, 更新周期, 共享类型, 共享条件, 依据, 开放类型, 数据格式, [(信息项, 类型, 说明, 涉密)])]
CATALOGUES = {
    "gaj": [
        ("人口基础信息", "全市户籍人口和居住证人员基础信息", "daily", "conditional", "仅限依法履职需要核验身份时使用，不得批量下载",
         PII, "closed", "api", [("公民身份号码", S, "18位", False), ("姓名", S, "", False), ("户籍地址", S, "", False),
                                  ("民族", S, "", False), ("出生日期", D, "", False)]),
        ("视频监控点位信息", "公共安全视频监控点位名录（不含视频流）", "monthly", "conditional", "仅限城市管理、应急指挥调度使用",
         "《公共安全视频图像信息系统管理条例》第十八条", "closed", "spatial",
         [("点位编号", S, "", False), ("点位名称", S, "", False), ("经纬度", S, "", False), ("重点部位标识", S, "", True)]),
    ],
    "scjgj": [
        ("法人单位信息", "全市各类市场主体登记信息", "daily", "unconditional", "", "", "open", "database",
         [("统一社会信用代码", S, "", False), ("单位名称", S, "", False), ("法定代表人", S, "", False),
          ("注册资本", N, "万元", False), ("成立日期", D, "", False)]),
        ("行政处罚信息", "市场监管领域行政处罚决定", "weekly", "unconditional", "", "", "open", "database",
         [("处罚决定书文号", S, "", False), ("当事人名称", S, "", False), ("处罚日期", D, "", False)]),
    ],
    "xzspj": [
        ("电子证照", "本市签发的营业执照、许可证等电子证照目录及照面信息", "realtime", "conditional",
         "持证主体授权或依法履职需要", "《国务院关于加快推进全国一体化在线政务服务平台建设的指导意见》", "closed", "api",
         [("证照编号", S, "", False), ("证照类型", S, "", False), ("持证主体", S, "", False), ("有效期至", D, "", False)]),
    ],
    "bdcdjj": [
        ("不动产登记信息", "不动产权利及其他登记事项", "daily", "conditional", "仅限依法查询，须提供查询依据",
         "《不动产登记暂行条例》第二十七条", "closed", "api",
         [("不动产单元号", S, "", False), ("权利人", S, "", False), ("坐落", S, "", False), ("权利类型", S, "", False)]),
    ],
    "jyj": [
        ("学生学籍信息", "全市中小学学生学籍", "monthly", "conditional", "仅限教育、人社、民政资助业务",
         "《中小学生学籍管理办法》第二十二条", "closed", "api",
         [("学籍号", S, "", False), ("学生姓名", S, "", False), ("就读学校", S, "", False), ("资助对象认定", S, "", True)]),
        ("学校名录", "全市各级各类学校基本信息", "yearly", "unconditional", "", "", "open", "spreadsheet",
         [("学校名称", S, "", False), ("学校类别", S, "", False), ("地址", S, "", False)]),
    ],
    "wjw": [
        ("医疗机构执业登记信息", "全市医疗机构执业许可", "weekly", "unconditional", "", "", "open", "database",
         [("机构名称", S, "", False), ("执业许可证号", S, "", False), ("诊疗科目", S, "", False)]),
        ("电子健康档案", "居民电子健康档案", "daily", "none", "", "《中华人民共和国基本医疗卫生法》第九十二条", "closed",
         "database", [("档案编号", S, "", False), ("既往病史", S, "", True)]),
    ],
    "rsj": [
        ("社会保险参保信息", "全市职工和城乡居民参保登记", "daily", "conditional", "仅限依法履职核验参保状态",
         "《中华人民共和国社会保险法》第八十一条", "closed", "api",
         [("社会保障号码", S, "", False), ("参保险种", S, "", False), ("参保状态", S, "", False)]),
    ],
    "mzj": [
        ("低保对象信息", "城乡最低生活保障对象", "monthly", "conditional", "仅限社会救助协同核对", "《社会救助暂行办法》第六十五条",
         "closed", "api", [("救助证号", S, "", False), ("户主姓名", S, "", False), ("保障人数", N, "", False)]),
    ],
}
NO_DATA_UNIT = "yjj"
SYSTEMS = [  # unit, name, cloud, 等保级别, 测评, 密评
    ("gaj", "钦州市人口信息综合管理系统", CloudStatus.EXEMPT, 3, date(2026, 4, 10), date(2026, 5, 20)),
    ("scjgj", "钦州市市场主体登记管理系统", CloudStatus.MIGRATED, 3, date(2025, 3, 15), date(2025, 9, 1)),
    ("jyj", "钦州市智慧教育云平台", CloudStatus.MIGRATED, 2, date(2025, 11, 2), None),
    ("wjw", "钦州市全民健康信息平台", CloudStatus.MIGRATING, 3, date(2026, 6, 1), date(2026, 6, 30)),
    ("ybj", "钦州市医保基金移动稽核系统", CloudStatus.NOT_MIGRATED, 2, date(2025, 10, 20), None),
]
# The zombie system's determinations: flagged, cleared on review, flagged again (the history on the system page).
# Its project's draft O&M application (funds demo), judged today, is refused by rule S5.
DETERMINATIONS = {"钦州市医保基金移动稽核系统": [
    (date(2026, 3, 16), "上线后连续 4 个月无业务访问。",
     date(2026, 4, 20), "经复核，系统处于定点医药机构推广期，暂缓认定。"),
    (date(2026, 9, 15), "推广期满仍无定点医药机构使用，移动稽核功能已由自治区医保信息平台移动端提供。", None, ""),
]}


def _user(username):
    return User.objects.get(username=username)


def _heads(password: str) -> None:
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=HEADS)}
    for code, name in HEADS.items():
        if not User.objects.filter(username=f"{code}_head").exists():
            user = user_create(by=None, username=f"{code}_head", password=password, full_name=name,
                               organisation=orgs[code], title="分管副局长")
            role_grant(by=None, user=user, role=Role.UNIT_HEAD)


def _project(unit: str) -> Project | None:
    """The unit's most advanced live demo project: the one a catalogue matters for."""
    return (Project.objects.filter(unit__code=unit).exclude(state__in=selectors.LIVE_EXCLUDED)
            .order_by("plan_year", "pk").first())


def _catalogues() -> dict[str, Resource]:
    made = {}
    for unit, resources in CATALOGUES.items():
        project = _project(unit)
        if project is None:
            continue
        staff = _user(f"{unit}_staff")
        for name, summary, cycle, share, conditions, basis, open_type, fmt, items in resources:
            resource = services.resource_save(by=staff, project=project, data={
                "name": name, "summary": summary, "source_unit": project.unit, "update_cycle": cycle,
                "share_type": share, "share_conditions": conditions, "legal_basis": basis, "open_type": open_type,
                "data_format": fmt})
            for item, kind, note, classified in items:
                services.item_save(by=staff, resource=resource, data={"name": item, "data_type": kind,
                                                                      "description": note, "classified": classified})
            made[name] = resource
        if unit == "gaj":
            services.collaboration_set(by=staff, project=project,
                                       text="与市行政审批局、市人社局协同办理户籍迁移“跨部门一件事”。")
    quiet = _project(NO_DATA_UNIT)
    if quiet is not None:
        services.no_data_declare(by=_user(f"{NO_DATA_UNIT}_staff"), project=quiet,
                                 statement="项目仅采购应急指挥视频会议终端和大屏设备，接入既有平台，不产生任何新的数据。",
                                 on=date(2026, 3, 2))
    return made


def _requests(made: dict[str, Resource]) -> None:
    on = date(2026, 11, 2)
    if "法人单位信息" in made:
        granted = services.access_request(by=_user("gaj_staff"), resource=made["法人单位信息"], undertaking=True,
                                          purpose="核验涉案企业登记信息", scope="市公安局经侦支队办案系统", on=on)
        items = list(made["法人单位信息"].items.all()[:3])
        services.access_grant(undertaking=True, by=_user("scjgj_head"), request=granted, items=items, scope="市公安局经侦支队办案系统内查询",
                              purpose="核验涉案企业登记信息", valid_until=on + timedelta(days=365), on=on)
    if "人口基础信息" in made:
        refused = services.access_request(by=_user("jyj_staff"), resource=made["人口基础信息"], undertaking=True,
                                          purpose="批量比对全市适龄儿童户籍", scope="教育局招生系统批量下载", on=on)
        services.access_refuse(by=_user("gaj_head"), request=refused,
                               reason="批量下载超出最小必要范围；请改为通过共享交换平台逐条核验接口申请。", on=date(2026, 11, 5))
    if "不动产登记信息" in made:
        services.access_request(by=_user("wjw_staff"), resource=made["不动产登记信息"], undertaking=True,
                                purpose="医疗救助家庭经济状况核对", scope="医疗救助审核岗位逐条查询", on=date(2026, 11, 16))


def _yearly() -> None:
    lead = _user(LEAD)
    draft = services.catalogue_compile(by=lead, year=2025, on=date(2025, 10, 20))
    services.catalogue_publish(by=lead, catalogue=draft, note="依据钦政办〔2019〕5号更新下发2025年度市级政务信息资源目录。",
                               on=date(2025, 10, 28))
    services.catalogue_compile(by=lead, year=2026, on=date(2026, 11, 18))


def _system_project(unit: str, name: str) -> Project | None:
    """The zombie system belongs to its unit's project with O&M fund applications, where rule S5 shows."""
    if name in DETERMINATIONS:
        return Project.objects.filter(unit__code=unit, fund_applications__kind="om").order_by("pk").first()
    return _project(unit)


def _systems() -> None:
    lead = _user(LEAD)
    for unit, name, cloud, level, tested, mipin in SYSTEMS:
        owner = Organisation.objects.get(code=unit)
        services.system_save(by=_user(f"{unit}_staff"), owner=owner, data={
            "name": name, "project": _system_project(unit, name), "cloud_status": cloud, "dengbao_level": level,
            "dengbao_filed_on": tested and tested - timedelta(days=200), "dengbao_tested_on": tested,
            "mipin_tested_on": mipin})
    for name, determinations in DETERMINATIONS.items():
        system = InformationSystem.objects.get(name=name)
        for flagged, reason, cleared, clear_reason in determinations:
            services.system_flag_zombie(by=lead, system=system, reason=reason, on=flagged)
            if cleared:
                services.system_clear_zombie(by=lead, system=system, reason=clear_reason, on=cleared)


def load_demo_sharing(*, stdout=None) -> int:
    """Returns the number of resources loaded (0 when the demo is already there)."""
    if CityCatalogue.objects.exists() or Catalogue.objects.exists():
        if stdout is not None:
            stdout.write(_("信息资源共享演示数据已存在，未重复载入。"))
        return 0
    with transaction.atomic():
        _heads(DEMO_PASSWORD)
        made = _catalogues()
        _requests(made)
        _yearly()
        _systems()
    if stdout is not None:
        stdout.write(_("已载入信息资源共享演示数据：信息资源 {r} 项、信息项 {i} 项、信息系统 {s} 个"
                       "（授权单位负责人账户：{heads}）。").format(
            r=Resource.objects.count(), i=Item.objects.count(), s=InformationSystem.objects.count(),
            heads="、".join(f"{c}_head" for c in HEADS)))
    return len(made)
