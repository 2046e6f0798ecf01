"""Walking one project through its declaration: created, submitted, withdrawn, evaluated or reviewed as special.

The stages after (approval to operation) are ``delivery.Delivery``'s; ``Walk`` is what the loader
of ``govproj.demo.projects`` schedules, one per ``Spec`` of the portfolio.
"""

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from govproj.demo.delivery import Delivery, nearest_hundred
from govproj.demo.portfolio import SWITCH
from govproj.projects import services
from govproj.projects.models import AttachmentKind, Conclusion, OpinionKind
from govproj.projects.states import State

REGION_DEPARTMENT = {
    "jyj": "自治区教育厅", "gaj": "自治区公安厅", "wjw": "自治区卫生健康委", "ybj": "自治区医保局", "zjj": "自治区住房城乡建设厅",
    "jtysj": "自治区交通运输厅", "nyncj": "自治区农业农村厅", "sthjj": "自治区生态环境厅", "rsj": "自治区人力资源社会保障厅",
    "mzj": "自治区民政厅", "yjj": "自治区应急管理厅", "scjgj": "自治区市场监管局", "dsj": "自治区大数据发展局",
    "bdcdjj": "自治区自然资源厅", "cgj": "自治区住房城乡建设厅", "xzspj": "自治区大数据发展局", "rx12345": "自治区大数据发展局",
    "slj": "自治区水利厅",
}
ADCODE = {"qinnan": "450702", "qinbei": "450703", "lingshan": "450721", "pubei": "450722"}


class Walk(Delivery):
    """One project's history, as a generator: it yields the date of its next act, then performs it."""

    # the path
    def run(self) -> Iterator[date]:
        s = self.s
        created = s.story.get("created") or self.loader.workday(s.declared - timedelta(days=12), back=True)
        yield created
        self.create(created)
        if s.declared is None:
            return
        yield s.declared
        self.p = services.submit(by=self.staff, project=self.p, on=s.declared)
        if "withdraw" in s.story:
            day, reason = s.story["withdraw"]
            yield day
            self.p = services.withdraw(by=self.staff, project=self.p, reason=reason, on=day)
            if "redraft" in s.story:
                yield s.story["redraft"]
                self.p = services.redraft(by=self.staff, project=self.p, on=s.story["redraft"])
            return
        if s.kind == "special":
            yield from self.special()
        elif s.flags.get("centrally_funded"):
            yield from self.build()
        else:
            yield from self.annual()

    def create(self, on: date) -> None:
        s = self.s
        amount = Decimal(s.amount)
        shares = [Decimal(x) for x in s.funds]
        parts = [nearest_hundred(amount * share) for share in shares]
        last = max(i for i, share in enumerate(shares) if share)
        parts[last] += amount - sum(parts)
        declared = s.declared or on
        region = REGION_DEPARTMENT.get(s.unit, "自治区对口主管部门")
        fields = dict(
            name=s.name, category=s.category, declaration_type=s.kind, plan_year=s.year, build_type=s.build,
            content=s.content, functions=s.functions, total_investment=amount.quantize(Decimal("0.01")),
            fund_central=parts[0], fund_region=parts[1], fund_municipal=parts[2], fund_other=parts[3],
            region_platform_code=f"{declared.year}-{ADCODE.get(s.unit, '450700')}-65-01-{self.loader.serial():06d}",
            region_opinion=f"已征求{region}意见，原则同意建设，要求做好与自治区相关业务系统的数据对接。",
            common_apps="统一身份认证、电子证照、电子印章、市公共数据平台",
            **s.flags,
        )
        self.p = services.project_create(by=self.staff, unit=self.loader.units[s.unit], on=on, **fields)
        kinds = s.story.get("docs", [AttachmentKind.CONSTRUCTION_PLAN, AttachmentKind.RESOURCE_CATALOG,
                                     AttachmentKind.CRYPTO_PLAN, AttachmentKind.XINCHUANG_PLAN])
        if declared >= SWITCH and s.declared:
            kinds = [AttachmentKind.REGION_REQUIREMENT, *kinds]
        for kind in kinds:
            self.upload(kind, on)

    def annual(self) -> Iterator[date]:
        s = self.s
        if s.target == State.DECLARED:
            return
        start, end = s.evaluated
        yield start
        experts = [self.cast.expert] if s.story.get("expert") else []
        self.p = services.start_evaluation(by=self.cast.lead(start), project=self.p, experts=experts, on=start)
        opinions = list(self.p.opinions.filter(kind=OpinionKind.EVALUATION, submitted_at__isnull=True)
                        .select_related("organisation", "expert"))
        given = s.story.get("given", len(opinions))
        for i, opinion in enumerate(opinions[:given]):
            day = self.day(start, 6 + 2 * i)
            yield day
            if s.outcome == "return" and i == len(opinions) - 1:
                self.give(opinion, day, Conclusion.REVISE, "建议压减硬件采购规模，优先利用“壮美广西·钦州市云”资源，并补充数据共享清单。")
            elif s.outcome == "reject" and i == 0:
                self.give(opinion, day, Conclusion.DISAGREE, "建设内容与已建系统功能重复，必要性不足。")
            else:
                self.give(opinion, day)
        if end is None:
            return
        yield end
        reasons = {
            "pass": "",
            "return": "请按成员单位意见压减硬件投资、补充信息资源共享清单后重新申报。",
            "reject": "建设内容以展示为主，与已建的城市运行管理服务平台等系统功能重复，必要性不足，不予通过。",
        }
        self.p = services.conclude_evaluation(by=self.cast.lead(end), project=self.p, outcome=s.outcome,
                                              reason=reasons[s.outcome], on=end)
        if s.outcome != "pass" or s.planned is None:
            return
        yield s.planned
        services.plan_add(by=self.cast.lead(s.planned), project=self.p, priority=s.priority,
                          override_reason=s.override, on=s.planned)
        if s.start:
            yield from self.build()

    def special(self) -> Iterator[date]:
        s = self.s
        opinions = list(self.p.opinions.filter(kind=OpinionKind.SPECIAL, submitted_at__isnull=True)
                        .select_related("organisation").order_by("id"))
        opinions.sort(key=lambda o: o.organisation.code == "czj")  # the lead department answers first
        for opinion, day in zip(opinions[:s.story.get("given", 2)], s.opinions, strict=False):
            yield day
            if "rejected" in s.story and opinion.organisation.code == "czj":
                self.give(opinion, day, Conclusion.DISAGREE, "项目不属于急需建设项目，建议纳入年度申报，资金不予专项安排。")
            else:
                self.give(opinion, day, text="同意按专项申报程序报市人民政府审定。" if opinion.organisation.code != "czj"
                          else "资金来源明确，同意。")
        if s.target == State.SPECIAL_REVIEW:
            return
        yield s.special_on
        self.p = services.submit_special(by=self.cast.lead(s.special_on), project=self.p, on=s.special_on)
        if s.target == State.GOV_REVIEW:
            return
        yield s.gov
        rejected = s.story.get("rejected", "")
        self.p = services.government_decide(by=self.cast.government, project=self.p, approve=not rejected,
                                            decision_ref="" if rejected else self.loader.ref("gov", s.gov),
                                            reason=rejected, on=s.gov)
        if s.start:
            yield from self.build()
