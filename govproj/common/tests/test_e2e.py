"""A person in a real browser (Debian's chromium via Playwright) logs in and uses the navigation."""

import pytest

from govproj.common.roles import Role
from govproj.testing import PASSWORD


@pytest.fixture
def page(browser):
    return browser.new_page(locale="zh-CN")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_unit_head_logs_in_and_sees_only_own_unit(live_server, page, make_user):
    make_user("jyj_head", Role.UNIT_HEAD, "jyj", full_name="李建国")
    make_user("jyj_staff", Role.UNIT_STAFF, "jyj", full_name="黄文静")
    make_user("gaj_staff", Role.UNIT_STAFF, "gaj", full_name="王警官")

    page.goto(live_server.url + "/")
    assert "/accounts/login/" in page.url
    page.fill("input[name=username]", "jyj_head")
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    assert page.locator(".alert-danger, .invalid-feedback, .errorlist").count() >= 1
    assert page.input_value("input[name=username]") == "jyj_head"  # what the user typed is kept

    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#todos")
    assert "暂无待办事项" in page.inner_text("#todos")
    assert page.locator("nav >> text=审计日志").count() == 1
    assert page.locator("nav >> text=系统管理").count() == 0

    page.click("nav >> text=人员")
    page.wait_for_selector("table")
    table = page.inner_text("table")
    assert "黄文静" in table and "王警官" not in table


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_rule_trial_warns_while_typing(live_server, page, make_user):
    make_user("jyj_staff", Role.UNIT_STAFF, "jyj")
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", "jyj_staff")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(live_server.url + "/rulebook/evaluate/")
    page.fill("input[name=name]", "城域网升级")
    page.select_option("select[name=unit]", "市教育局")
    page.fill("input[name=declared_on]", "2024-12-05")
    page.wait_for_selector("#eval-rulebook")
    assert page.inner_text("#eval-rulebook") == "钦政办规〔2023〕6号"
    page.fill("input[name=declared_on]", "2024-12-06")
    page.wait_for_function("document.querySelector('#eval-rulebook').innerText === '钦政办规〔2024〕1号'")
    page.select_option("select[name=supports_sharing]", "false")
    page.wait_for_selector("#findings .finding >> text=S2")
    link = page.locator("#findings .finding", has_text="S2").locator("a.citation")
    assert link.get_attribute("href").endswith("#art-29")
