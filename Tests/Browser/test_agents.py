"""Agents and agent detail: live status, register, wake, roles, SOUL editing, filters in the URL."""

import re
import secrets

from playwright.sync_api import expect

def unique(prefix):
    """A name no other test uses (the server is shared by the session)."""
    return f"{prefix}-{secrets.token_hex(3)}"


def make_agent(server, name, role="coder", **extra):
    return server.ok("POST", "/api/agents", {"name": name, "role": role, **extra})["agent"]


def row(page, name):
    return page.locator(f'tr[data-agent="{name}"]')


def test_heartbeat_flips_status_pill_live(server, pages):
    agent = make_agent(server, unique("live"))
    page = pages.new(role="viewer", path="/agents")
    expect(row(page, agent["name"]).locator(".pill")).to_have_text("offline")
    server.ok("POST", f"/api/agents/{agent['id']}/heartbeat", {"status": "busy"})
    expect(row(page, agent["name"]).locator(".pill")).to_have_text("busy", timeout=1000)
    expect(row(page, agent["name"]).locator("time")).to_have_text(re.compile(r"just now|\d+ s ago"))
    assert pages.console_errors == []


def test_register_appears_and_wake_says_when_it_arrives(server, pages):
    name = unique("reg")
    page = pages.new(role="operator", path="/agents")
    page.get_by_role("button", name="Register agent").click()
    dialog = page.locator("dialog")
    dialog.get_by_label("Name").fill(name)
    dialog.get_by_label("Role").fill("researcher")
    dialog.get_by_label("Session key (optional)").fill("session-1")
    dialog.get_by_role("button", name="Register").click()
    expect(page.locator(".notice")).to_have_text(f"Registered {name}.")
    expect(row(page, name)).to_contain_text("researcher")
    row(page, name).get_by_role("button", name=f"Wake {name}").click()
    page.locator("dialog").get_by_label("Message (optional)").fill("Please look at the board")
    page.locator("dialog").get_by_role("button", name="Wake").click()
    expect(page.locator(".notice")).to_have_text(re.compile(r"gets it with its next heartbeat"))
    # The wake request waits for the agent as a notification.
    agent = server.ok("GET", f"/api/agents/{name}")["agent"]
    items = server.ok("GET", f"/api/agents/{agent['id']}/heartbeat")["work_items"]
    assert any(n["type"] == "wake" for group in items for n in group["items"])
    assert pages.console_errors == []


def test_register_error_stays_in_dialog(server, pages):
    existing = make_agent(server, unique("dup"))
    page = pages.new(role="operator", path="/agents")
    page.get_by_role("button", name="Register agent").click()
    page.locator("dialog").get_by_label("Name").fill(existing["name"])
    page.locator("dialog").get_by_role("button", name="Register").click()
    expect(page.locator("dialog .error")).to_contain_text("already exists")
    page.keyboard.press("Escape")
    expect(page.locator("dialog")).to_have_count(0)
    # The browser logs the refused request itself; nothing else may fail.
    assert [e for e in pages.console_errors if "409" not in e] == []


def test_viewer_sees_no_action_buttons(server, pages):
    agent = make_agent(server, unique("view"))
    page = pages.new(role="viewer", path="/agents")
    expect(row(page, agent["name"])).to_be_visible()
    for label in ("Register agent", "Wake", "Message", "Retire", "Delete"):
        expect(page.get_by_role("button", name=label, exact=False)).to_have_count(0)
    page.goto(f"/agents/{agent['name']}")
    expect(page.locator(".agent-title h2")).to_have_text(agent["name"])
    expect(page.locator(".agent-header button")).to_have_count(0)
    expect(page.locator("#soul-editor")).to_have_count(0)
    assert pages.console_errors == []


def test_operator_retires_with_confirmation_and_only_admin_deletes(server, pages):
    agent = make_agent(server, unique("ret"))
    page = pages.new(role="operator", path="/agents")
    expect(row(page, agent["name"]).get_by_role("button", name=f"Delete {agent['name']}")).to_have_count(0)
    row(page, agent["name"]).get_by_role("button", name=f"Retire {agent['name']}").click()
    page.locator("dialog").get_by_role("button", name="Cancel").click()
    expect(row(page, agent["name"])).to_be_visible()
    row(page, agent["name"]).get_by_role("button", name=f"Retire {agent['name']}").click()
    page.locator("dialog").get_by_role("button", name="Retire").click()
    expect(row(page, agent["name"])).to_have_count(0)
    page.get_by_label("Show retired").check()
    expect(page).to_have_url(re.compile(r"show_hidden=true"))
    expect(row(page, agent["name"])).to_contain_text("retired")

    admin = pages.new(role="admin", path="/agents?show_hidden=true")
    admin_row = row(admin, agent["name"])
    admin_row.get_by_role("button", name=f"Delete {agent['name']}").click()
    admin.locator("dialog").get_by_role("button", name="Delete").click()
    expect(admin.locator(".notice")).to_have_text(f"{agent['name']} was deleted.")
    expect(admin_row).to_have_count(0)
    assert server.request("GET", f"/api/agents/{agent['id']}")[0] == 404
    assert pages.console_errors == []


def test_status_filter_deep_link(server, pages):
    busy = make_agent(server, unique("busy"))
    idle = make_agent(server, unique("idle"))
    server.ok("POST", f"/api/agents/{busy['id']}/heartbeat", {"status": "busy"})
    page = pages.new(role="viewer", path="/agents?status=busy")
    expect(page.get_by_label("Status")).to_have_value("busy")
    expect(row(page, busy["name"])).to_be_visible()
    expect(row(page, idle["name"])).to_have_count(0)
    page.get_by_label("Status").select_option("")
    expect(page).to_have_url(re.compile(r"/agents$"))
    expect(row(page, idle["name"])).to_be_visible()
    assert pages.console_errors == []


def test_current_task_and_counts(server, pages):
    agent = make_agent(server, unique("worker"))
    task = server.ok("POST", "/api/tasks", {"title": f"Work for {agent['name']}", "status": "in_progress", "assigned_to": agent["name"]})["task"]
    page = pages.new(role="viewer", path="/agents")
    expect(row(page, agent["name"]).locator(".current-task")).to_contain_text(task["title"])
    expect(row(page, agent["name"]).locator(".task-counts")).to_contain_text("1 in progress")
    assert pages.console_errors == []


def test_agent_detail_soul_save_and_live_history(server, pages):
    agent = make_agent(server, unique("soul"), soul_content="# Old soul")
    server.ok("POST", "/api/tasks", {"title": f"Task of {agent['name']}", "status": "assigned", "assigned_to": agent["name"]})
    server.ok("POST", "/api/agents/message", {"to": agent["name"], "message": "Welcome aboard"})
    page = pages.new(role="operator", path=f"/agents/{agent['name']}")
    expect(page.locator(".agent-title h2")).to_have_text(agent["name"])
    expect(page.locator("#soul-editor")).to_have_value("# Old soul")
    expect(page.locator("section[aria-labelledby=ad-tasks]")).to_contain_text(f"Task of {agent['name']}")
    expect(page.locator("section[aria-labelledby=ad-messages]")).to_contain_text("Welcome aboard")
    page.locator("#soul-editor").fill("# New soul\nBe precise.")
    page.get_by_role("button", name="Save SOUL").click()
    expect(page.locator(".soul-status")).to_contain_text("SOUL")
    assert server.ok("GET", f"/api/agents/{agent['id']}/soul")["soul_content"] == "# New soul\nBe precise."
    # A heartbeat shows up in the header and the history without a reload.
    server.ok("POST", f"/api/agents/{agent['id']}/heartbeat", {"status": "busy"})
    expect(page.locator(".agent-status .pill")).to_have_text("busy", timeout=1000)
    expect(page.locator("section[aria-labelledby=ad-history]")).to_contain_text("busy")
    page.reload()
    expect(page.locator("#soul-editor")).to_have_value("# New soul\nBe precise.")
    assert pages.console_errors == []


def test_screenshots(server, pages):
    lead = make_agent(server, unique("lead"), role="coordinator", session_key="s-lead", soul_content="# Lead\nPlans the work and reviews it.")
    coder = make_agent(server, unique("coder"), role="coder")
    make_agent(server, unique("tester"), role="tester")
    server.ok("POST", f"/api/agents/{lead['id']}/heartbeat", {"status": "online"})
    server.ok("POST", f"/api/agents/{coder['id']}/heartbeat", {"status": "busy"})
    server.ok("POST", "/api/tasks", {"title": "Implement the export endpoint", "status": "in_progress", "assigned_to": coder["name"]})
    server.ok("POST", "/api/tasks", {"title": "Review the export endpoint", "status": "assigned", "assigned_to": lead["name"]})
    server.ok("POST", "/api/agents/message", {"to": lead["name"], "message": "The export endpoint is ready for review."})
    page = pages.new(role="admin", path="/agents")
    expect(row(page, coder["name"]).locator(".current-task")).to_contain_text("Implement the export endpoint")
    pages.screenshot(page, "agents")
    page.goto(f"/agents/{lead['name']}")
    expect(page.locator("section[aria-labelledby=ad-messages]")).to_contain_text("ready for review")
    expect(page.locator("section[aria-labelledby=ad-notifications]")).to_contain_text("Direct Message")
    pages.screenshot(page, "agent-detail")
    assert pages.console_errors == []
