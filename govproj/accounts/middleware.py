"""End a session after a period without requests and tell the user why."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from govproj.audit import services as audit

SESSION_KEY = "govproj_last_activity"


class IdleSessionTimeoutMiddleware:
    """The session store already expires idle sessions; this names the reason and audits it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(SESSION_KEY)
            if last is not None and now - last > settings.SESSION_IDLE_MINUTES * 60:
                audit.record(
                    actor=user,
                    action=audit.Action.SESSION_EXPIRED,
                    obj=user,
                    after={"idle_minutes": settings.SESSION_IDLE_MINUTES},
                    request=request,
                )
                request._govproj_idle_logout = True
                logout(request)
                messages.warning(
                    request,
                    _("您已超过 {minutes} 分钟未操作，为保障账户安全已自动退出，请重新登录。").format(
                        minutes=settings.SESSION_IDLE_MINUTES
                    ),
                )
                return redirect_to_login(request.get_full_path())
            request.session[SESSION_KEY] = now
        return self.get_response(request)

