"""A screenshot of every panel with realistic data (light; overview and tasks also dark), and no
console errors on any signed-in page. The pictures go to .build/browser-artifacts/screen-*.png."""

from playwright.sync_api import expect

AGENTS = [("atlas", "coder", "busy"), ("scout", "researcher", "online"), ("sentinel", "reviewer", "idle"),
          ("forge", "devops", "offline"), ("quill", "assistant", "error")]
TASKS = [
    ("Add retry with backoff to the webhook sender", "in_progress", "high", "atlas"),
    ("Survey vector stores for the memory layer", "in_progress", "medium", "scout"),
    ("Review the login rate limiter change", "review", "critical", "sentinel"),
    ("Rotate staging TLS certificates", "assigned", "high", "forge"),
    ("Write the onboarding guide for operators", "todo", "low", None),
    ("Dashboard: show token spend per agent", "backlog", "medium", None),
    ("Flaky test in the scheduler suite", "inbox", "high", None),
    ("Nightly backup to object storage", "inbox", "medium", None),
]


def arrange(server):
    """Realistic data; tolerant of a second run on the same server (409 on existing names)."""
    for name, role, status in AGENTS:
        status_code, body = server.request("POST", "/api/agents", {"name": name, "role": role, "status": status})
        assert status_code in (201, 409), body
    existing = {t["title"] for t in server.ok("GET", "/api/tasks?limit=200")["tasks"]}
    for title, status, priority, assignee in TASKS:
        if title in existing:
            continue
        body = {"title": title, "status": status, "priority": priority, "description": f"{title}. Details in the linked ticket."}
        if assignee:
            body["assigned_to"] = assignee
        task = server.ok("POST", "/api/tasks", body)["task"]
        if status == "review":
            server.ok("POST", f"/api/tasks/{task['id']}/comments", {"content": "Ready for review: limits now per address."})
    for username, role in (("maria", "operator"), ("deniz", "viewer")):
        server.request("POST", "/api/auth/users", {"username": username, "password": f"{username}-password-123", "role": role,
                                                   "display_name": username.title()})
    server.request("POST", "/api/auth/login", {"username": "maria", "password": "wrong-password"})
    keys = server.ok("GET", "/api/agents/atlas/keys")["keys"]
    if not any(k["name"] == "ci" for k in keys):
        server.ok("POST", "/api/agents/atlas/keys", {"name": "ci", "expires_in_days": 90, "scopes": ["operator", "agent:self"]})
    server.ok("GET", "/api/agents/scout/heartbeat")


def settle(page, ready):
    """Waits for the panel's own content and for every loading note to go away."""
    expect(page.locator(ready).first).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Loading")


def test_every_panel_light_and_dark(pages, server):
    arrange(server)
    page = pages.new(role="admin", path="/")
    screens = [
        ("overview", "/", "[data-stat='agents-busy']"),
        ("agents", "/agents", "main >> text=sentinel"),
        ("agent-detail", "/agents/atlas", "main >> text=coder"),
        ("tasks", "/tasks", ".card >> text=Review the login rate limiter change"),
        ("activity", "/activity", "main >> text=Nightly backup to object storage"),
        ("audit", "/audit", "tbody tr"),
        ("users", "/users", "tr[data-user='maria']"),
        ("keys", "/keys?agent=atlas", "tr[data-key='ci']"),
        ("settings", "/settings", ".setting"),
    ]
    for name, path, ready in screens:
        page.goto(path)
        settle(page, ready)
        pages.screenshot(page, f"screen-{name}-light")
    page.emulate_media(color_scheme="dark")
    for name, path, ready in screens:
        if name in ("overview", "tasks"):
            page.goto(path)
            settle(page, ready)
            pages.screenshot(page, f"screen-{name}-dark")
    assert pages.console_errors == []

    login = pages.new(path="/login")
    expect(login.locator("#login-username")).to_be_focused()
    pages.screenshot(login, "screen-login-light")
