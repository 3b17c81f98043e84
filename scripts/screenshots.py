"""Screenshots of the main pages, for docs/screenshots/.

Runs against a server that is already up (`make run` serves http://127.0.0.1:8000, the
default); it starts nothing itself. Logs in as the demo reviewer.

    .venv/bin/python scripts/screenshots.py [BASE_URL] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--username", default="reviewer")
    parser.add_argument("--password", default="factcheck-demo")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1480, "height": 940})
        log_in(page, base, args.username, args.password)

        page.goto(f"{base}/")
        page.screenshot(path=out / "articles.png", full_page=True)

        page.click("table.articles td.title a")
        page.wait_for_selector("#claim-panel[data-claim-id]")
        # Select the third claim with the keyboard, as a reviewer would.
        page.keyboard.press("j")
        page.keyboard.press("j")
        page.wait_for_timeout(600)
        page.screenshot(path=out / "review.png")

        page.keyboard.press("?")
        page.screenshot(path=out / "review-keys.png")
        page.keyboard.press("Escape")

        source_link = page.locator("#claim-panel dl.facts a").first
        source_href = source_link.get_attribute("href") if source_link.count() else None

        page.goto(f"{base}/queue/")
        page.screenshot(path=out / "queue.png", full_page=True)

        page.goto(f"{base}/sources/")
        page.screenshot(path=out / "sources.png", full_page=True)
        if source_href:
            page.goto(f"{base}{source_href}")
            page.screenshot(path=out / "source.png", full_page=True)

        page.goto(f"{base}/articles/new/")
        page.screenshot(path=out / "submit.png")

        # The public side, as a reader with no account sees it, on a desktop and a phone.
        reader = browser.new_page(viewport={"width": 1280, "height": 900})
        reader.goto(f"{base}/factchecks/")
        first = reader.locator(".factcheck-list a.fc-title").first
        if first.count():
            first.click()
            reader.wait_for_selector("article.factcheck")
            reader.screenshot(path=out / "public.png", full_page=True)
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.goto(reader.url)
            phone.screenshot(path=out / "public-phone.png", full_page=True)
        browser.close()
    for path in sorted(out.glob("*.png")):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
