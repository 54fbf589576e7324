"""Login page: the wrong-password message, success, sign-out, and the deep link kept."""

import re

from playwright.sync_api import expect


def test_wrong_password_shows_a_message(pages):
    page = pages.new(path="/login")
    page.fill("#login-username", "admin")
    page.fill("#login-password", "not-the-password")
    page.click("button[type=submit]")
    expect(page.locator(".login-form .error")).to_have_text("Wrong username or password.")


def test_deep_link_survives_login_and_sign_out_returns_to_login(pages, users):
    page = pages.new(path="/?from=deep-link")
    expect(page).to_have_url(re.compile(r"/login\?next=%2F%3Ffrom%3Ddeep-link"))
    page.fill("#login-username", "admin")
    page.fill("#login-password", users["admin"])
    page.click("button[type=submit]")
    page.wait_for_url("**/?from=deep-link")
    expect(page.locator("#page-title")).to_have_text("Overview")
    page.click("text=Sign out")
    page.wait_for_url("**/login")
    # The session is gone: a protected page sends us back to the login page.
    page.goto("/agents")
    page.wait_for_url("**/login?next=%2Fagents")


def test_empty_fields_are_explained(pages):
    page = pages.new(path="/login")
    page.click("button[type=submit]")
    expect(page.locator(".login-form .error")).to_have_text("Enter your username and password.")


def test_rate_limit_says_how_long_to_wait(pages):
    page = pages.new(path="/login")
    page.fill("#login-username", "admin")
    for _ in range(6):
        page.fill("#login-password", "still-wrong-password")
        page.click("button[type=submit]")
        page.wait_for_selector(".login-form .error")
    expect(page.locator(".login-form .error")).to_have_text(re.compile(r"^Too many sign-in attempts\. Try again in \d+ s\.$"))
    expect(page.locator("button[type=submit]")).to_be_disabled()
