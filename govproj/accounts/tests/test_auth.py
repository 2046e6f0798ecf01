import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from govproj.accounts.middleware import SESSION_KEY
from govproj.audit.models import Action, AuditRecord
from govproj.common.roles import Role
from govproj.testing import PASSWORD

LOGIN = reverse("accounts:login")


def _post_login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.django_db
def test_login_and_failed_login_are_audited(client, make_user):
    user = make_user("jyj_staff", Role.UNIT_STAFF, "jyj")
    response = _post_login(client, "jyj_staff", "wrong-password")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode() or "正确" in response.content.decode()
    failed = AuditRecord.objects.get(action=Action.LOGIN_FAILED)
    assert failed.object_repr == "jyj_staff" and failed.actor is None and failed.ip == "127.0.0.1"
    response = _post_login(client, "jyj_staff", PASSWORD)
    assert response.status_code == 302
    ok = AuditRecord.objects.get(action=Action.LOGIN)
    assert ok.actor == user and ok.actor_organisation.code == "jyj"


@pytest.mark.django_db
def test_lockout_after_repeated_failures_refuses_even_the_right_password(client, make_user, settings):
    make_user("jyj_staff", Role.UNIT_STAFF, "jyj")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _post_login(client, "jyj_staff", "wrong-password").status_code == 200
    response = _post_login(client, "jyj_staff", "wrong-password")
    assert response.status_code == 429
    assert "账户已锁定" in response.content.decode()
    response = _post_login(client, "jyj_staff", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditRecord.objects.filter(action=Action.LOCKED_OUT).exists()


@pytest.mark.django_db
def test_other_user_not_locked_by_someone_elses_failures(client, make_user, settings):
    make_user("jyj_staff", Role.UNIT_STAFF, "jyj")
    make_user("jyj_head", Role.UNIT_HEAD, "jyj")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, "jyj_staff", "wrong-password")
    assert _post_login(client, "jyj_head", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_idle_session_expires_with_message_and_audit(client, make_user, login, settings):
    user = make_user("jyj_staff", Role.UNIT_STAFF, "jyj")
    login(user)
    assert client.get("/").status_code == 200
    session = client.session
    session[SESSION_KEY] = time.time() - settings.SESSION_IDLE_MINUTES * 60 - 5
    session.save()
    response = client.get("/", follow=True)
    assert response.redirect_chain[0][0].startswith(LOGIN)
    assert "自动退出" in response.content.decode()
    assert AuditRecord.objects.filter(action=Action.SESSION_EXPIRED, actor=user).exists()
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_recent_activity_keeps_session(client, make_user, login, settings):
    login(make_user("jyj_staff", Role.UNIT_STAFF, "jyj"))
    session = client.session
    session[SESSION_KEY] = time.time() - settings.SESSION_IDLE_MINUTES * 60 + 60
    session.save()
    assert client.get("/").status_code == 200


def test_session_cookie_age_matches_idle_setting(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


@pytest.mark.parametrize(
    "password,ok",
    [
        ("Short1!", False),  # too short
        ("alllowercaseletters", False),  # one class
        ("lowercase12345", False),  # two classes
        ("Lowercase12345", True),  # three classes
        ("lower-case-12345", True),  # lower, digit, symbol
        ("Qz密码Test2024", True),
    ],
)
def test_password_policy(password, ok):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


@pytest.mark.django_db
def test_password_change_keeps_input_on_error_and_is_audited(client, make_user, login):
    user = make_user("jyj_staff", Role.UNIT_STAFF, "jyj")
    login(user)
    url = reverse("accounts:password_change")
    response = client.post(url, {"old_password": PASSWORD, "new_password1": "simple", "new_password2": "simple"})
    assert response.status_code == 200
    assert "至少" in response.content.decode()
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": "NewPass#2025a", "new_password2": "NewPass#2025a"}
    )
    assert response.status_code == 302
    assert AuditRecord.objects.filter(action=Action.PASSWORD_CHANGE, actor=user).exists()
    user.refresh_from_db()
    assert user.check_password("NewPass#2025a")


@pytest.mark.django_db
def test_logout_is_audited(client, make_user, login):
    user = make_user("jyj_staff", Role.UNIT_STAFF, "jyj")
    login(user)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert AuditRecord.objects.filter(action=Action.LOGOUT, actor=user).exists()
