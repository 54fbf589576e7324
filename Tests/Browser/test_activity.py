"""Activity feed: type and actor filters from the URL, live arrivals, paging, replay bursts."""

import re
import secrets

from playwright.sync_api import expect

def unique(prefix):
    """A name no other test uses (the server is shared by the session)."""
    return f"{prefix}-{secrets.token_hex(3)}"


def feed(page):
    return page.locator(".activity-feed li")


def test_type_filter_from_deep_link(server, pages):
    agent = server.ok("POST", "/api/agents", {"name": unique("act"), "role": "coder"})["agent"]
    title = unique("Task")
    server.ok("POST", "/api/tasks", {"title": title})
    page = pages.new(role="viewer", path="/activity?type=agent_created")
    expect(page.get_by_label("Type")).to_have_value("agent_created")
    expect(feed(page).first).to_be_visible()
    expect(page.locator(".activity-feed")).to_contain_text(f"Created agent: {agent['name']}")
    expect(page.locator(".activity-feed")).not_to_contain_text(title)
    types = feed(page).evaluate_all("items => items.map(item => item.dataset.type)")
    assert types and set(types) == {"agent_created"}
    # Changing the filter rewrites the URL, so the view can be shared.
    page.get_by_label("Type").select_option("task_created")
    expect(page).to_have_url(re.compile(r"type=task_created"))
    expect(page.locator(".activity-feed")).to_contain_text(title)
    assert pages.console_errors == []


def test_actor_filter_and_clear(server, pages):
    name = unique("selfreg")
    server.ok("POST", "/api/agents", {"name": unique("other"), "role": "coder"})
    server.ok("POST", "/api/agents/register", {"name": name, "role": "tester"})
    page = pages.new(role="viewer", path=f"/activity?actor={name}")
    expect(page.get_by_label("Agent or person")).to_have_value(name)
    expect(feed(page)).to_have_count(1)
    expect(feed(page).first).to_contain_text(f"Agent self-registered: {name}")
    page.get_by_role("button", name="Clear filters").click()
    expect(page).to_have_url(re.compile(r"/activity$"))
    expect(feed(page)).not_to_have_count(1)
    assert pages.console_errors == []


def test_new_activity_appears_live_in_another_context(server, pages):
    watcher = pages.new(role="viewer", path="/activity")
    filtered = pages.new(role="operator", path="/activity?type=task_created")
    expect(watcher.locator(".feed-status")).to_have_attribute("aria-busy", "false")
    expect(filtered.locator(".feed-status")).to_have_attribute("aria-busy", "false")
    name = unique("arrival")
    server.ok("POST", "/api/agents", {"name": name, "role": "coder"})
    expect(feed(watcher).first).to_contain_text(f"Created agent: {name}", timeout=2000)
    # The filtered view ignores it: it is not a task_created entry.
    expect(filtered.locator(".activity-feed")).not_to_contain_text(name)
    title = unique("Live task")
    server.ok("POST", "/api/tasks", {"title": title})
    expect(feed(filtered).first).to_contain_text(title, timeout=2000)
    assert pages.console_errors == []


def test_load_older_pages_without_duplicates(server, pages):
    prefix = unique("page")
    server.ok("POST", "/api/agents", {"name": prefix, "role": "coder"})
    for index in range(55):
        server.ok("POST", "/api/agents/message", {"to": prefix, "message": f"note {index}"})
    page = pages.new(role="viewer", path="/activity?type=agent_message")
    expect(feed(page)).to_have_count(50)
    page.get_by_role("button", name="Load older").click()
    expect(feed(page)).not_to_have_count(50)
    ids = feed(page).evaluate_all("items => items.map(item => item.dataset.id)")
    assert len(ids) == len(set(ids)) > 50
    assert pages.console_errors == []


def test_replayed_burst_after_hidden_tab(server, pages):
    page = pages.new(role="viewer", path="/activity?type=task_created")
    expect(page.locator(".feed-status")).to_have_attribute("aria-busy", "false")
    expect(page.locator(".live-indicator")).to_have_text("Live")
    # live.js resumes from the id of the last event it saw, so let one arrive first.
    first = unique("Before")
    server.ok("POST", "/api/tasks", {"title": first})
    expect(feed(page).first).to_contain_text(first)
    # Hide the tab: the stream closes; events created meanwhile are replayed on return.
    page.evaluate("""() => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    expect(page.locator(".live-indicator")).to_have_text("Paused")
    prefix = unique("Burst")
    for index in range(20):
        server.ok("POST", "/api/tasks", {"title": f"{prefix} {index}"})
    page.evaluate("""() => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    expect(feed(page).first).to_contain_text(f"{prefix} 19", timeout=3000)
    texts = feed(page).all_inner_texts()[:20]
    assert [t for t in texts if prefix in t] and len(set(texts)) == len(texts)
    assert sum(prefix in t for t in feed(page).all_inner_texts()) == 20
    assert pages.console_errors == []


def test_screenshot(server, pages):
    name = unique("scribe")
    server.ok("POST", "/api/agents", {"name": name, "role": "researcher"})
    server.ok("POST", "/api/tasks", {"title": "Summarise the incident report", "assigned_to": name, "priority": "high"})
    server.ok("POST", "/api/agents/message", {"to": name, "message": "Summary due by noon"})
    page = pages.new(role="admin", path="/activity")
    expect(feed(page).first).to_be_visible()
    pages.screenshot(page, "activity")
    assert pages.console_errors == []
