"""What every browser walk shares: Debian's chromium, where screenshots go, and a tab that logs people in."""

import os
from pathlib import Path

from govproj.conftest import PASSWORD

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
