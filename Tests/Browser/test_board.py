"""Task board: live updates across browsers, drag and drop with the review gate, keyboard moves,
create/edit/delete, comments with mentions, URL filters, and what a viewer may not do."""

import itertools
import re
import time

from playwright.sync_api import expect

_names = itertools.count(1)
GATE = "Aegis approval is required to move task to done."


def unique(label):
    return f"{label} {int(time.time() * 1000) % 10_000_000}-{next(_names)}"


def make_task(server, title, status="backlog", **fields):
    task = server.ok("POST", "/api/tasks", {"title": title, "priority": "high", **fields})["task"]
    if status != "inbox":
        task = server.ok("PUT", f"/api/tasks/{task['id']}", {"status": status})["task"]
    return task


def unexpected(errors, *statuses):
    """Console errors other than Chromium's own log line for a refusal the test provoked."""
    return [e for e in errors if not any(f"status of {s} " in e for s in statuses)]


def card(page, title, column=None):
    scope = f'[data-column="{column}"] .card' if column else ".card"
    return page.locator(scope, has_text=title)


def test_task_created_in_one_browser_appears_in_another_within_a_second(pages):
    title = unique("Live create")
    watcher = pages.new(role="viewer", path="/tasks")
    author = pages.new(role="operator", path="/tasks")
    expect(watcher.locator(".board")).not_to_have_attribute("aria-busy", "true")
    expect(watcher.locator(".live-indicator")).to_have_text("Live")
    author.click("#board-new")
    author.get_by_label("Title").fill(title)
    author.get_by_label("Priority").select_option("urgent")
    author.get_by_role("button", name="Create task").click()
    expect(card(author, title, "inbox")).to_be_visible()
    expect(card(watcher, title, "inbox")).to_be_visible(timeout=1000)
    expect(card(watcher, title)).to_contain_text("urgent")
    assert pages.console_errors == []


def test_updates_and_deletes_from_elsewhere_change_the_board_in_place(pages, server):
    title = unique("Remote edits")
    page = pages.new(role="viewer", path="/tasks")
    expect(page.locator(".live-indicator")).to_have_text("Live")
    task = make_task(server, title, status="backlog")
    expect(card(page, title, "backlog")).to_be_visible(timeout=1000)
    page.evaluate("() => { document.querySelector('.board').dataset.marker = 'same-page'; }")
    server.ok("PUT", "/api/tasks", {"tasks": [{"id": task["id"], "status": "in_progress"}]})  # task.status_changed
    expect(card(page, title, "in_progress")).to_be_visible(timeout=1000)
    server.ok("PUT", f"/api/tasks/{task['id']}", {"title": title + " renamed", "priority": "low"})  # task.updated
    expect(card(page, title + " renamed", "in_progress")).to_contain_text("low", timeout=1000)
    server.ok("DELETE", f"/api/tasks/{task['id']}")
    expect(card(page, title)).to_have_count(0, timeout=1000)
    expect(page.locator('.board[data-marker="same-page"]')).to_have_count(1)  # no reload
    assert pages.console_errors == []


def test_drag_to_review_then_done_is_gated_until_the_review_is_approved(pages, server):
    title = unique("Gated work")
    task = make_task(server, title, status="in_progress")
    page = pages.new(role="operator", path="/tasks")
    card(page, title, "in_progress").drag_to(page.locator('[data-column="review"]'))
    expect(card(page, title, "review")).to_be_visible()
    deadline = time.monotonic() + 5
    while server.ok("GET", f"/api/tasks/{task['id']}")["task"]["status"] != "review":
        assert time.monotonic() < deadline, "the move to review did not reach the server"
        time.sleep(0.05)

    card(page, title, "review").drag_to(page.locator('[data-column="done"]'))
    refusal = page.locator(".board-refusal")
    expect(refusal).to_contain_text(GATE)
    expect(refusal).to_contain_text("Approve the review in the task first")
    expect(card(page, title, "review")).to_be_visible()  # moved back
    expect(card(page, title, "done")).to_have_count(0)

    refusal.get_by_role("button", name="Open the task").click()
    dialog = page.locator("dialog.task-dialog")
    expect(dialog).to_contain_text(title)
    expect(dialog).to_contain_text("No reviews yet.")
    dialog.get_by_label("Review notes").fill("Checked the output, looks right.")
    dialog.get_by_role("button", name="Approve").click()
    expect(dialog.locator(".reviews")).to_contain_text("approved")
    expect(dialog).to_contain_text("Approved: the task moved to Done.")
    dialog.get_by_role("button", name="Close").click()
    expect(card(page, title, "done")).to_be_visible()
    assert server.ok("GET", f"/api/tasks/{task['id']}")["task"]["status"] == "done"
    # Approved now, so a move out and back into Done goes through.
    card(page, title, "done").drag_to(page.locator('[data-column="review"]'))
    expect(card(page, title, "review")).to_be_visible()
    card(page, title, "review").drag_to(page.locator('[data-column="done"]'))
    expect(card(page, title, "done")).to_be_visible()
    expect(page.locator(".board-refusal")).to_have_count(0)
    assert unexpected(pages.console_errors, 403) == []


def test_keyboard_moves_a_card_and_escape_cancels(pages, server):
    title = unique("Keyboard")
    task = make_task(server, title, status="backlog")
    page = pages.new(role="operator", path="/tasks")
    item = card(page, title, "backlog")
    item.focus()
    page.keyboard.press("Space")
    expect(page.locator("#board-announce")).to_contain_text("Picked up")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#board-announce")).to_contain_text("Over In progress")
    page.keyboard.press("Space")
    expect(card(page, title, "in_progress")).to_be_visible()
    expect(page.locator("#board-announce")).to_contain_text("moved to In progress")
    expect(card(page, title, "in_progress")).to_be_focused()
    deadline = time.monotonic() + 5
    while server.ok("GET", f"/api/tasks/{task['id']}")["task"]["status"] != "in_progress":
        assert time.monotonic() < deadline, "the keyboard move did not reach the server"
        time.sleep(0.05)
    # Escape puts the card back where it was.
    page.keyboard.press("Space")
    page.keyboard.press("ArrowLeft")
    expect(card(page, title, "todo")).to_be_visible()
    page.keyboard.press("Escape")
    expect(card(page, title, "in_progress")).to_be_visible()
    expect(page.locator("#board-announce")).to_contain_text("Move cancelled")
    # Enter opens the task.
    page.keyboard.press("Enter")
    expect(page.locator("dialog.task-dialog")).to_contain_text(title)
    expect(page).to_have_url(re.compile(rf"task={task['id']}"))
    assert pages.console_errors == []


def test_viewer_sees_no_create_edit_or_drag_controls(pages, server):
    title = unique("Read only")
    make_task(server, title, status="todo")
    page = pages.new(role="viewer", path="/tasks")
    item = card(page, title, "todo")
    expect(item).to_be_visible()
    expect(page.locator("#board-new")).to_have_count(0)
    expect(item).not_to_have_attribute("draggable", "true")
    item.focus()
    page.keyboard.press("Space")  # opens, does not pick up
    dialog = page.locator("dialog.task-dialog")
    expect(dialog).to_contain_text(title)
    expect(dialog).to_contain_text("No comments yet.")
    for name in ("Edit", "Delete", "Approve", "Reject", "Post comment"):
        expect(dialog.get_by_role("button", name=name)).to_have_count(0)
    expect(dialog.locator("textarea")).to_have_count(0)
    assert pages.console_errors == []


def test_create_validation_edit_and_delete(pages, server):
    title = unique("Lifecycle")
    page = pages.new(role="operator", path="/tasks")
    page.click("#board-new")
    form = page.locator("dialog.task-dialog")
    form.get_by_role("button", name="Create task").click()
    expect(form.locator(".error")).to_contain_text("title: Title is required")
    form.get_by_label("Title").fill(title)
    form.get_by_label("Description").fill("Steps to reproduce.")
    form.get_by_label("Due date").fill("2030-05-17")
    form.get_by_role("button", name="Create task").click()
    item = card(page, title, "inbox")
    expect(item).to_contain_text("May 17, 2030")
    item.click()
    dialog = page.locator("dialog.task-dialog")
    dialog.get_by_role("button", name="Edit").click()
    dialog.get_by_label("Title").fill(title + " edited")
    dialog.get_by_label("Priority").select_option("critical")
    dialog.get_by_role("button", name="Save changes").click()
    expect(dialog.locator("#task-dialog-title")).to_contain_text(title + " edited")
    expect(card(page, title + " edited")).to_contain_text("critical")
    dialog.get_by_role("button", name="Delete").click()
    expect(dialog).to_contain_text("This cannot be undone.")
    dialog.get_by_role("button", name="Keep it").click()
    dialog.get_by_role("button", name="Delete").click()
    dialog.get_by_role("button", name="Delete for good").click()
    expect(page.locator("dialog.task-dialog")).to_have_count(0)
    expect(card(page, title)).to_have_count(0)
    assert unexpected(pages.console_errors, 400) == []


def test_threaded_comments_and_mentions(pages, server):
    title = unique("Discussion")
    task = make_task(server, title, status="todo")
    page = pages.new(role="operator", path=f"/tasks?task={task['id']}")
    dialog = page.locator("dialog.task-dialog")
    expect(dialog).to_contain_text(title)
    box = dialog.get_by_label("Add a comment")
    box.fill("Please look @nobody-here")
    dialog.get_by_role("button", name="Post comment").click()
    expect(dialog.locator(".comment-form .error")).to_contain_text("Unknown mentions: @nobody-here")
    box.fill("")
    box.press_sequentially("Ping @adm")
    dialog.get_by_role("button", name=re.compile(r"^@admin ")).click()
    expect(box).to_have_value("Ping @admin ")
    box.press_sequentially("please check")
    dialog.get_by_role("button", name="Post comment").click()
    first = dialog.locator(".comment", has_text="Ping @admin please check")
    expect(first).to_be_visible()
    first.get_by_role("button", name="Reply to operator").click()
    dialog.get_by_label("Add a comment").fill("A reply")
    dialog.get_by_role("button", name="Post comment").click()
    expect(first.locator(".replies .comment")).to_contain_text("A reply")
    expect(dialog.locator("#comments-h")).to_have_text("Comments (2)")
    dialog.get_by_role("button", name="Close").click()
    expect(card(page, title)).to_contain_text("2 comments")
    assert unexpected(pages.console_errors, 400) == []


def test_filters_live_in_the_url(pages, server):
    tag = unique("Filterable")
    make_task(server, f"{tag} alpha", status="review")
    make_task(server, f"{tag} beta", status="backlog")
    page = pages.new(role="viewer", path="/tasks?column=review")
    expect(page.locator('[data-column="review"]')).to_have_class(re.compile("highlight"))
    page.get_by_label("Search").fill(f"{tag} beta")
    expect(page.locator(".card")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=Filterable"))
    page.reload()
    expect(page.get_by_label("Search")).to_have_value(f"{tag} beta")
    expect(page.locator(".card")).to_have_count(1)
    expect(card(page, f"{tag} beta", "backlog")).to_be_visible()
    page.get_by_label("Project").select_option("1")
    expect(page).to_have_url(re.compile(r"project_id=1"))
    expect(page.locator(".card")).to_have_count(1)
    assert pages.console_errors == []


def test_screenshots(pages, server):
    agents = ["alpha", "beta"]
    for name in agents:
        server.request("POST", "/api/agents", {"name": name, "role": "coder"})
    statuses = ["inbox", "backlog", "todo", "in_progress", "review", "done"]
    words = ["Index the audit log", "Rotate API keys", "Fix flaky SSE reconnect", "Write release notes",
             "Profile board first paint", "Triage GitHub issues", "Add retry to webhooks"]
    for i in range(20):
        status = statuses[i % 6]
        task = make_task(server, f"{words[i % len(words)]} ({i + 1})", status="in_progress" if status == "done" else status,
                         priority=["critical", "urgent", "high", "medium", "low"][i % 5],
                         assigned_to=agents[i % 2], due_date=int(time.time()) + (i - 4) * 86400)
        if status == "done":
            server.ok("POST", "/api/quality-review", {"taskId": task["id"], "status": "approved", "notes": "Looks good"})
    shown = make_task(server, "Ship the task board", status="review", description="Columns, drag and drop, keyboard moves.\nLive updates keyed by id.")
    server.ok("POST", f"/api/tasks/{shown['id']}/comments", {"content": "Ready for review @admin"})
    server.ok("POST", "/api/quality-review", {"taskId": shown["id"], "status": "rejected", "notes": "Needs the keyboard test"})
    page = pages.new(role="operator", path="/tasks")
    expect(card(page, "Ship the task board")).to_be_visible()
    pages.screenshot(page, "board")
    card(page, "Ship the task board").click()
    expect(page.locator("dialog.task-dialog .comment")).to_be_visible()
    pages.screenshot(page, "task-dialog")
    assert pages.console_errors == []
