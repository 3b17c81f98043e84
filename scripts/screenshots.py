"""Screenshots of the main pages, for docs/screenshots/.

Runs against a server that is already up (`make run` serves http://127.0.0.1:8000, the
default); it starts no app server itself. Logs in as the demo reviewer. For the evidence
screenshot it serves one statement page on 127.0.0.1 and saves it as evidence of a claim,
so that server must allow loopback: `ARTICLE_FETCH_ALLOW_PRIVATE=1 make run`.

    .venv/bin/python scripts/screenshots.py [BASE_URL] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


STATEMENT = """<!doctype html><html><head><title>Governor Ilyenko: video statement on the
Dovresk port fire</title></head><body><article><h1>Video statement on the Dovresk port fire</h1>
<p>Regional Governor Marta Ilyenko spoke on Tuesday morning after a night of drone strikes on
the river port.</p>
<p>\u201cThe situation in the port is under control, but the fire at the second depot is still
burning,\u201d she said, adding that three people had been taken to hospital.</p>
<p>Schools in the port district stay closed until Thursday.</p></article></body></html>"""


@contextmanager
def statement_page() -> Iterator[str]:
    """The governor's statement, served on 127.0.0.1 for as long as the block runs."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = STATEMENT.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/statements/ilyenko-video.html"
    finally:
        server.shutdown()


def scroll_panel_to(page: Page, selector: str) -> None:
    """Scroll the claim panel (it scrolls on its own) so `selector` is at its top."""
    page.evaluate(
        """selector => {
            const panel = document.querySelector("#claim-panel");
            const target = panel.querySelector(selector);
            panel.scrollTop += target.getBoundingClientRect().top
                - panel.getBoundingClientRect().top - 8;
        }""",
        selector,
    )
    page.wait_for_timeout(300)


def evidence_screenshot(page: Page, article_url: str, out: Path) -> None:
    """A direct quote with a captured statement as evidence: the link captured, dated and
    hashed, and the quote found word for word in it."""
    page.goto(article_url)
    page.wait_for_selector("#claim-panel[data-claim-id]")
    page.locator("#claim-items a", has_text="under control").first.click()
    page.wait_for_selector("#claim-panel blockquote:has-text('under control')")
    with statement_page() as url:
        page.fill("#id_evidence", url)
        page.click("#save-review")
        # In-process tasks capture the link before the saved panel comes back.
        page.wait_for_selector("#panel-notice", timeout=60_000)
    page.evaluate("window.scrollTo(0, 0)")
    scroll_panel_to(page, "label[for=id_evidence]")
    page.screenshot(path=out / "evidence.png")
    if page.locator("#evidence-list .sha256").count() == 0:
        print("evidence.png shows no capture: serve the app with ARTICLE_FETCH_ALLOW_PRIVATE=1")


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
        article_url = page.url.split("?")[0]

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

        evidence_screenshot(page, article_url, out)

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
