"""The duplicate-construction demo for ``make demo``: the region register and a reviewer's judgements.

Loaded after the demo portfolio. 市大数据发展局's 陈晓明 (``dsj_review``) imports the register the way the
page does (an Excel file through ``common.importing.import_data``), so the audit log shows one import.
Then he judges two projects in review: 市住房城乡建设局's 城市生命线 platform (in evaluation) overlaps the
region's planned platform in part, and 市民政局's 核对平台 upgrade (declared) is distinct from the region's
system after he checked the scope. 市医保局's special declaration (移动支付及电子处方流转) stays unjudged
and shows the L2 warning against 广西医疗保障信息平台. Idempotent: a second run changes nothing.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from govproj.accounts.models import User
from govproj.common.export import xlsx_bytes
from govproj.common.importing import import_data
from govproj.projects.models import Project
from govproj.similarity import importing, services
from govproj.similarity.models import Judgement, RegionProject, Verdict

LEAD = "dsj_review"
B, U, P = "已建成", "在建", "计划统一建设"

# 项目名称, 自治区主管部门, 建设状态, 年度, 建设内容, 主要功能, 文件依据
REGISTER = [
    ("广西数字政务一体化平台", "自治区大数据发展局", U, 2023,
     "建设全区统一的数字政务一体化平台，整合一体化政务服务、一体化协同办公、数据共享交换和统一身份认证、电子证照、电子印章等公共支撑能力，市县部门统一接入使用，不再单独建设同类平台。",
     "一体化协同办公；统一身份认证；电子证照；电子印章；数据共享交换；统一事项管理。",
     "《广西数字政府建设三年行动方案》"),
    ("广西公共数据开放平台", "自治区大数据发展局", B, 2021,
     "建设全区统一的公共数据开放平台，各市县和部门的开放数据统一在自治区平台编目、汇聚和发布。",
     "开放数据目录；数据集下载；数据接口服务；开发者社区；数据应用展示。",
     "《广西公共数据开放管理办法》"),
    ("壮美广西·政务云", "自治区大数据发展局", B, 2019,
     "建设全区统一的“壮美广西·政务云”，设自治区节点和各设区市节点，各级政务信息系统原则上统一部署于政务云，不再新建、扩建部门机房。",
     "云主机；云存储；云数据库；云安全防护；异地灾备；云资源运维监管。",
     "《“壮美广西·政务云”管理办法》"),
    ("广西“智桂通”政务服务移动端", "自治区大数据发展局", B, 2020,
     "建设全区统一的政务服务移动端“智桂通”，各市县移动政务服务统一以“智桂通”城市频道提供，不再单独开发政务服务 APP。",
     "掌上办事；电子证照亮证；社保医保公积金查询；“一件事”掌上办；城市频道。",
     "《广西数字政府建设三年行动方案》"),
    ("广西一体化在线政务服务平台", "自治区大数据发展局", B, 2019,
     "建设全区一体化在线政务服务平台，统一事项受理、统一身份认证、统一电子证照、统一好差评，推进政务服务“一网通办”“跨省通办”和“高效办成一件事”集成办理。",
     "统一受理；电子证照应用；“跨省通办”专区；“高效办成一件事”集成办理；表单智能预填；好差评。",
     "《国务院关于加快推进全国一体化在线政务服务平台建设的指导意见》"),
    ("广西公共安全视频监控联网平台", "自治区公安厅", U, 2022,
     "建设全区公共安全视频监控联网共享平台（“雪亮工程”），实现区、市、县三级视频资源统一汇聚、分级共享和智能解析。",
     "视频资源汇聚；分级共享交换；视频智能解析；视频质量诊断；共享服务门户。",
     "《广西公共安全视频监控建设联网应用工作方案》"),
    ("广西社会救助家庭经济状况核对系统", "自治区民政厅", P, 2026,
     "建设全区统一的社会救助家庭经济状况核对系统，与公安、不动产、税务、市场监管等部门开展跨部门数据比对，市县统一使用，不再分级建设。",
     "核对业务管理；跨部门数据比对；核对报告出具；救助对象动态监测。",
     "自治区民政厅关于全区统一核对系统建设的通知"),
    ("广西医疗保障信息平台", "自治区医保局", B, 2021,
     "按国家医保信息平台标准建设全区统一的医疗保障信息平台，全区医保业务统一经办，医保移动支付、电子处方流转和基金智能监管由自治区平台统一提供。",
     "医保移动支付；电子处方流转；处方审核；定点药店对接；基金智能监管。",
     "《国家医疗保障信息平台建设指南》"),
    ("广西城市运行管理服务平台", "自治区住房城乡建设厅", B, 2023,
     "按照国家城市运行管理服务平台建设指南，建设自治区级城市运行管理服务平台，与国家平台和各设区市平台联网。",
     "业务指导；监督检查；监测分析；综合评价；决策建议；数据交换。",
     "《城市运行管理服务平台建设指南（试行）》"),
    ("广西城市生命线安全工程监测平台", "自治区住房城乡建设厅", P, 2026,
     "计划建设全区城市生命线安全工程监测平台，统一汇聚燃气、供水、排水、桥梁等城市生命线监测数据，开展风险评估预警。",
     "燃气管网监测；供排水监测；桥梁结构健康监测；风险评估预警；应急联动。",
     "自治区住房城乡建设厅城市生命线安全工程试点工作方案"),
    ("广西智慧教育公共服务平台", "自治区教育厅", U, 2024,
     "建设全区统一的智慧教育公共服务平台，汇聚优质数字教育资源，提供网络教研、学生综合素质评价、教育管理决策分析和统一身份认证服务，市县学校统一接入使用。",
     "优质数字教育资源共享；网络教研；学生综合素质评价；教育管理决策分析；统一身份认证。",
     "《广西教育信息化2.0行动计划实施方案》"),
    ("广西全民健康信息平台", "自治区卫生健康委", U, 2022,
     "建设自治区全民健康信息平台，汇聚全区电子健康档案、电子病历数据，支撑跨机构调阅和检查检验结果互认。",
     "电子健康档案；电子病历共享；检查检验结果互认；健康医疗大数据分析。",
     "《广西全民健康信息化发展规划》"),
]

# Project name, register item, verdict, reason
JUDGEMENTS = [
    ("钦州市城市生命线安全监测平台", "广西城市生命线安全工程监测平台", Verdict.OVERLAP,
     "自治区平台为计划统一建设的省级监管平台，本项目建设本市燃气、供排水、桥梁监测感知设施并接入自治区平台；"
     "风险评估预警和应急联动两项功能与自治区平台重叠，应核减，改为调用自治区平台能力。"),
    ("钦州市社会救助家庭经济状况核对平台升级", "广西社会救助家庭经济状况核对系统", Verdict.DISTINCT,
     "经征求自治区民政厅意见，自治区统一核对系统 2027 年底前上线，本项目仅为现有市级平台的接口适配升级，"
     "上线后整体迁移至自治区系统，不属重复建设。"),
]


def register_file() -> bytes:
    """The demo register as the Excel file a lead department would upload."""
    rows = [(name, content, functions, dept, status, basis, year, "")
            for name, dept, status, year, content, functions, basis in REGISTER]
    return xlsx_bytes(title=_("自治区统一建设项目登记"), headers=importing.HEADERS, rows=rows)[0]


@transaction.atomic
def load_demo_similarity(stdout=None) -> int:
    """Import the register and record the judgements that are missing; returns how many items were added."""
    lead = User.objects.get(username=LEAD)
    result = import_data("region_register", by=lead, filename="自治区统一建设项目登记.xlsx", data=register_file())
    for project_name, item_name, verdict, reason in JUDGEMENTS:
        project = Project.objects.filter(name=project_name).first()
        item = RegionProject.objects.get(name=item_name)
        if project is None or Judgement.objects.filter(project=project, matched_region=item).exists():
            continue
        services.judge(by=lead, project=project, matched=item, verdict=verdict, reason=reason)
    if stdout is not None and result.created:
        stdout.write(_("已登记自治区统一建设项目 {n} 个。").format(n=len(result.created)))
    return len(result.created)

