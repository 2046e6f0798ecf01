from functools import partial

import pytest

from govproj.orgs.models import Organisation
from govproj.orgs.services import organisations_load
from govproj.testing.accounts import person

# The shared fixtures of the apps' tests (see govproj/testing/__init__.py).
pytest_plugins = ["govproj.testing.projects", "govproj.testing.funds", "govproj.testing.sharing"]


@pytest.fixture
def orgs(db):
    organisations_load()
    return {o.code: o for o in Organisation.objects.all()}


@pytest.fixture
def make_user(orgs):
    """A person created and granted a role through the real services."""
    return partial(person, orgs)


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        return client

    return do


@pytest.fixture
def browser(monkeypatch):
    """Debian's chromium, headless. Playwright's sync API keeps an event loop running in this thread while
    the test's own database calls stay synchronous, so Django's async guard is lifted for the test only."""
    from playwright.sync_api import sync_playwright

    from govproj.testing.browser import ARGS, ARTIFACTS, CHROMIUM

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()
