"""Generated documents: the annual work plan as a 公文 (.docx) and the project archive package (.zip)."""

import io
import json
import zipfile

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

from govproj.common.documents import HEADING_FONT, TITLE_FONT, a4_document, cn_date, docx_bytes, grid_table, paragraph
from govproj.common.export import xlsx_bytes
from govproj.common.money import yuan
from govproj.orgs.models import Organisation
from govproj.rulebook.versions import version_on

from .models import AnnualPlan, Project


def _wan(amount) -> str:
    """Ten-thousands of yuan (万元), the unit the plan lists investments in."""
    return yuan(amount / 10000)


def plan_docx(plan: AnnualPlan) -> bytes:
    doc = a4_document(landscape=True)
    entries = list(plan.entries.select_related("project", "project__unit").order_by("rank"))
    version = version_on(plan.submitted_on or timezone.localdate())
    lead = Organisation.objects.get(code=version.lead_department)
    paragraph(doc, str(plan), font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    status = plan.get_status_display()
    if plan.decision_ref:
        status += f"（{plan.decision_ref}）"
    paragraph(doc, f"（{status}）", size=16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    total = sum((e.project.total_investment for e in entries), start=0)
    paragraph(doc, f"根据{version.document}第七条，{lead.name}组织相关部门对各单位报送的{plan.year}年度“数字钦州”建设项目进行了综合评估，"
                   f"现将通过评估的项目按轻重缓急排序列入本年度工作方案，共 {len(entries)} 个项目，总投资 {_wan(total)} 万元。")
    paragraph(doc, "一、项目清单", font=HEADING_FONT, size=16)
    headers = ["序号", "项目名称", "建设单位", "建设性质", "申报类型", "总投资（万元）", "轻重缓急", "主要建设内容"]
    rows = []
    for entry in entries:
        p = entry.project
        rows.append([str(entry.rank), p.name, p.unit.name, p.get_build_type_display(), p.get_declaration_type_display(),
                     _wan(p.total_investment), entry.get_priority_display(), (p.content or "")[:120]])
    grid_table(doc, headers, rows)
    paragraph(doc, "二、有关要求", font=HEADING_FONT, size=16)
    paragraph(doc, "列入本方案的项目经市人民政府审定后，由项目建设单位按程序报审批部门审批；审批事项原则上包括项目建议书、"
                   f"可行性研究报告、初步设计方案等（{version.document}第九条）。")
    paragraph(doc, lead.name, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    paragraph(doc, cn_date(plan.submitted_on or timezone.localdate()), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    return docx_bytes(doc)


def archive_zip(project: Project) -> tuple[bytes, int]:
    """Every version of every document, the timeline and the decisions: what Art. 23's archive holds."""
    buffer = io.BytesIO()
    count = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for a in project.attachments.all():
            name = f"材料/{a.get_kind_display()}/v{a.version}_{a.original_name}"
            with a.file.open("rb") as fh:
                zf.writestr(name, fh.read())
            count += 1
        info = {
            "编号": project.code, "名称": project.name, "建设单位": project.unit.name, "状态": project.get_state_display(),
            "申报类型": project.get_declaration_type_display(), "计划年度": project.plan_year,
            "总投资（元）": str(project.total_investment), "批复总投资（元）": str(project.approved_investment or ""),
            "适用规则版本": project.rulebook, "申报日期": str(project.declared_on or ""),
            "完工日期": str(project.completed_on or ""),
        }
        zf.writestr("项目信息.json", json.dumps(info, ensure_ascii=False, indent=2))
        events = project.events.all()
        rows = [[str(e.on), timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_name, e.label,
                 e.get_from_state_display() if e.from_state else "", e.get_to_state_display() if e.to_state else "",
                 e.reason, e.rulebook,
                 "；".join(f"{f['rule']} {f['message']}（{f['citation']['document']}{f['citation']['article']}）"
                          for f in e.findings)] for e in events]
        content, _n = xlsx_bytes(title="决策记录", headers=["业务日期", "记录时间", "操作人", "事项", "原状态", "新状态",
                                                         "理由/说明", "适用规则版本", "规则发现"], rows=rows)
        zf.writestr("决策记录.xlsx", content)
        opinions = [{"类型": o.get_kind_display(), "轮次": o.round, "出具方": o.addressee,
                     "结论": o.get_conclusion_display(), "必要性": o.necessity, "可行性": o.feasibility,
                     "安全性": o.security, "协同共享范围": o.sharing, "资金来源": o.funding, "意见": o.text,
                     "反馈日期": str(o.submitted_on or "")} for o in project.opinions.select_related("organisation",
                                                                                                  "expert")]
        zf.writestr("意见.json", json.dumps(opinions, ensure_ascii=False, indent=2))
        attempts = [{"次数": a.number, "申请日期": str(a.applied_on), "组织部门": a.organiser.name,
                     "组织方式": a.get_mode_display(), "委员会": a.members, "通过": a.passed, "结论": a.conclusion,
                     "报告备案": str(a.report_filed_on or "")} for a in project.acceptances.select_related("organiser")]
        zf.writestr("验收记录.json", json.dumps(attempts, ensure_ascii=False, indent=2))
    return buffer.getvalue(), count
