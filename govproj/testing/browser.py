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
