"""The 监控处理单 (Art. 17) and the 书面整改意见 (Art. 15 (三)) as .docx files."""

import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from docx import Document

from govproj.audit.models import AuditRecord
from govproj.common.documents import DOCX_MIME
from govproj.monitoring import documents, services
from govproj.monitoring.models import HandlingAction

from .conftest import (
    confirmed_case,
    pdf,
)

K = HandlingAction.Kind


def text_of(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_case_form_docx_records_the_whole_handling(people):
    finance = people["finance"]
    case = confirmed_case(people)
    services.case_act(by=finance, case=case, kind=K.PHONE_NOTICE, text="电话通知补办手续。")
    services.case_submit_result(by=people["staff"], case=case, text="已补办审批手续。", files=[pdf()])
    services.case_review(by=finance, case=case, accepted=True, note="整改到位。")
    case.refresh_from_db()
    text = text_of(documents.case_docx(case))
    payment = case.doubt.payment
    for expected in ("钦州市本级财政预算执行动态监控处理单", case.number, "钦州市教育局", payment.voucher, "1,500,000.00",
                     "大额资金支付未按规定程序办理手续", "电话核实", "教育局财务科 李科长", "确认违规", "电话通知规范整改",
                     "整改结果", "已补办审批手续。", "已办结", "整改到位。", "钦市财规〔2023〕1号", "钦州市财政局"):
        assert expected in text, expected


def test_written_opinion_docx_names_the_deadline_and_what_follows(people):
    today = timezone.localdate()
    case = confirmed_case(people)
    deadline = today + timedelta(days=15)
    opinion = services.case_act(by=people["finance"], case=case, kind=K.WRITTEN_OPINION,
                                text="请于期限内补办大额资金审批手续并调整相关账目。", deadline=deadline)
    text = text_of(documents.opinion_docx(case, opinion))
    for expected in ("书面整改意见", "钦州市教育局：", case.doubt.payment.voucher, "请于期限内补办大额资金审批手续",
                     f"{deadline.year}年{deadline.month}月{deadline.day}日前完成整改", "第十五条第三项", "暂缓批复用款计划",
                     "第十五条第四项", f"{today.year}年{today.month}月{today.day}日"):
        assert expected in text, expected


def test_docx_downloads_are_audited(client, people):
    case = confirmed_case(people)
    client.force_login(people["finance"])
    url = reverse("monitoring:case_docx", args=[case.pk])
    assert client.get(url + "?doc=opinion").status_code == 404  # no written opinion yet
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == DOCX_MIME
    assert "attachment" in response["Content-Disposition"]
    assert case.number in text_of(response.content)
    services.case_act(by=people["finance"], case=case, kind=K.WRITTEN_OPINION, text="限期整改",
                      deadline=timezone.localdate() + timedelta(days=5))
    response = client.get(url + "?doc=opinion")
    assert response.status_code == 200 and "书面整改意见" in text_of(response.content)
    assert AuditRecord.objects.filter(action="export", object_type="monitoring.case", object_id=str(case.pk)).count() == 2
