"""A person signs in through the local sign-in page in a real browser: headless Chromium, driven by Selenium.

The whole of `make local` runs (`LocalEnvironment`) on a real synth of the committed config whose dev `web`
client returns to a callback page served here. The browser goes from `/oauth2/authorize` through the sign-in page
to that callback; the app's side (the code exchanged with its PKCE verifier, then `GET /reports`) is plain HTTP.

Chromium as `browser.py` describes it (`make browser` installs it; `.ci/run` calls it); without it the test is
skipped, and says which command installs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import boto3  # type: ignore[import-untyped]
import pytest
import requests
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from modules.local.environment import LocalInfo
from tests.local.browser import NEEDS_CHROMIUM, WAIT_SECONDS, fill_in, shown_element
from tests.local.oauth.conftest import CallbackPage, dev_served
from tests.local.oauth.flows import TIMEOUT, claims, pkce_pair

pytestmark = NEEDS_CHROMIUM


@pytest.fixture(scope="module")
def local(callback_page: CallbackPage, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalInfo]:
    """`make local` for dev, synthesized from the committed config with the callback page as the web client's."""
    with dev_served(tmp_path_factory.mktemp("browser"), callback_page.url) as (_, info):
        yield info


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
