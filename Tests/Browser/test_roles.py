"""Roles in the UI: a viewer gets no write controls, an operator no admin pages, and the API
refuses what the UI does not offer."""

import itertools
import re
import time

import pytest
from playwright.sync_api import expect

_serial = itertools.count(1)
WRITE_BUTTONS = ["Register agent", "New task", "Wake", "Retire", "Delete", "Edit", "Save SOUL", "Post comment",
                 "Approve", "Reject", "Reply"]
ADMIN_PAGES = {"/audit": "Audit log", "/users": "Users", "/keys": "API keys", "/settings": "Settings"}


def unique(prefix):
    return f"{prefix}-{int(time.time()) % 100000}-{next(_serial)}"


@pytest.fixture
def arranged(server):
    """An agent with a task assigned to it, and a comment on the task."""
    agent = server.ok("POST", "/api/agents", {"name": unique("roles-agent"), "role": "coder", "status": "idle"})["agent"]
    task = server.ok("POST", "/api/tasks", {"title": unique("Roles task"), "assigned_to": agent["name"], "priority": "high"})["task"]
    server.ok("POST", f"/api/tasks/{task['id']}/comments", {"content": "Looks good so far."})
    return agent, task


def no_write_buttons(page):
    for label in WRITE_BUTTONS:
        expect(page.get_by_role("button", name=label, exact=True)).to_have_count(0)


def test_viewer_sees_no_write_controls(pages, arranged):
    agent, task = arranged
    page = pages.new(role="viewer", path="/agents")
    expect(page.locator("main")).to_contain_text(agent["name"])
    no_write_buttons(page)

    page.goto(f"/agents/{agent['name']}")
    expect(page.locator("#page-title")).to_have_text("Agent")
    expect(page.locator("main")).to_contain_text(agent["name"])
    expect(page.locator("main")).not_to_contain_text("Loading")
    no_write_buttons(page)
    expect(page.locator("main textarea:not([readonly])")).to_have_count(0)

    page.goto("/tasks")
    card = page.locator(".card", has_text=task["title"])
    expect(card).to_be_visible()
    no_write_buttons(page)
    card.click()
    dialog = page.locator("dialog")
    expect(dialog).to_contain_text("Looks good so far.")
    no_write_buttons(page)
    expect(dialog.locator("textarea")).to_have_count(0)
    dialog.get_by_role("button", name="Close").click()

    page.goto("/activity")
    expect(page.locator("#page-title")).to_have_text("Activity")
    expect(page.locator("main")).not_to_contain_text("Loading")
    no_write_buttons(page)

    # Notifications can be read.
    page.get_by_role("button", name=re.compile(r"^Notifications")).click()
    expect(page.locator("#notifications-panel")).to_be_visible()
    expect(page.locator(".notification-list li").first).to_be_visible()
    assert pages.console_errors == []


def test_viewer_gets_no_mark_all_read(pages):
    page = pages.new(role="viewer", path="/")
    page.get_by_role("button", name=re.compile(r"^Notifications")).click()
    expect(page.locator("#notifications-panel")).to_be_visible()
    expect(page.get_by_role("button", name="Mark all read")).to_have_count(0, timeout=1000)


def test_operator_gets_write_controls_but_no_admin_pages(pages, arranged):
    agent, task = arranged
    page = pages.new(role="operator", path="/agents")
    expect(page.get_by_role("button", name="Register agent")).to_be_visible()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Agents")).to_be_visible()
    for title in ADMIN_PAGES.values():
        expect(nav.get_by_role("link", name=title)).to_have_count(0)
    page.goto("/tasks")
    expect(page.get_by_role("button", name="New task")).to_be_visible()

    for path in ADMIN_PAGES:
        page.goto(path)
        expect(page.locator("main .error")).to_have_text("This page needs the admin role; you are signed in as operator.")
        expect(page.locator("#page-title")).to_have_text("Not allowed")

    # The API refuses as well, whatever the UI shows: the operator's own session cookie.
    statuses = page.evaluate("""async () => {
        const calls = [['GET', '/api/auth/users'], ['GET', '/api/audit'], ['GET', '/api/settings'],
                       ['POST', '/api/tokens/rotate'], ['PUT', '/api/settings', {settings: {'general.agent_timeout_minutes': '5'}}]];
        const out = [];
        for (const [method, path, body] of calls) {
            const response = await fetch(path, {method, headers: {'Content-Type': 'application/json'},
                                                 body: body && JSON.stringify(body)});
            out.push([path, response.status, (await response.json()).error]);
        }
        return out;
    }""")
    for path, status, error in statuses:
        assert status == 403, (path, status, error)
    assert [e for e in pages.console_errors if "status of 403 " not in e] == []


def test_viewer_is_refused_admin_pages_and_routes(pages):
    page = pages.new(role="viewer", path="/settings")
    expect(page.locator("main .error")).to_have_text("This page needs the admin role; you are signed in as viewer.")
    status = page.evaluate("async () => (await fetch('/api/auth/users', {method: 'DELETE', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({id: 1})})).status")
    assert status == 403
    status = page.evaluate("async () => (await fetch('/api/tasks', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({title: 'nope'})})).status")
    assert status == 403
    assert [e for e in pages.console_errors if "status of 403 " not in e] == []
