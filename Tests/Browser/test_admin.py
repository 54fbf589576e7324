"""Admin panels: users, API keys, settings, agent sync and the audit log, driven as an admin."""

import itertools
import json
import re
import time
import urllib.error
import urllib.request

from playwright.sync_api import expect

from conftest import next_address

_serial = itertools.count(1)


def unique(prefix):
    return f"{prefix}-{int(time.time()) % 100000}-{next(_serial)}"


def make_user(server, role="viewer", password="first-password-123"):
    name = unique("u")
    server.ok("POST", "/api/auth/users", {"username": name, "password": password, "role": role, "display_name": name.title()})
    return name, password


def assert_no_console_errors(pages, *expected):
    """No console errors, except the browser's note about each HTTP status this test provokes on purpose."""
    notes = [f"the server responded with a status of {status} " for status in expected]
    assert [e for e in pages.console_errors if not any(note in e for note in notes)] == []


def user_row(page, name):
    return page.locator(f"tr[data-user='{name}']")


def login_status(server, username, password):
    """Status of a password login, without the API key."""
    req = urllib.request.Request(server.base_url + "/api/auth/login", method="POST",
                                 data=json.dumps({"username": username, "password": password}).encode(),
                                 headers={"Content-Type": "application/json", "X-Forwarded-For": next_address()})
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def cookie_status(server, cookie, path="/api/auth/me"):
    """Status of a request carrying only a session cookie."""
    req = urllib.request.Request(server.base_url + path, headers={"Cookie": f"{cookie[0]}={cookie[1]}"})
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_create_user_then_they_can_sign_in(pages, server):
    page = pages.new(role="admin", path="/users")
    name = unique("new")
    page.get_by_role("button", name="New user").click()
    form = page.get_by_role("form", name="New user")
    form.get_by_label("Username").fill(name)
    form.get_by_label("Display name").fill("Nina New")
    form.get_by_label("Role").select_option("operator")
    form.get_by_label("Password").fill("too-short")
    form.get_by_role("button", name="Create user").click()
    expect(form.locator(".error")).to_have_text("The password needs at least 12 characters.")
    form.get_by_label("Password").fill("nina-password-123")
    form.get_by_role("button", name="Create user").click()
    expect(page.get_by_role("status").filter(has_text="Created")).to_have_text(f"Created {name} (operator).")
    expect(user_row(page, name)).to_contain_text("Nina New")
    expect(user_row(page, name).get_by_label(f"Role of {name}")).to_have_value("operator")
    pages.screenshot(page, "users")

    # Creating the same username again shows the server's refusal next to the form.
    page.get_by_role("button", name="New user").click()
    form.get_by_label("Username").fill(name)
    form.get_by_label("Password").fill("another-password-123")
    form.get_by_role("button", name="Create user").click()
    expect(form.locator(".error")).to_contain_text("already exists")

    # The new user signs in through the login page.
    other = pages.new(path="/login")
    other.fill("#login-username", name)
    other.fill("#login-password", "nina-password-123")
    other.click("button[type=submit]")
    expect(other.locator("#page-title")).to_have_text("Overview")
    expect(other.locator(".whoami")).to_contain_text("Nina New")
    expect(other.locator(".role-badge")).to_have_text("operator")
    assert_no_console_errors(pages, 409, 401)


def test_change_role_and_display_name(pages, server):
    name, _ = make_user(server, "viewer")
    page = pages.new(role="admin", path="/users")
    user_row(page, name).get_by_label(f"Role of {name}").select_option("operator")
    expect(page.get_by_role("status").filter(has_text=name)).to_have_text(f"{name} is now operator.")
    users = server.ok("GET", "/api/auth/users")["users"]
    assert next(u for u in users if u["username"] == name)["role"] == "operator"

    user_row(page, name).get_by_role("button", name=f"Rename: {name}").click()
    dialog = page.locator("dialog")
    dialog.get_by_label("Display name").fill("")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.locator(".error")).to_have_text("The display name cannot be empty.")
    dialog.get_by_label("Display name").fill("Renamed Person")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_have_count(0)
    expect(user_row(page, name)).to_contain_text("Renamed Person")

    page.reload()
    expect(user_row(page, name).get_by_label(f"Role of {name}")).to_have_value("operator")
    expect(user_row(page, name)).to_contain_text("Renamed Person")

    # Another admin's change arrives live (user audit events are broadcast).
    other, _ = make_user(server, "viewer")
    expect(user_row(page, other)).to_be_visible()
    assert pages.console_errors == []


def test_reset_password_shows_rules_and_server_errors(pages, server):
    name, old = make_user(server)
    page = pages.new(role="admin", path="/users")
    user_row(page, name).get_by_role("button", name=f"Reset password: {name}").click()
    dialog = page.locator("dialog")
    expect(dialog).to_contain_text("At least 12 characters")
    dialog.get_by_label("New password").fill("short-one")
    dialog.get_by_label("Type it again").fill("short-one")
    dialog.get_by_role("button", name="Set password").click()
    expect(dialog.locator(".error")).to_have_text("Password must be at least 12 characters")
    dialog.get_by_label("New password").fill("brand-new-password-1")
    dialog.get_by_label("Type it again").fill("brand-new-password-2")
    dialog.get_by_role("button", name="Set password").click()
    expect(dialog.locator(".error")).to_have_text("The two passwords differ.")
    dialog.get_by_label("Type it again").fill("brand-new-password-1")
    dialog.get_by_role("button", name="Set password").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text=name)).to_have_text(f"New password set for {name}.")
    assert login_status(server, name, "brand-new-password-1") == 200
    assert login_status(server, name, old) == 401
    assert_no_console_errors(pages, 400)


def test_disable_signs_out_and_refuses_login_until_enabled(pages, server):
    name, password = make_user(server)
    cookie = server.session_cookie(name, password)
    assert cookie_status(server, cookie) == 200
    page = pages.new(role="admin", path="/users")
    row = user_row(page, name)
    row.get_by_role("button", name=f"Disable: {name}").click()
    page.locator("dialog").get_by_role("button", name="Cancel").click()
    expect(row).to_contain_text("active")
    row.get_by_role("button", name=f"Disable: {name}").click()
    expect(page.locator("dialog")).to_contain_text("cannot sign in until enabled again")
    page.locator("dialog").get_by_role("button", name="Disable").click()
    expect(row.locator(".pill")).to_have_text("disabled")
    # The reference refuses non-approved users at login (reason not_approved); ours does, and
    # also ends their sessions.
    assert login_status(server, name, password) == 401
    assert cookie_status(server, cookie) == 401

    row.get_by_role("button", name=f"Enable: {name}").click()
    expect(row.locator(".pill")).to_have_text("active")
    assert login_status(server, name, password) == 200
    assert pages.console_errors == []


def test_own_row_offers_no_role_change_or_delete_and_delete_asks_first(pages, server):
    name, _ = make_user(server)
    page = pages.new(role="admin", path="/users")
    me = user_row(page, "admin")
    expect(me).to_contain_text("(you)")
    expect(me.locator("select")).to_have_count(0)
    for label in ("Delete", "Disable"):
        expect(me.get_by_role("button", name=re.compile(label))).to_have_count(0)

    user_row(page, name).get_by_role("button", name=f"Delete: {name}").click()
    dialog = page.locator("dialog")
    expect(dialog).to_contain_text("cannot be undone")
    dialog.get_by_role("button", name="Cancel").click()
    expect(user_row(page, name)).to_have_count(1)
    user_row(page, name).get_by_role("button", name=f"Delete: {name}").click()
    dialog.get_by_role("button", name="Delete user").click()
    expect(user_row(page, name)).to_have_count(0)
    assert name not in [u["username"] for u in server.ok("GET", "/api/auth/users")["users"]]
    assert pages.console_errors == []


def test_agent_key_is_shown_once_works_and_can_be_revoked(pages, server):
    agent = server.ok("POST", "/api/agents", {"name": unique("keyed"), "role": "coder"})["agent"]
    page = pages.new(role="admin", path=f"/keys?agent={agent['name']}")
    form = page.get_by_role("form", name=f"New key for {agent['name']}")
    form.get_by_label("Key name").fill("ci-runner")
    form.get_by_label("Expires in days").fill("0")
    form.get_by_role("button", name="Create key").click()
    expect(form.locator(".error")).to_contain_text("expires_in_days")
    form.get_by_label("Expires in days").fill("30")
    form.get_by_role("button", name="Create key").click()
    dialog = page.locator("dialog")
    expect(dialog).to_contain_text("you will not see it again")
    key = dialog.locator(".secret").inner_text()
    assert re.fullmatch(r"mca_[0-9a-f]{48}", key)
    dialog.get_by_role("button", name="Copy").click()
    expect(dialog.get_by_role("status")).not_to_be_empty()
    dialog.get_by_role("button", name="Done").click()
    expect(dialog).to_have_count(0)
    row = page.locator("tr[data-key='ci-runner']")
    expect(row).to_contain_text(key[:12])
    expect(row).to_contain_text("active")
    assert key not in page.content()
    pages.screenshot(page, "keys")

    status, body = server.request("GET", f"/api/agents/{agent['id']}/heartbeat", headers={"x-api-key": key})
    assert status == 200 and body["status"] in ("HEARTBEAT_OK", "WORK_ITEMS_FOUND"), body

    row.get_by_role("button", name="Revoke key ci-runner").click()
    page.locator("dialog").get_by_role("button", name="Revoke key").click()
    expect(row).to_contain_text("revoked")
    expect(row.get_by_role("button")).to_have_count(0)
    status, _ = server.request("GET", f"/api/agents/{agent['id']}/heartbeat", headers={"x-api-key": key})
    assert status == 401
    assert_no_console_errors(pages, 400)


def test_rotating_the_global_key_shows_it_once_and_it_works(pages, server):
    page = pages.new(role="admin", path="/keys")
    box = page.get_by_role("region", name="Global API key")
    box.get_by_role("button", name="Rotate key…").click()
    page.locator("dialog").get_by_role("button", name="Cancel").click()
    box.get_by_role("button", name="Rotate key…").click()
    expect(page.locator("dialog")).to_contain_text("stops working at once")
    page.locator("dialog").get_by_role("button", name="Rotate key").click()
    dialog = page.locator("dialog")
    expect(dialog).to_contain_text("you will not see it again")
    key = dialog.locator(".secret").inner_text()
    assert re.fullmatch(r"mc_[0-9a-f]{48}", key)
    dialog.get_by_role("button", name="Done").click()
    expect(box).to_contain_text("Rotated key")
    expect(box).to_contain_text("by admin")

    old = server.api_key
    status, info = server.request("GET", "/api/tokens/rotate", headers={"x-api-key": key})
    # The shared fixture signs its requests with the key it started with; from now on that is
    # the rotated one (the old key is refused, as it should be).
    server.api_key = key
    assert status == 200 and info["source"] == "database", info
    assert server.request("GET", "/api/auth/users", headers={"x-api-key": old})[0] == 401
    assert pages.console_errors == []


def test_settings_change_persists_after_reload(pages, server):
    page = pages.new(role="admin", path="/settings")
    heartbeat = page.get_by_label("general.agent_heartbeat", exact=True)
    timeout = page.get_by_label("general.agent_timeout_minutes", exact=True)
    expect(heartbeat).to_be_checked()
    heartbeat.uncheck()
    timeout.fill("0")
    expect(page.get_by_role("status").filter(has_text="unsaved")).to_have_text("2 unsaved changes")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".form-message .error")).to_contain_text("must be a whole number from 1 to 1440")
    timeout.fill("25")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".form-message .ok")).to_contain_text("Saved 2 settings")
    expect(page.get_by_role("button", name="Save changes")).to_be_disabled()

    page.reload()
    expect(page.get_by_label("general.agent_heartbeat", exact=True)).not_to_be_checked()
    expect(page.get_by_label("general.agent_timeout_minutes", exact=True)).to_have_value("25")
    expect(page.locator("[data-key='general.agent_timeout_minutes']")).to_contain_text("by admin")
    values = {s["key"]: s["value"] for s in server.ok("GET", "/api/settings")["settings"]}
    assert values["general.agent_heartbeat"] == "false" and values["general.agent_timeout_minutes"] == "25"
    pages.screenshot(page, "settings")

    # A change made elsewhere shows up live; with unsaved edits here it is announced instead.
    server.ok("PUT", "/api/settings", {"settings": {"general.agent_timeout_minutes": "30"}})
    expect(page.get_by_label("general.agent_timeout_minutes", exact=True)).to_have_value("30")
    page.get_by_label("general.agent_heartbeat", exact=True).check()
    server.ok("PUT", "/api/settings", {"settings": {"general.agent_timeout_minutes": "35"}})
    expect(page.locator(".notice")).to_contain_text("Changed elsewhere")
    expect(page.get_by_label("general.agent_heartbeat", exact=True)).to_be_checked()
    page.locator(".notice").get_by_role("button", name="Reload").click()
    expect(page.get_by_label("general.agent_timeout_minutes", exact=True)).to_have_value("35")
    expect(page.get_by_label("general.agent_heartbeat", exact=True)).not_to_be_checked()

    # Back to the defaults, one at a time, with a confirmation.
    for key, default in (("general.agent_heartbeat", "true"), ("general.agent_timeout_minutes", "10")):
        page.get_by_role("button", name=f"Reset {key}").click()
        page.locator("dialog").get_by_role("button", name="Reset").click()
        expect(page.locator(".form-message .ok")).to_have_text(f"{key}: back to {default}.")
    expect(page.get_by_label("general.agent_heartbeat", exact=True)).to_be_checked()
    expect(page.get_by_label("general.agent_timeout_minutes", exact=True)).to_have_value("10")
    assert_no_console_errors(pages, 400)


def test_agent_sync_shows_results_and_errors(pages, server):
    page = pages.new(role="admin", path="/settings")
    card = page.get_by_role("region", name="Sync agents")
    card.get_by_role("button", name="Sync local agents").click()
    expect(card.locator(".sync-result .ok")).to_contain_text("Local agent sync")
    card.get_by_role("button", name="Preview OpenClaw sync").click()
    # No openclaw.json in the test environment: the server's message is shown as it is.
    expect(card.locator(".sync-result .error, .sync-result .facts")).to_be_visible()
    if card.locator(".sync-result .error").count():
        expect(card.locator(".sync-result .error")).to_contain_text("OpenClaw config")
    assert_no_console_errors(pages, 500, 400, 404)


def test_audit_shows_failed_logins_with_filters_paging_and_live_rows(pages, server):
    name, password = make_user(server)
    login = pages.new(path="/login")
    login.fill("#login-username", name)
    login.fill("#login-password", "not-my-password")
    login.click("button[type=submit]")
    expect(login.locator(".login-form .error")).to_have_text("Wrong username or password.")

    page = pages.new(role="admin", path=f"/audit?action=login_failed&actor={name}")
    expect(page.get_by_label("Action", exact=True)).to_have_value("login_failed")
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(name)
    expect(row).to_contain_text("invalid_password")
    expect(page.locator(".pager")).to_contain_text("1–1 of 1")

    # Filters from the form go to the URL.
    page.get_by_role("button", name="Clear").click()
    expect(page).to_have_url(re.compile(r"/audit$"))
    page.get_by_label("Actor", exact=True).fill(name)
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(f"actor={name}"))
    expect(page.locator("tbody tr")).to_have_count(1)  # user_create was by "api"
    page.get_by_role("button", name="Failed logins").click()
    expect(page).to_have_url(re.compile("action=login_failed"))

    # A new failed login appears live on the first page when the filters allow it.
    page.get_by_label("Actor", exact=True).fill("")
    page.get_by_role("button", name="Apply").click()
    other = unique("ghost")
    assert login_status(server, other, "whatever-password") == 401
    expect(page.locator("tbody tr").first).to_contain_text(other)
    expect(page.locator("tbody tr").first).to_contain_text("user_not_found")
    pages.screenshot(page, "audit")

    # A time window in the URL: nothing from the future.
    page.get_by_label("From", exact=True).fill("2099-01-01T00:00")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"since=4070"))
    expect(page.locator("main .empty")).to_have_text("No events match these filters.")
    page.reload()
    expect(page.get_by_label("From", exact=True)).to_have_value("2099-01-01T00:00")

    # Paging: 55 failed logins under one name.
    many = unique("many")
    for _ in range(55):
        login_status(server, many, "wrong-password-x")
    page.goto(f"/audit?actor={many}")
    expect(page.locator(".pager")).to_contain_text("1–50 of 55")
    page.get_by_role("button", name="Older").click()
    expect(page.locator(".pager")).to_contain_text("51–55 of 55")
    expect(page).to_have_url(re.compile("offset=50"))
    expect(page.get_by_role("button", name="Older")).to_be_disabled()
    page.reload()
    expect(page.locator("tbody tr")).to_have_count(5)
    assert_no_console_errors(pages, 401)
