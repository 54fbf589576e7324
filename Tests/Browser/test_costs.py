"""Costs and Sessions panels: totals, unpriced usage, charts, pricing edits by role, sessions."""

import re
import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def report(server, agent, model, input_tokens, output_tokens):
    server.ok("POST", "/api/tokens", {
        "model": model, "sessionId": f"{agent}:s1", "inputTokens": input_tokens, "outputTokens": output_tokens})


def arrange(server):
    tag = uuid.uuid4().hex[:8]
    unknown = f"mx-{tag}"  # short enough for the bar label
    report(server, f"alpha-{tag}", "claude-sonnet-4-5", 120_000, 30_000)
    report(server, f"beta-{tag}", "claude-opus-4-5", 50_000, 8_000)
    report(server, f"beta-{tag}", unknown, 40_000, 2_000)
    return tag, unknown


def test_costs_shows_totals_unpriced_usage_and_charts(pages, server):
    tag, unknown = arrange(server)
    page = pages.new(role="viewer", path="/costs")
    expect(page.locator("#page-title")).to_have_text("Costs")
    today = page.locator(".cost-totals [data-total='24 hours'] strong")
    expect(today).to_have_text(re.compile(r"^\$\d+\.\d\d$"))
    expect(page.locator(".unpriced-note")).to_contain_text(unknown)
    # The unknown model's bar says "—", its tooltip explains why.
    bar = page.locator(".chart-bar", has_text=unknown)
    expect(bar.locator(".chart-value")).to_have_text(re.compile("^— · 42,000 tok"))
    expect(bar.locator("title")).to_contain_text("no price for this model")
    expect(page.locator(".chart-bar", has_text=f"alpha-{tag}")).to_be_visible()
    # The time chart has labelled axes.
    trend = page.locator("svg.chart-line")
    expect(trend).to_have_attribute("aria-label", "Spend per day")
    expect(trend.locator(".chart-axis-label")).to_have_text(["Day (UTC)", "USD"])
    expect(page.locator("svg.chart-bars")).to_have_count(3)
    # Viewers get no pricing controls and no scan button.
    expect(page.locator("table.pricing tr[data-model='claude-sonnet-4-5']")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("price|Edit|Remove", re.I))).to_have_count(0)
    pages.screenshot(page, "costs")
    page.goto("/sessions")
    expect(page.locator("#page-title")).to_have_text("Sessions")
    expect(page.get_by_role("button", name="Scan now")).to_have_count(0)
    assert pages.console_errors == []


def test_period_is_in_the_url(pages, server):
    arrange(server)
    page = pages.new(role="viewer", path="/costs?range=day")
    expect(page.locator("#co-range")).to_have_value("day")
    expect(page.locator("svg.chart-line")).to_have_attribute("aria-label", "Spend per hour")
    page.select_option("#co-range", "week")
    expect(page).to_have_url(re.compile(r"/costs\?range=week$"))
    expect(page.locator("#co-trend")).to_have_text("Spend over time (last 7 days)")
    assert pages.console_errors == []


def test_admin_prices_an_unknown_model(pages, server):
    tag, unknown = arrange(server)
    page = pages.new(role="admin", path="/costs")
    expect(page.locator(".unpriced-note")).to_contain_text(unknown)
    page.get_by_role("button", name="Add or override a price").click()
    page.fill("#pr-model", unknown)
    page.fill("#pr-input", "10")
    page.fill("#pr-output", "20")
    page.press("#pr-output", "Enter")  # Enter saves (Save is the dialog's default button)
    row = page.locator(f"table.pricing tr[data-model='{unknown}']")
    expect(row).to_contain_text("custom")
    expect(row.locator("td.num").first).to_have_text("$10.00")
    # A new report of that model is now priced: 1M input tokens at $10.
    report(server, f"gamma-{tag}", unknown, 1_000_000, 0)
    page.reload()
    bar = page.locator(".chart-bar", has_text=f"gamma-{tag}")
    expect(bar.locator(".chart-value")).to_have_text(re.compile(r"^\$10\.00 · 1,000,000 tok"))
    # Removing asks first, then the override is gone.
    page.get_by_role("button", name=f"Remove price override of {unknown}").click()
    page.locator("dialog").get_by_role("button", name="Remove").click()
    expect(row).to_have_count(0)
    assert pages.console_errors == []


def test_sessions_empty_state_and_scan(pages):
    page = pages.new(role="operator", path="/sessions?active=1")
    expect(page.locator("#se-active")).to_have_value("1")
    expect(page.locator("main .empty")).to_have_text("No sessions match these filters.")
    page.goto("/sessions?project=nowhere")
    expect(page.locator("#se-project")).to_have_value("nowhere")
    page.select_option("#se-project", "")
    expect(page).to_have_url(re.compile(r"/sessions$"))
    page.select_option("#se-active", "1")
    page.select_option("#se-active", "")
    page.select_option("#se-active", "")
    expect(page).to_have_url(re.compile(r"/sessions$"))
    expect(page.locator("main .empty")).to_contain_text("No Claude Code sessions yet")
    page.get_by_role("button", name="Scan now").click()
    expect(page.get_by_text("Scan requested")).to_be_visible()
    pages.screenshot(page, "sessions")
    assert pages.console_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_costs_and_sessions_meet_wcag_aa(pages, server, scheme):
    arrange(server)
    page = pages.new(role="admin", path="/")
    page.emulate_media(color_scheme=scheme)
    found = {}
    for path, ready in (("/costs", "svg.chart-line"), ("/sessions", "main .empty, table.sessions")):
        page.goto(path)
        expect(page.locator(ready).first).to_be_visible()
        results = Axe().run(page, options=WCAG_AA)
        problems = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]
        if problems:
            found[path] = problems
    assert found == {}
    assert pages.console_errors == []
