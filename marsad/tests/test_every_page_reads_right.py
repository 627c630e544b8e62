"""The main pages on the demo, in Arabic, as the roles that use them see them, on a
desktop (1400 px) and on a phone (390 px), in Debian's Chromium:

- axe-core (from the npm registry) finds no WCAG 2.0/2.1 A or AA violation;
- nothing is wider than the screen unless it sits in a frame that scrolls;
- every number written with a percent sign is isolated from the Arabic around it;
- no date is written month first or numerically year first, and no field asks for one;
- one digit system per page.
"""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from marsad.accounts.models import User
from marsad.committee.models import Meeting, Task
from marsad.conftest import VerifiedClient
from marsad.obstacles.models import Obstacle
from marsad.reports.models import ProgressReport
from marsad.tests.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# A desktop, the narrower desktop where the account menu folds, and a phone.
WIDTHS = (1400, 1300, 390)

# What the page shows, read in the browser: boxes wider than the screen outside a
# scrolling frame; text nodes with a number and % not inside an isolate; dates written
# month first or year first; date fields the browser would localise; digit systems.
INSPECT = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (["auto", "scroll", "hidden", "clip"].includes(style.overflowX) && node !== document.body && node !== document.documentElement) return true;
    }
    return false;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (!box.width || getComputedStyle(el).visibility === "hidden") continue;
    if ((box.right > width + 1 || box.left < -1) && !scrolls(el) && !el.closest(".visually-hidden, .dropdown-menu, .offcanvas, .modal, .collapse:not(.show)")) {
      wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + [...el.classList].join("."));
    }
  }
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement && node.parentElement.closest("script, style, .visually-hidden")) continue;
    // Tokens, codes and what someone is editing keep the digits they were written in.
    if (node.parentElement.closest("code, pre, kbd, samp, textarea, [data-keep-digits]")) continue;
    texts.push(node.nodeValue);
  }
  const bare = [];
  const numberPercent = /\\d\\s*[%٪]|[%٪]\\s*\\d/;
  for (const text of texts) {
    if (!numberPercent.test(text)) continue;
    // Each number-with-% must sit between U+2066 and U+2069.
    const outside = text.replace(/\\u2066[^\\u2069]*\\u2069/g, "");
    if (numberPercent.test(outside)) bare.push(text.trim().slice(0, 60));
  }
  const all = texts.join(" ");
  const dates = (all.match(/\\b\\d{4}\\/\\d{1,2}\\/\\d{1,2}\\b|\\b\\d{1,2}\\/\\d{1,2}\\/\\d{2}\\b/g) || []);
  const dateFields = [...document.querySelectorAll("input[type=date], input[placeholder*='mm']")].map((el) => el.name);
  return {
    wide: wide.slice(0, 5),
    bare: bare.slice(0, 5),
    dates: dates.slice(0, 5),
    dateFields,
    latin: (all.match(/\\S*[0-9]\\S*/g) || []).slice(0, 5),
    arabicIndic: (all.match(/\\S*[\\u0660-\\u0669\\u06f0-\\u06f9]\\S*/g) || []).slice(0, 5),
  };
}"""


def pages_for_roles() -> dict[str, list[str]]:
    """The main pages (thirty, with the report form and a second My work), each under
    the role that uses it."""
    meeting = Meeting.objects.filter(committee__code="HC").order_by("-date").first()
    obstacle = Obstacle.objects.filter(level=3).order_by("pk").first()
    task = Task.objects.order_by("pk").first()
    report = ProgressReport.objects.filter(project__code="NHR").order_by("-period_start").first()
    returned = ProgressReport.objects.get(project__code="GOV-PROC", status="returned")
    return {
        "committee": [
            "/",
            "/entities/",
            "/projects/",
            "/projects/GSB/",
            "/projects/INTL-GW/",
            "/strategies/",
            "/strategies/NDTS/",
            "/entities/MOH/",
            "/obstacles/",
            "/obstacles/committee/",
            f"/obstacles/{obstacle.pk}/",
            "/requirements/",
            "/indicators/",
            "/indicators/CSC-ESERVICES/",
            "/meetings/",
            f"/meetings/{meeting.pk}/",
            "/decisions/",
            "/tasks/",
            f"/tasks/{task.pk}/",
            "/rollouts/",
            "/rollouts/E-PAY/",
            "/search/?q=الفوترة",
            "/notifications/",
            f"/projects/as-of/?date={meeting.date.isoformat()}",
        ],
        "pmo": ["/reports/review/", "/projects/GSB/edit/", "/public/settings/"],
        "focal.health": ["/my-work/", f"/reports/{report.pk}/"],
        # The form focal points fill in most: a returned report, with its phases' inputs.
        "focal.finance": [f"/reports/{returned.pk}/edit/", "/my-work/"],
        "": ["/public/"],
    }


@pytest.fixture
def demo_site(transactional_db, live_server, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    call_command("demo", "--quiet-logins", verbosity=0)
    return live_server


def session_cookie(username: str, url: str) -> list[dict]:
    if not username:
        return []
    client = VerifiedClient()
    client.force_login(User.objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": url}]


def test_the_main_pages_pass_axe_fit_the_screen_and_write_numbers_and_dates_one_way(demo_site):
    axe = AXE.read_text()
    roles = pages_for_roles()
    assert sum(len(paths) for paths in roles.values()) >= 30
    problems: dict[str, object] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for username, paths in roles.items():
            for width in WIDTHS:
                # The policy is left aside only so axe-core can be put into the page (the
                # policy itself is tested in test_browser); an English browser, so a date
                # field the browser localised would ask for mm/dd/yyyy.
                context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US", bypass_csp=True)
                context.add_cookies(session_cookie(username, demo_site.url))
                page = context.new_page()
                for path in paths:
                    where = f"{username or 'public'} {width}px {path}"
                    response = page.goto(demo_site.url + path)
                    assert response.status == 200, where
                    page.wait_for_load_state("networkidle")
                    page.add_script_tag(content=axe)
                    found = page.evaluate(
                        """async () => (await axe.run(document, {runOnly: {type: "tag",
                        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})).violations
                        .map((v) => v.id + ": " + v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(" | "))"""
                    )
                    if found:
                        problems[f"{where} axe"] = found
                    seen = page.evaluate(INSPECT)
                    for key in ("wide", "bare", "dates", "dateFields"):
                        if seen[key]:
                            problems[f"{where} {key}"] = seen[key]
                    if seen["arabicIndic"]:  # Latin digits by default, on every page
                        problems[f"{where} digits"] = seen["arabicIndic"]
                context.close()
        browser.close()
    if os.environ.get("MARSAD_SHOW_PAGE_PROBLEMS"):
        print(json.dumps(problems, ensure_ascii=False, indent=1))
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)[:6000]


def test_with_arabic_indic_digits_chosen_every_page_is_written_in_them_charts_included(demo_site, settings):
    """The site set to Arabic-Indic digits: every main page (its charts' labels too) has
    no Latin digit; a person who chose Latin digits on their profile reads the same
    pages with no Arabic-Indic digit."""
    settings.MARSAD_DIGITS = "arab"
    User.objects.filter(username="focal.finance").update(digits="latn")
    roles = pages_for_roles()
    problems: dict[str, object] = {}
    charts_seen = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for username, paths in roles.items():
            context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-US")
            context.add_cookies(session_cookie(username, demo_site.url))
            page = context.new_page()
            for path in paths:
                where = f"{username or 'public'} {path}"
                assert page.goto(demo_site.url + path).status == 200, where
                page.wait_for_load_state("networkidle")
                charts_seen += page.locator("[data-chart] svg text").count()
                seen = page.evaluate(INSPECT)
                wrong = seen["arabicIndic"] if username == "focal.finance" else seen["latin"]
                if wrong:
                    problems[where] = wrong
            context.close()
        browser.close()
    assert charts_seen > 100  # the charts were drawn, and their labels read
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)[:6000]
