"""A person signs in through the local sign-in page in a real browser: headless Chromium, driven by Selenium.

The whole of `make local` runs (`LocalEnvironment`) on a real synth of the committed config whose dev `web`
client returns to a callback page served here. The browser goes from `/oauth2/authorize` through the sign-in page
to that callback; the app's side (the code exchanged with its PKCE verifier, then `GET /reports`) is plain HTTP.

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

import boto3  # type: ignore[import-untyped]
import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from modules.local.api_reader import load_description
from modules.local.environment import LocalEnvironment, LocalInfo
from tests.conftest import CONFIG, run_main
from tests.local.oauth.conftest import CallbackPage
from tests.local.oauth.flows import TIMEOUT, claims, pkce_pair

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


@pytest.fixture(scope="module")
def local(callback_page: CallbackPage, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalInfo]:
    """`make local` for dev, synthesized from the committed config with the callback page as the web client's."""
    base = tmp_path_factory.mktemp("browser")
    text = CONFIG.read_text(encoding="utf-8")
    text += f'\n[environments.dev.clients.web]\ncallback_urls = ["{callback_page.url}"]\n'
    config = base / "environments.toml"
    config.write_text(text, encoding="utf-8")
    result = run_main(base / "cdktf.out", config)
    assert result.returncode == 0, result.stderr
    with LocalEnvironment(load_description(base / "cdktf.out" / "stacks" / "dev" / "cdk.tf.json")) as info:
        yield info


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


def test_the_code_flow_with_pkce_in_chromium_then_reports(
    local: LocalInfo, callback_page: CallbackPage, browser: WebDriver
) -> None:
    web = str(local.clients["web"]["client_id"])
    email, password = "browser-user@example.com", "Browser-Passw0rd!"
    cognito = boto3.client(
        "cognito-idp",
        region_name=local.region,
        endpoint_url=local.cognito_endpoint,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    cognito.sign_up(ClientId=web, Username=email, Password=password, UserAttributes=[{"Name": "email", "Value": email}])
    cognito.admin_confirm_sign_up(UserPoolId=local.user_pool_id, Username=email)
    verifier, challenge = pkce_pair()
    params = {
        "response_type": "code",
        "client_id": web,
        "redirect_uri": callback_page.url,
        "scope": "openid email cognito-http-api/reports.read",
        "state": "browser-state",
        "nonce": "browser-nonce",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    browser.get(f"{local.oauth_base_url}/oauth2/authorize?{urlencode(params)}")
    WebDriverWait(browser, WAIT_SECONDS).until(expected_conditions.url_contains("/login?"))
    assert browser.current_url.startswith(f"{local.oauth_base_url}/login?")

    fill_in(browser, email, "Not-the-Passw0rd!")
    error = WebDriverWait(browser, WAIT_SECONDS).until(shown_element("error"))
    assert error.text == "Incorrect username or password."

    fill_in(browser, email, password)
    shown = WebDriverWait(browser, WAIT_SECONDS).until(shown_element("code"))
    visit = callback_page.next_visit(WAIT_SECONDS)
    assert browser.current_url.startswith(callback_page.url)
    assert visit["state"] == params["state"]
    assert shown.text == visit["code"]

    data = {
        "grant_type": "authorization_code",
        "client_id": web,
        "code": visit["code"],
        "redirect_uri": callback_page.url,
        "code_verifier": verifier,
    }
    exchanged = requests.post(f"{local.oauth_base_url}/oauth2/token", data=data, timeout=TIMEOUT)
    assert exchanged.status_code == 200, exchanged.text
    tokens = exchanged.json()
    assert claims(tokens["id_token"])["nonce"] == params["nonce"]
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    response = requests.get(f"{local.api_url}/reports", headers=headers, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    assert response.json()["sub"] == claims(tokens["access_token"])["sub"]
