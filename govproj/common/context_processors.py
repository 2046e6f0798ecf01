"""Navigation by role: each entry names the permission it needs, so a user sees only what they may open."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

NAV = [
    (_("首页"), "common:home", "", "bi-house"),
    (_("项目"), "projects:list", "view_projects", "bi-kanban"),
    (_("年度工作方案"), "projects:plans", "view_plans", "bi-list-ol"),
    (_("资金"), "funds:ledger", "view_funds", "bi-cash-coin"),
    (_("安全认定"), "funds:security", "determine_security", "bi-shield-exclamation"),
    (_("支付监控"), "monitoring:overview", "view_monitoring", "bi-activity"),
    (_("查重比对"), "similarity:register", "view_projects", "bi-intersect"),
    (_("信息资源共享"), "sharing:resources", "view_sharing", "bi-share"),
    (_("法规库"), "rulebook:list", "view_rulebook", "bi-journal-text"),
    (_("机构"), "orgs:list", "view_orgs", "bi-building"),
    (_("人员"), "accounts:people", "view_people", "bi-people"),
    (_("审计日志"), "audit:list", "view_audit", "bi-journal-check"),
    (_("系统管理"), "admin:index", "admin_site", "bi-gear"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.path
    items = []
    for label, url_name, perm, icon in NAV:
        if perm and not user.has_perm(f"govproj.{perm}"):
            continue
        url = reverse(url_name)
        active = current == url if url == "/" else current.startswith(url)
        items.append({"label": label, "url": url, "icon": icon, "active": active})
    return {"nav_items": items, "unread_notifications": user.notifications.filter(read_at__isnull=True).count()}
