"""The payment-monitoring demo for ``make demo``: the treasury's files imported, screened and partly handled.

Loaded after the demo portfolio and fund ledger (``no_fiscal_review`` looks at the portfolio's
projects). The five files of ``data/monitoring/`` (made by ``monitoring_files``) go through ``common.importing.import_data``
as 市财政局's 刘芳 (``czj_finance``) would upload them, ``services.screen`` turns them into doubts, and
a handful of doubts are walked through the workflow with the services, the way people would in the
browser:

- 市教育局 (``jyj_staff`` answers for it): a 100 万元 payment without the large-payment approval —
  verified from the materials, confirmed, phone notice, the unit's result and finance's acceptance:
  closed; cash paid out for student relief — confirmed, phone notice (open); money moved into a
  school's real-fund account — departmental assistance, written opinion whose deadline has passed,
  用款计划 suspended (Art. 15 (四)); a payment on a project still under fiscal review — interview,
  written opinion, the unit's result submitted and waiting for finance's review.
- 市卫生健康委: a payment on a project never sent to fiscal review — written opinion with a deadline
  still ahead.
- 中国建设银行钦州分行 paid 30 hours late: service-quality score deducted, closed (Art. 16).
- Dismissed after verification: a 文旅 promotion budget caught by the keyword “旅游”, and one of
  市司法局's December payments; one split payment still being verified; one large payment assigned.

The services take the story's business dates but stamp the wall clock on the moments (``found_at``,
``concluded_at``, the form's ``opened_at``/``closed_at``); the demo moves those stamps to the
story's dates afterwards, so the pages read chronologically. Idempotent: a second run finds the
payments file already imported and does nothing.
"""

import csv
import hashlib
import io
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govproj.accounts.models import User
from govproj.common.importing import import_data
from govproj.demo.documents import pdf
from govproj.demo.monitoring_files import OUT as DATA
from govproj.monitoring import services
from govproj.monitoring.models import Case, Doubt, HandlingAction, ImportBatch, Payment, Verification

Kind = ImportBatch.Kind
FILES = [(Kind.ACCOUNTS, "accounts.csv"), (Kind.INDICATORS, "indicators.csv"), (Kind.PLANS, "plans.csv"),
         (Kind.PAYMENTS, "payments.csv"), (Kind.FEEDBACK, "feedback.csv")]
FINANCE, UNIT = "czj_finance", "jyj_staff"
M, PHONE, INTERVIEW, ASSIST = (Verification.Method.MATERIALS, Verification.Method.PHONE,
                               Verification.Method.INTERVIEW, Verification.Method.ASSIST)
A = HandlingAction.Kind


def planted() -> list[dict]:
    """The answer key of the demo files: voucher, rule, expected (命中/不命中), label, note."""
    return list(csv.DictReader(io.StringIO((DATA / "planted.csv").read_text("utf-8-sig"))))


def voucher(label: str) -> str:
    return next(r["凭证号"] for r in planted() if r["标签"] == label)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def pdf_upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf(text), content_type="application/pdf")


class Walk:
    def __init__(self, finance: User, unit: User):
        self.finance, self.unit = finance, unit

    def doubt(self, label: str, rule: str) -> Doubt:
        return Doubt.objects.select_related("payment").get(payment__voucher=voucher(label), rule=rule)

    def verify(self, doubt, method, on: date, contact: str, record: str) -> None:
        services.doubt_verify(by=self.finance, doubt=doubt, method=method, on=on, contact=contact, record=record)

    def conclude(self, doubt, confirmed: bool, on: date, conclusion: str) -> Case | None:
        doubt = services.doubt_conclude(by=self.finance, doubt=doubt, confirmed=confirmed, conclusion=conclusion,
                                        on=on)
        Doubt.objects.filter(pk=doubt.pk).update(concluded_at=at(on, 16))
        if confirmed:
            Case.objects.filter(doubt=doubt).update(opened_at=at(on, 16))
            return Case.objects.get(doubt=doubt)
        return None

    def act(self, case, kind, on: date, text: str, **extra) -> None:
        services.case_act(by=self.finance, case=case, kind=kind, on=on, text=text, **extra)

    def result(self, case, on: date, text: str, by=None, files=()) -> None:
        services.case_submit_result(by=by or self.unit, case=case, on=on, text=text, files=files)

    def review(self, case, on: date, accepted: bool, note: str) -> None:
        services.case_review(by=self.finance, case=Case.objects.get(pk=case.pk), accepted=accepted, note=note, on=on)
        if accepted:
            Case.objects.filter(pk=case.pk).update(closed_at=at(on, 17))

    def run(self) -> None:
        today = timezone.localdate()
        # A. 市教育局, 100 万元 without the large-payment approval: closed
        d = self.doubt("large_jyj", "large_amount")
        self.verify(d, M, date(2026, 3, 19), "市教育局计划财务科",
                    "调阅支付凭证、施工合同和局党组会议纪要：该笔 100 万元运动场改造工程款未履行大额资金支付审批程序，"
                    "支付指令未附大额审批单号。")
        case = self.conclude(d, True, date(2026, 3, 20),
                             "单笔支付 100 万元（含本数）属大额资金，未按规定程序办理审批手续即支付，确认违规（第九条第一项第10目）。")
        self.act(case, A.PHONE_NOTICE, date(2026, 3, 20),
                 "电话通知市教育局计划财务科：立即补办大额资金支付审批手续，5 个工作日内报送整改结果及佐证材料。")
        self.result(case, date(2026, 3, 27), "已经局党组会议研究补办大额资金支付审批手续，今后大额支付一律先审批后支付。",
                    files=[pdf_upload("大额资金支付审批单（补办）.pdf", "large payment approval")])
        self.review(case, date(2026, 3, 31), True, "审批手续已补办齐全，佐证材料完整，整改到位，予以办结。")

        # B. 市教育局, cash for student relief: phone notice, open
        d = self.doubt("cash_jyj", "cash_withdrawal")
        self.verify(d, PHONE, date(2026, 1, 23), "市教育局计划财务科 黄文静",
                    "电话核实：春节前为赶时间发放困难学生临时救助金，以现金方式从零余额账户提取 4.8 万元，现场发放。")
        case = self.conclude(d, True, date(2026, 1, 26),
                             "救助金应通过银行转账直接发放至受助学生家庭账户，不属于可提取现金的范围，确认违规（第九条第一项第6目）。")
        self.act(case, A.PHONE_NOTICE, date(2026, 1, 26),
                 "电话通知市教育局：补齐救助金发放签领清单，今后救助金一律通过银行转账发放，整改后报送书面说明。")

        # C. 市教育局 → 钦州市第一中学 real-fund account: written opinion overdue, plan suspended
        d = self.doubt("own_to_school", "own_account_transfer")
        self.verify(d, ASSIST, date(2026, 9, 15), "市教育局计划财务科、钦州市第一中学财务室",
                    "部门协查：经市教育局计划财务科和第一中学提供账册，35 万元学生资助资金划入学校实有资金账户后尚未发放，"
                    "滞留学校账户。")
        case = self.conclude(d, True, date(2026, 9, 18),
                             "将财政资金从零余额账户划转至所属学校实有资金账户，属第九条第一项第13目所列情形，确认违规。")
        self.act(case, A.WRITTEN_OPINION, date(2026, 9, 21),
                 "书面整改意见：将 35 万元资金退回零余额账户，按学生资助名单直接支付到人，于 2026 年 10 月 30 日前报送整改结果。",
                 deadline=date(2026, 10, 30))
        self.act(case, A.SUSPEND_PLAN, date(2026, 11, 10),
                 "市教育局未在书面整改意见规定期限内落实整改，依第十五条第四项暂缓批复其 2026 年 12 月用款计划，直至整改到位。")

        # D. 市教育局, a project still under fiscal review: interview, written opinion, result submitted
        d = self.doubt("nfr_jyj", "no_fiscal_review")
        self.verify(d, INTERVIEW, date(2026, 11, 9), "市教育局分管副局长、计划财务科科长",
                    "约谈核实：钦州市中小学校园安全视频监控联网工程已于 10 月 27 日送财政投资评审，评审尚未完成，"
                    "单位按采购合同先行支付了前端设备预付款 63 万元。")
        case = self.conclude(d, True, date(2026, 11, 10),
                             "项目未完成财政投资评审即支付项目资金，确认违规（第九条第一项第4目）。")
        self.act(case, A.WRITTEN_OPINION, date(2026, 11, 10),
                 "书面整改意见：暂停支付该项目资金，待财政投资评审完成后按审定金额调整合同价款，并报送整改结果。",
                 deadline=max(date(2026, 12, 10), today + timedelta(days=14)))
        self.result(case, date(2026, 11, 18),
                    "已暂停该项目后续支付，与供应商签订补充协议：合同价款以财政投资评审审定金额为准，预付款在结算时据实抵扣。",
                    files=[pdf_upload("整改情况报告.pdf", "rectification report"),
                           pdf_upload("补充协议.pdf", "supplementary agreement")])

        # E. 市卫生健康委, a project never sent to fiscal review: written opinion, deadline ahead
        d = self.doubt("nfr_wjw", "no_fiscal_review")
        self.verify(d, M, date(2026, 10, 20), "市卫生健康委规划信息科",
                    "调阅项目批复和支付材料：钦州市基层医疗卫生机构信息系统升级项目已批复，但尚未送财政投资评审。")
        self.verify(d, ASSIST, date(2026, 11, 3), "市大数据发展局项目科",
                    "部门协查：市大数据发展局确认该项目批复后未提交财政投资评审申请。")
        case = self.conclude(d, True, date(2026, 11, 13),
                             "项目未按规定完成财政投资评审即支付开发预付款 42 万元，确认违规（第九条第一项第4目）。")
        self.act(case, A.WRITTEN_OPINION, date(2026, 11, 16),
                 "书面整改意见：立即将项目送财政投资评审，评审完成前暂停支付项目资金，限期报送整改结果。",
                 deadline=max(date(2026, 12, 16), today + timedelta(days=21)))

        # F. the agent bank paid 30 hours late: score deducted, answer recorded by finance, closed
        d = self.doubt("late_gaj", "late_payment")
        self.verify(d, PHONE, date(2026, 3, 12), "中国建设银行钦州分行国库业务部",
                    "电话核实：代理银行因系统升级，支付指令积压，次日下午才完成支付。")
        case = self.conclude(d, True, date(2026, 3, 13), "代理银行未按支付指令及时支付资金，确认违规（第九条第二项第2目）。")
        self.act(case, A.BANK_SCORE, date(2026, 3, 16), "未按支付指令及时支付，纳入代理银行服务质量考评，扣 2 分。",
                 score="2.0")
        self.result(case, date(2026, 3, 20), "代理银行书面说明：已完成系统升级应急预案，支付指令当日处理。",
                    by=self.finance)
        self.review(case, date(2026, 3, 23), True, "代理银行已说明原因并落实整改措施，予以办结。")

        # dismissed after verification
        d = self.doubt("prohibited_tourism_promotion", "prohibited_use")
        self.verify(d, M, date(2026, 4, 24), "市文化广电体育旅游局财务室",
                    "调阅合同、项目预算和验收资料：系全域旅游宣传推广业务经费，由市文化广电体育旅游局按批复的部门预算支出。")
        self.conclude(d, False, date(2026, 4, 27),
                      "用途中的“旅游”系文旅部门旅游推广业务，不属于公款旅游，排除疑点。")
        d = Doubt.objects.filter(rule="year_end_rush", payment__voucher=voucher("yer_sfj_0")).get()
        self.verify(d, INTERVIEW, date(2026, 1, 8), "市司法局办公室主任",
                    "约谈核实：公共法律服务平台升级合同约定 12 月验收后一次性付款，验收报告日期 2025 年 12 月 5 日。")
        self.conclude(d, False, date(2026, 1, 9), "该笔系按合同约定验收后支付，不属于突击花钱，排除此笔疑点；其余 12 月支付继续核实。")

        # still being verified, and one assigned
        d = self.doubt("split_jtysj_0", "split_payment")
        self.verify(d, ASSIST, date(2026, 4, 20), "市交通运输局公路科",
                    "部门协查：请市交通运输局提供县乡公路桥梁加固工程合同及分段验收资料，核实两笔支付是否为同一合同拆分。")
        services.doubt_assign(by=self.finance, doubt=self.doubt("large_jtysj", "large_amount"), assignee=self.finance)


def backdate_found() -> None:
    """Each doubt as found the working morning after its payment, as a daily screening would have."""
    for doubt_id, paid_at in Doubt.objects.values_list("pk", "payment__paid_at"):
        found = timezone.localtime(paid_at).date() + timedelta(days=1)
        while found.weekday() >= 5:
            found += timedelta(days=1)
        Doubt.objects.filter(pk=doubt_id).update(found_at=at(found, 8))


def load_demo_monitoring(*, stdout=None) -> int:
    """Import, screen and walk the demo; returns the number of doubts found (0 when it is already there)."""
    data = {name: (DATA / name).read_bytes() for _kind, name in FILES}
    if ImportBatch.objects.filter(kind=Kind.PAYMENTS, sha256=hashlib.sha256(data["payments.csv"]).hexdigest()).exists():
        if stdout is not None:
            stdout.write(_("支付监控演示数据已存在，未重复载入。"))
        return 0
    finance, unit = User.objects.get(username=FINANCE), User.objects.get(username=UNIT)
    with transaction.atomic():
        for kind, name in FILES:
            import_data(kind, by=finance, filename=name, data=data[name])
        result = services.screen(by=finance)
        backdate_found()
        Walk(finance, unit).run()
    if stdout is not None:
        stdout.write(_("已载入支付监控演示数据：支付 {payments} 笔，疑点 {doubts} 个，处理单 {cases} 份"
                       "（{finance} 导入、核实和处理；{unit} 查看本单位处理单并报送整改结果）。").format(
            payments=Payment.objects.count(), doubts=result["new_doubts"], cases=Case.objects.count(),
            finance=FINANCE, unit=UNIT))
    return result["new_doubts"]
