"""Walking one project from the start of approval to operation, with the helpers every stage of a walk uses.

Approval items and the approval document, the fiscal review, construction (quarterly progress,
inspections, the crypto evaluation plan), completion, postponement and acceptance, each act
through ``services`` on its business date. ``walk.Walk`` adds the stages before: declaration,
evaluation or special review, and the plan.
"""

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from govproj.common import money
from govproj.demo.documents import pdf
from govproj.demo.portfolio import LIMIT, Spec
from govproj.projects import selectors, services
from govproj.projects.deadlines import add_months
from govproj.projects.models import (
    AcceptanceAttempt,
    ApprovalItemKind,
    AttachmentKind,
    Conclusion,
    OpinionKind,
    Project,
)
from govproj.projects.states import State

POST = [State.APPROVING, State.APPROVED, State.FISCAL_REVIEW, State.REVIEWED, State.CONSTRUCTING, State.COMPLETED,
        State.ACCEPTANCE_APPLIED, State.ACCEPTING, State.ACCEPTED, State.ARCHIVED, State.OPERATING]
DEPT_REMARK = {
    "wxb": "建议同步落实网络安全等级保护和数据分类分级保护要求，做好关键信息基础设施安全保护。",
    "kjj": "技术路线成熟可行，建议优先采用经过验证的本地化解决方案。",
    "gaj": "应落实网络安全等级保护测评和安全监测预警要求，按期开展等保测评。",
    "gxj": "建议优先选用信创产品，落实安全可靠替代要求。",
    "zjj": "项目不涉及新建土建工程，无意见。",
    "czj": "投资估算基本合理，资金来源明确，建议按轻重缓急纳入预算统筹安排。",
    "bmj": "项目不涉及国家秘密，应按要求落实信创技术应用方案和保密管理要求。",
}
CHAPTERS = ["sharing", "crypto", "xinchuang"]
AMOUNT_SHARE = {  # requested and approved share of the total investment per approval item
    ApprovalItemKind.PROPOSAL: (Decimal("1"), Decimal("1")),
    ApprovalItemKind.FEASIBILITY: (Decimal("0.99"), Decimal("0.97")),
    ApprovalItemKind.ESTIMATE: (Decimal("0.97"), Decimal("0.95")),
}
ACCEPTANCE_DOCS = (AttachmentKind.SUMMARY, AttachmentKind.FINANCIAL_REPORT, AttachmentKind.AUDIT_REPORT,
                   AttachmentKind.XINCHUANG_FILING)


def nearest_hundred(amount) -> Decimal:
    """Whole hundreds of yuan, as money."""
    return ((Decimal(amount) / 100).quantize(Decimal("1"), ROUND_HALF_UP) * 100).quantize(Decimal("0.01"))


def quarter_ends(start: date, stop: date) -> Iterator[date]:
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while True:
        month = quarter * 3
        end = add_months(date(year, month, 1), 1) - timedelta(days=1)
        if end >= stop:
            return
        if end > start:
            yield end
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


class Delivery:
    """A project's walk once it may start approval; the base of ``walk.Walk``, which drives it from ``run``."""

    def __init__(self, loader, spec: Spec):
        self.loader, self.s, self.cast = loader, spec, loader.cast
        self.staff = self.cast.staff(spec.unit)
        self.p: Project | None = None
        terminate = spec.story.get("terminate")
        self.until = State.CONSTRUCTING if terminate else spec.target

    # helpers
    def day(self, base: date, days: int = 0) -> date:
        day = self.loader.workday(base + timedelta(days=days))
        if day > LIMIT:
            raise AssertionError(f"{self.s.key}: act on {day} is after {LIMIT}; move the project's dates earlier")
        return day

    def reach(self, state: str) -> bool:
        return self.until in POST and POST.index(state) <= POST.index(self.until)

    def upload(self, kind: str, on: date, by=None, passed=None, note=""):
        label = str(AttachmentKind(kind).label).replace("/", "、")
        self.loader.uploads += 1
        body = pdf(f"{self.p.code or 'DRAFT'} {kind} #{self.loader.uploads}")
        return services.attachment_upload(
            by=by or self.staff, project=self.p, kind=kind, passed=passed, note=note, on=on,
            upload=SimpleUploadedFile(f"{label}.pdf", body, content_type="application/pdf"))

    def aspects(self, org_code: str | None) -> dict:
        s = self.s
        _central, region, municipal, other = s.funds
        funding = ("中央和自治区资金全额保障。" if not municipal and not other
                   else "资金来源为县级财政和市级补助资金。" if other
                   else "资金来源为自治区补助和市级财政资金。" if region else "资金来源为市级财政资金。")
        return dict(
            necessity="项目符合“数字钦州”建设总体部署，业务需求明确，建设必要。",
            feasibility="建设内容、技术路线和实施计划基本可行，投资估算基本合理。",
            security="应落实网络安全等级保护、商用密码应用和数据安全保护要求。",
            sharing="项目数据应编入信息资源目录，通过市公共数据平台和自治区数据共享交换平台共享。",
            funding=funding,
            text=DEPT_REMARK.get(org_code, "同意该项目建设，建议加强与已建系统的数据共享。") if org_code else
            "项目需求分析较充分，建议细化数据治理和运维保障方案。",
        )

    def give(self, opinion, on: date, conclusion=Conclusion.AGREE, text: str = "") -> None:
        by = opinion.expert or self.cast.of(opinion.organisation.code)
        org_code = opinion.organisation.code if opinion.organisation_id else None
        args = self.aspects(org_code) if opinion.kind == OpinionKind.EVALUATION else {
            "text": self.aspects(org_code)["text"]}
        if text:
            args["text"] = text
        services.opinion_give(by=by, opinion=opinion, conclusion=conclusion, on=on, **args)

    # the path, from the start of approval
    def build(self) -> Iterator[date]:
        s, cast, story = self.s, self.cast, self.s.story
        day = self.day(s.start)
        yield day
        self.p = services.start_approval(by=self.staff, project=self.p, on=day)
        approver = cast.of(self.p.approver.code)
        if story.get("xinchuang") == "approved":
            day = yield from self.xinchuang(day)
        items = list(self.p.approval_items.order_by("order", "id"))
        for n, item in enumerate(items):
            day = self.day(day, 10)
            yield day
            self.submit_item(item, day)
            if story.get("approving") == "item_pending" and n == len(items) - 1:
                return
            if item.kind == ApprovalItemKind.FEASIBILITY and (story.get("return_item")
                                                               or story.get("approving") == "item_returned"):
                day = self.day(day, 8)
                yield day
                services.item_decide(by=approver, item=item, approve=False, on=day, comment=(
                    "可行性研究报告中信息资源共享开放分析篇内容过简，需求分析与建设内容不对应，请修改后重新报送。"))
                if story.get("approving") == "item_returned":
                    return
                day = self.day(day, 12)
                yield day
                self.submit_item(item, day, note="按审批意见修改")
            day = self.day(day, 8)
            yield day
            share = AMOUNT_SHARE.get(item.kind)
            services.item_decide(by=approver, item=item, approve=True, on=day,
                                 approved_amount=nearest_hundred(self.p.total_investment * share[1]) if share else None,
                                 approval_ref=self.loader.ref(self.p.approver.code, day))
        if story.get("approving") == "xinchuang_pending":
            yield from self.xinchuang(day, decide=False)
            return
        day = self.day(day, 7)
        yield day
        self.p = services.issue_approval(by=approver, project=self.p, on=day,
                                         approval_ref=self.loader.ref(self.p.approver.code, day))
        self.upload(AttachmentKind.APPROVAL_DOC, day, by=approver)
        if not self.reach(State.FISCAL_REVIEW):
            return
        day = self.day(day, 12)
        yield day
        review = services.submit_fiscal_review(by=self.staff, project=self.p, amount=self.p.approved_investment, on=day)
        if not self.reach(State.REVIEWED):
            return
        day = review.due_on or self.day(day, 15)
        yield day
        reviewed = nearest_hundred(self.p.approved_investment * Decimal("0.96"))
        self.p = services.complete_fiscal_review(
            by=cast.finance, project=self.p, reviewed_amount=reviewed, on=day,
            comment=f"审减 {money.yuan(self.p.approved_investment - reviewed)} 元，主要为硬件设备单价按市场询价调整。")
        if not self.reach(State.CONSTRUCTING):
            return
        day = self.day(day, 14)
        yield day
        if self.p.total_investment > Decimal("500000"):
            self.upload(AttachmentKind.SUPERVISION_CONTRACT, day)
            day = self.day(day, 4)
            yield day
        self.p = services.start_construction(by=self.staff, project=self.p, on=day)
        end = add_months(day, s.months)
        yield from self.construction(day, end)
        if "terminate" in story:
            term = story["terminate"]
            yield term["on"]
            services.terminate(by=cast.lead(term["on"]), project=self.p, reason=term["reason"], on=term["on"])
            return
        if not self.reach(State.COMPLETED):
            return
        yield from self.finish(end)

    def submit_item(self, item, day: date, note: str = "") -> None:
        kind = item.kind if item.kind in AttachmentKind.values else AttachmentKind.OTHER
        doc = self.upload(kind, day, note=note)
        share = AMOUNT_SHARE.get(item.kind)
        services.item_submit(by=self.staff, item=item, attachment=doc, chapters=CHAPTERS, on=day,
                             requested_amount=nearest_hundred(self.p.total_investment * share[0]) if share else None)

    def xinchuang(self, day: date, decide: bool = True) -> Iterator[date]:
        day = self.day(day, 3)
        yield day
        self.upload(AttachmentKind.XINCHUANG_EVALUATION, day, note="部分前端感知设备和 GPU 推理服务器暂无满足性能要求的信创产品")
        opinion = services.request_xinchuang_exception(by=self.staff, project=self.p, on=day)
        if not decide:
            return day
        day = self.day(day, 9)
        yield day
        services.opinion_give(by=self.cast.secrecy, opinion=opinion, conclusion=Conclusion.AGREE, on=day, text=(
            "经审查评估论证材料，同意前端红外热成像双光谱摄像机暂不实施信创替代，其余软硬件须采用信创产品，待有成熟产品后及时替代。"))
        return day

    def construction(self, start: date, end: date, rework: bool = False) -> Iterator[date]:
        """Progress reports each quarter, inspections and their rectification, until completion (or now)."""
        story = {} if rework else self.s.story
        stop = end if self.reach(State.COMPLETED) else LIMIT
        if "terminate" in story:
            stop = story["terminate"]["on"]
        acts = []
        cap = story.get("cap", 95)
        span = max((end - start).days, 1)
        for q_end in quarter_ends(start, stop):
            report_day = q_end + timedelta(days=5)
            if report_day >= stop:
                continue
            report_day = self.day(report_day)
            if report_day >= stop:
                continue
            pct = 95 if rework else min(cap, max(5, round((q_end - start).days * 20 / span) * 5))
            acts.append((report_day, self.progress(q_end, pct, rework)))
        for spec in story.get("inspections", []):
            holder = {}
            acts.append((spec["on"], self.inspect(spec, holder)))
            if spec.get("rectified"):
                acts.append((spec["rectified"], self.rectify(spec, holder)))
        if self.s.target == State.CONSTRUCTING and self.p.total_investment >= Decimal("1000000"):
            acts.append((self.day(start, 30), self.plan_crypto(end)))
        for day, act in sorted(acts, key=lambda a: a[0]):
            yield day
            act(day)

    def progress(self, q_end: date, pct: int, rework: bool = False):
        period = f"{q_end.year}年第{(q_end.month - 1) // 3 + 1}季度"
        if rework:
            summary = "针对验收发现的问题开展整改：补充接入未接入点位，完成系统性能优化和压力测试复测。"
        elif pct < 30:
            summary = "完成需求调研、详细设计和部分设备到货验收。"
        elif pct < 60:
            summary = "完成主要功能模块开发和云资源部署，开展数据对接。"
        elif pct < 85:
            summary = "完成系统联调和数据迁移，开展用户培训。"
        else:
            summary = "系统进入试运行，整改试运行发现的问题。"
        problems = "部分委办局数据接口提供不及时。" if pct in (40, 45, 50) else ""

        def act(day):
            services.progress_report(by=self.staff, project=self.p, period=period, percent=pct, summary=summary,
                                     problems=problems, on=day)
        return act

    def inspect(self, spec: dict, holder: dict):
        def act(day):
            holder["inspection"] = services.inspection_record(by=self.cast.lead(day), project=self.p,
                                                              findings=spec["findings"],
                                                              rectification_due=spec.get("due"), on=day)
        return act

    def rectify(self, spec: dict, holder: dict):
        def act(day):
            services.inspection_rectify(by=self.staff, inspection=holder["inspection"],
                                        rectification=spec["rectification"], on=day)
        return act

    def plan_crypto(self, end: date):
        def act(day):
            services.crypto_evaluation_record(by=self.staff, project=self.p, due_on=add_months(end, 2), on=day)
        return act

    def finish(self, completed_on: date) -> Iterator[date]:
        story = self.s.story
        day = self.day(completed_on, 3)
        yield day
        self.p = services.complete(by=self.staff, project=self.p, completed_on=completed_on, on=day)
        if story.get("fail_first"):
            day = yield from self.acceptance(completed_on, fail=True)
            completed_on = add_months(day, story["fail_first"])
            yield from self.construction(day, completed_on, rework=True)
            day = self.day(completed_on, 3)
            yield day
            self.p = services.complete(by=self.staff, project=self.p, completed_on=completed_on, on=day)
        if "postpone" in story:
            pp = story["postpone"]
            day = self.day(pp["on"])
            yield day
            request = services.postponement_request(by=self.staff, project=self.p, until=pp["until"],
                                                    reason=pp["reason"], on=day)
            day = self.day(day, 6)
            yield day
            organiser = selectors.acceptance_organiser(self.p, day)
            services.postponement_decide(by=self.cast.of(organiser.code), postponement=request, approve=True, on=day,
                                         comment="理由充分，同意延期至 {d} 前申请验收。".format(d=pp["until"]))
        if not self.reach(State.ACCEPTANCE_APPLIED):
            return
        yield from self.acceptance(completed_on)

    def acceptance(self, completed_on: date, fail: bool = False) -> Iterator[date]:
        story, cast = self.s.story, self.cast
        day = self.day(completed_on, 25)
        yield day
        second = self.p.acceptances.exists()
        for kind in ((AttachmentKind.SUMMARY,) if second else ACCEPTANCE_DOCS):
            self.upload(kind, day, note="整改后重新编制" if second else "")
        self.upload(AttachmentKind.SECURITY_ASSESSMENT, day, passed=True)
        crypto = self.upload(AttachmentKind.CRYPTO_ASSESSMENT, day, passed=True)
        if not second:
            services.crypto_evaluation_record(by=self.staff, project=self.p, due_on=add_months(completed_on, 3),
                                              done_on=day, passed=True, attachment=crypto, on=day)
        if story.get("late_apply"):
            self.p.refresh_from_db()
            day = self.day(self.p.acceptance_due, 24)
        else:
            day = self.day(day, 12)
        yield day
        attempt = services.apply_acceptance(by=self.staff, project=self.p, on=day)
        if not fail and not self.reach(State.ACCEPTING):
            return day
        organiser = cast.of(attempt.organiser.code)
        day = self.day(day, 10)
        yield day
        mode = story.get("mode", AcceptanceAttempt.Mode.COMMITTEE if self.p.total_investment >= Decimal("1000000")
                         else AcceptanceAttempt.Mode.UNIT_GUIDED)
        members = {
            AcceptanceAttempt.Mode.COMMITTEE: f"{attempt.organiser.short_name}牵头，市委网信办、市财政局、市保密局各 1 人及行业专家 3 人组成验收委员会。",
            AcceptanceAttempt.Mode.THIRD_PARTY: "委托钦州市演示信息咨询评估有限公司开展第三方验收。",
            AcceptanceAttempt.Mode.UNIT_GUIDED: f"指导建设单位组织验收，{attempt.organiser.short_name}派员全程监督。",
        }[mode]
        experts = [cast.expert] if mode == AcceptanceAttempt.Mode.COMMITTEE else []
        services.start_acceptance(by=organiser, project=self.p, mode=mode, members=members, experts=experts, on=day)
        if not fail and not self.reach(State.ACCEPTED):
            return day
        if experts:
            day = self.day(day, 9)
            yield day
            opinion = self.p.opinions.get(kind=OpinionKind.ACCEPTANCE, round=attempt.number, expert=cast.expert)
            if fail:
                self.give(opinion, day, Conclusion.DISAGREE, "系统压力测试未达到设计指标，部分点位未接入，建议整改后重新验收。")
            else:
                self.give(opinion, day, text="项目按批复内容完成建设，文档资料齐全，同意通过验收。")
        day = self.day(day, 3)
        yield day
        conclusion = story.get("fail_reason") if fail else "项目按批复的建设内容、规模和投资完成建设，系统运行稳定，同意通过验收。"
        services.conclude_acceptance(by=organiser, project=self.p, passed=not fail, conclusion=conclusion, on=day)
        if fail or not self.reach(State.ARCHIVED):
            return day
        day = self.day(day, 6)
        yield day
        self.upload(AttachmentKind.ACCEPTANCE_REPORT, day, by=organiser)
        day = self.day(day, 10)
        yield day
        self.p = services.file_report(by=self.staff, project=self.p, on=day)
        if not self.reach(State.OPERATING):
            return day
        day = self.day(day, 21)
        yield day
        self.p = services.start_operation(by=self.staff, project=self.p, on=day)
        return day
