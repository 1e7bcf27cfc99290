"""Screenshots of the home, results and profile pages at 1280 and 390 px wide,
for docs/screenshots/ (see docs/maps.md for how they were made).

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 /specialists/<slug>/
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/lib/chromium/chromium"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PAGES = {"home": "/", "results": "/find/?location=15213&radius=10"}
WIDTHS = (1280, 390)
TALLEST = 2400  # px of a long page kept, from its top


def main(base: str, profile: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--disable-background-networking", "--no-first-run"],
        )
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, path in {**PAGES, "profile": profile}.items():
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(1000)  # the last tiles' drawing
                height = min(
                    page.evaluate("document.documentElement.scrollHeight"), TALLEST
                )
                target = OUT / f"{name}-{width}.png"
                page.screenshot(
                    path=target,
                    clip={"x": 0, "y": 0, "width": width, "height": height},
                    full_page=True,
                )
                print(target)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
