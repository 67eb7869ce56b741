"""A person signs in through the local sign-in page in a real browser: headless Chromium, driven by Selenium.

Debian's `chromium` and `chromium-driver` (`make browser` installs them; `.ci/run` calls it). Without them the test
is skipped, and says which command installs them. Chromium runs with a fresh profile and without any background
networking: the machine's network is closed, and every request it makes goes to 127.0.0.1.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.local.oauth.conftest import CallbackPage, OAuthPool
from tests.local.oauth.flows import authorize_params, claims, exchange, pkce_pair
from tests.local.oauth.test_tokens import verdict

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
WAIT_SECONDS = 30

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="needs Chromium and its driver (chromium, chromedriver): install them with `make browser`",
)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    """Headless Chromium with a fresh profile, found on PATH (never downloaded)."""
    assert CHROMIUM is not None
    assert CHROMEDRIVER is not None
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()


def fill_in(browser: WebDriver, username: str, password: str) -> None:
    """Type into the sign-in form and press the button, as a person would."""
    WebDriverWait(browser, WAIT_SECONDS).until(expected_conditions.element_to_be_clickable((By.ID, "sign-in")))
    for field, value in (("username", username), ("password", password)):
        element = browser.find_element(By.ID, field)
        element.clear()
        element.send_keys(value)
    browser.find_element(By.ID, "sign-in").click()


def shown_element(element_id: str) -> Any:
    """A wait condition: the element with this id is on the page."""
    return expected_conditions.presence_of_element_located((By.ID, element_id))


def test_the_code_flow_with_pkce_in_chromium(pool: OAuthPool, callback_page: CallbackPage, browser: WebDriver) -> None:
    verifier, challenge = pkce_pair()
    params = authorize_params(pool, code_challenge=challenge, code_challenge_method="S256")
    browser.get(f"{pool.domain_url}/oauth2/authorize?{urlencode(params)}")
    WebDriverWait(browser, WAIT_SECONDS).until(expected_conditions.url_contains("/login?"))
    assert browser.current_url.startswith(f"{pool.domain_url}/login?")

    fill_in(browser, pool.email, "Not-the-Passw0rd!")
    error = WebDriverWait(browser, WAIT_SECONDS).until(shown_element("error"))
    assert error.text == "Incorrect username or password."

    fill_in(browser, pool.email, pool.password)
    shown = WebDriverWait(browser, WAIT_SECONDS).until(shown_element("code"))
    visit = callback_page.next_visit(WAIT_SECONDS)
    assert browser.current_url.startswith(pool.callback_url)
    assert visit["state"] == params["state"]
    assert shown.text == visit["code"]

    response = exchange(pool, visit["code"], verifier)
    assert response.status_code == 200, response.text
    tokens = response.json()
    assert claims(tokens["id_token"])["nonce"] == params["nonce"]
    assert verdict(pool, tokens["access_token"]) == 200  # the API's authorizer takes it for the scoped route
