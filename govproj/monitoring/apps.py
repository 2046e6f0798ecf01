from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "govproj.monitoring"
    verbose_name = _("预算执行动态监控")

    def ready(self):
        from govproj.common import importing, reminders, todos, workflow

        from . import services, states

        for model, machine in states.MACHINES.items():
            workflow.register(model, machine, services.policy)
        todos.register(monitoring_todos)
        reminders.register(services.escalate_overdue)
        importing.register(*services.IMPORTERS)


def monitoring_todos(user) -> list:
    """Finance: doubts to verify, results to review, overdue forms; a unit: its open forms to rectify."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _t

    from govproj.common.roles import Perm
    from govproj.common.scoping import restrict
    from govproj.common.todos import Todo

    from .models import Case, Doubt
    from .rules import RULES

    today = timezone.localdate()
    items: list[Todo] = []
    if user.has_perm(Perm.MANAGE_MONITORING.full):
        unassigned = Doubt.objects.filter(status=Doubt.Status.PENDING, assignee__isnull=True).count()
        if unassigned:
            items.append(Todo(_t("支付监控：{n} 个疑点待分配核实").format(n=unassigned),
                              reverse("monitoring:doubts") + "?status=pending"))
        mine = (Doubt.objects.filter(assignee=user, status__in=[Doubt.Status.PENDING, Doubt.Status.VERIFYING])
                .select_related("payment").order_by("found_at")[:50])
        for d in mine:
            title = RULES[d.rule].title if d.rule in RULES else d.rule
            items.append(Todo(_t("核实支付疑点：{v}（{r}）").format(v=d.payment.voucher, r=title),
                              reverse("monitoring:doubt", args=[d.pk]), since=timezone.localtime(d.found_at).date()))
        for c in Case.objects.filter(status=Case.Status.SUBMITTED).order_by("opened_at")[:50]:
            items.append(Todo(_t("审核整改结果：监控处理单 {n}（{p}）").format(n=c.number, p=c.party_name),
                              reverse("monitoring:case", args=[c.pk]), due=c.deadline))
        for c in Case.objects.filter(status=Case.Status.OPEN, deadline__lt=today).order_by("deadline")[:50]:
            items.append(Todo(_t("监控处理单 {n} 已超过整改期限（{p}）").format(n=c.number, p=c.party_name),
                              reverse("monitoring:case", args=[c.pk]), due=c.deadline, overdue=True))
    elif user.has_perm(Perm.RECTIFY_PAYMENTS.full):
        cases = restrict(Case.objects.filter(status=Case.Status.OPEN, party=Case.Party.UNIT), user,
                         Perm.RECTIFY_PAYMENTS).order_by("deadline", "opened_at")[:50]
        for c in cases:
            items.append(Todo(_t("支付违规整改：监控处理单 {n}").format(n=c.number),
                              reverse("monitoring:case", args=[c.pk]), since=timezone.localtime(c.opened_at).date(),
                              due=c.deadline, overdue=bool(c.deadline and c.deadline < today)))
    return items
