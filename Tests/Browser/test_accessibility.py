"""WCAG 2.1 AA checks with axe-core (bundled by axe-playwright-python, no network) on every
panel, in the light and the dark theme: contrast, labels, names, landmarks."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

PANELS = ["/", "/agents", "/tasks", "/activity", "/costs", "/sessions", "/audit", "/users", "/keys", "/webhooks", "/settings"]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module")
def arranged(server):
    """Some agents, tasks and activity so that tables, cards and pills are on the pages."""
    for name, status in (("axe-coder", "busy"), ("axe-tester", "idle")):
        server.request("POST", "/api/agents", {"name": name, "role": "coder"})
        server.request("POST", f"/api/agents/{name}/heartbeat", {"status": status})
    for priority in ("critical", "high", "low"):
        server.ok("POST", "/api/tasks", {"title": f"Accessible {priority} task", "priority": priority, "assigned_to": "axe-coder"})


def violations(page):
    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_panel_meets_wcag_aa(pages, arranged, scheme):
    page = pages.new(role="admin", path="/")
    page.emulate_media(color_scheme=scheme)
    found = {}
    for path in PANELS:
        page.goto(path)
        expect(page.locator("#page-title")).not_to_have_text("")
        page.wait_for_load_state("networkidle")
        problems = violations(page)
        if problems:
            found[path] = problems
    assert found == {}


def test_login_page_meets_wcag_aa(pages):
    page = pages.new(path="/login")
    expect(page.locator("#login-username")).to_be_visible()
    assert violations(page) == []


def test_the_check_catches_a_broken_control(pages):
    """Guards the tests above against passing vacuously: an unlabeled button is reported."""
    page = pages.new(role="admin", path="/")
    expect(page.locator("#page-title")).to_have_text("Overview")
    page.evaluate("document.querySelector('main').append(document.createElement('button'))")
    assert any(problem.startswith("button-name") for problem in violations(page))
