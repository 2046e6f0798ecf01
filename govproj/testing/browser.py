"""What every browser walk shares: Debian's chromium, where screenshots go, and a tab that logs people in."""

import os
from pathlib import Path

from playwright.sync_api import expect

from govproj.testing import PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", Path(__file__).resolve().parents[3] / "test-artifacts" / "e2e"))


class BrowserWalk:
    """One browser tab switching between people, as the offices would; screenshots numbered per walk."""

    def __init__(self, browser, base, tag):
        self.page = browser.new_page(locale="zh-CN", viewport={"width": 1400, "height": 1000})
        self.base, self.tag, self.shots = base, tag, 0

    def login(self, username, path=None):
        page = self.page
        page.context.clear_cookies()
        page.goto(self.base + "/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("#todos")
        if path:
            self.goto(path)

    def goto(self, path):
        self.page.goto(path if path.startswith("http") else self.base + path)

    def shot(self, name):
        self.shots += 1
        self.page.screenshot(path=str(ARTIFACTS / f"{self.tag}-{self.shots:02d}-{name}.png"), full_page=True)

    def op(self, name, fields=None, selects=None, radios=None, files=None, ok=True):
        """Open operation ``name``, fill its ``name-``-prefixed fields and submit it."""
        page = self.page
        box = page.locator(f"details#op-{name}")
        if box.get_attribute("open") is None:
            box.locator("summary").click()
        for field, value in (selects or {}).items():
            box.locator(f"select[name='{name}-{field}']").select_option(str(value))
        for field, value in (fields or {}).items():
            box.locator(f"[name='{name}-{field}']").fill(str(value))
        for field, value in (radios or {}).items():
            box.locator(f"input[name='{name}-{field}'][value='{value}']").check()
        for field, (filename, body) in (files or {}).items():
            box.locator(f"input[name='{name}-{field}']").set_input_files(
                {"name": filename, "mimeType": "application/pdf", "buffer": body})
        with page.expect_navigation():
            box.locator("button[type=submit]").click()
        if ok:
            refused = page.locator("#refused")
            assert refused.count() == 0, refused.inner_text()
            invalid = page.locator(".invalid-feedback")
            assert invalid.count() == 0, invalid.all_inner_texts()
        else:
            expect(page.locator("#refused")).to_be_visible()

    def refused(self):
        return self.page.inner_text("#refused")


PDF = b"%PDF-1.4\n% govproj e2e\n"


class ProjectWalk(BrowserWalk):
    """Each person returns to the project page being walked once it exists."""

    project_url = None

    def login(self, username):
        super().login(username, self.project_url)

    def act(self, prefix, fields=None, checks=(), radios=None, files=None, selects=None, ok=True):
        """Open the first action whose id starts with ``prefix``, fill it and submit it."""
        page = self.page
        box = page.locator(f"details.action[id^='action-{prefix}']").first
        key = box.get_attribute("id").removeprefix("action-")
        if box.get_attribute("open") is None:
            box.locator("summary").click()
        for name, value in (fields or {}).items():
            box.locator(f"[name='{key}-{name}']").fill(str(value))
        for name, value in (selects or {}).items():
            box.locator(f"select[name='{key}-{name}']").select_option(value)
        for name, value in (radios or {}).items():
            box.locator(f"input[name='{key}-{name}'][value='{value}']").check()
        for name, value in checks:
            box.locator(f"input[name='{key}-{name}'][value='{value}']").check()
        for name, (filename, body) in (files or {}).items():
            box.locator(f"input[name='{key}-{name}']").set_input_files(
                {"name": filename, "mimeType": "application/pdf", "buffer": body})
        box.locator("button[type=submit]").click()
        page.wait_for_load_state("load")
        if ok:
            refused = page.locator("#refused")
            assert refused.count() == 0, refused.inner_text()

    def upload(self, kind, passed=None):
        selects = {"kind": kind}
        if passed is not None:
            selects["passed"] = "true" if passed else "false"
        self.act("upload", selects=selects, files={"file": (f"{kind}.pdf", PDF)})

    def state(self):
        return self.page.inner_text("#project-state")
