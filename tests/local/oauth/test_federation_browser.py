"""A person signs in with the company's identity provider in a real browser: headless Chromium (`browser.py`; the
same skip rule as `test_browser.py`) on `make local` of a synth with the OIDC provider `corp`, played by the
stand-in. From `/oauth2/authorize`, the sign-in page's `corp` button, the stand-in's page (a wrong password, then
the right one) and back through `/oauth2/idpresponse` to the app's callback; the app's side (the code exchanged with
its PKCE verifier, then `GET /reports`) is plain HTTP."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
import requests
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.local.browser import NEEDS_CHROMIUM, WAIT_SECONDS, fill_in, shown_element
from tests.local.oauth.conftest import CallbackPage, FederatedStack
from tests.local.oauth.federation_flows import (
    authorization_request,
    exchange,
    federated_tokens,
    password_of,
    sub_of,
)
from tests.local.oauth.flows import TIMEOUT, claims

pytestmark = NEEDS_CHROMIUM
IDP_FORM = ("idp-username", "idp-password", "idp-sign-in")


def _sign_in_with_corp(
    federated: FederatedStack, callback_page: CallbackPage, browser: WebDriver, demo_user: str
) -> str:
    """Through the browser, a demo user signs in with corp; the app then exchanges the code: its access token."""
    params, verifier = authorization_request(federated)
    browser.get(f"{federated.info.oauth_base_url}/oauth2/authorize?{urlencode(params)}")
    WebDriverWait(browser, WAIT_SECONDS).until(shown_element("provider-corp")).click()
    WebDriverWait(browser, WAIT_SECONDS).until(expected_conditions.url_contains(f"{federated.info.idp_url}/authorize"))

    fill_in(browser, demo_user, "Not-the-password", IDP_FORM)
    error = WebDriverWait(browser, WAIT_SECONDS).until(shown_element("error"))
    assert error.text == "Incorrect username or password."

    fill_in(browser, demo_user, password_of(federated, demo_user), IDP_FORM)
    shown = WebDriverWait(browser, WAIT_SECONDS).until(shown_element("code"))
    visit = callback_page.next_visit(WAIT_SECONDS)
    assert browser.current_url.startswith(params["redirect_uri"])
    assert visit["state"] == params["state"]
    assert shown.text == visit["code"]
    exchanged = exchange(federated, visit["code"], params, verifier)
    assert exchanged.status_code == 200, exchanged.text
    tokens = exchanged.json()
    assert claims(tokens["id_token"])["nonce"] == params["nonce"]
    assert claims(tokens["id_token"])["cognito:username"] == f"corp_{sub_of(federated, demo_user)}"
    return str(tokens["access_token"])


@pytest.mark.parametrize(("demo_user", "member"), [("bob", False), ("alice", True)], ids=["non-member", "auditor"])
def test_a_federated_sign_in_in_chromium_then_reports(
    federated: FederatedStack, callback_page: CallbackPage, browser: WebDriver, demo_user: str, member: bool
) -> None:
    username = f"corp_{sub_of(federated, demo_user)}"
    if member:
        federated_tokens(federated, demo_user)  # over HTTP first: the user exists before joining the group
        federated.api.admin_add_user_to_group(
            UserPoolId=federated.info.user_pool_id, Username=username, GroupName="auditors"
        )
    token = _sign_in_with_corp(federated, callback_page, browser, demo_user)
    assert claims(token)["username"] == username
    response = requests.get(
        f"{federated.info.api_url}/reports", headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT
    )
    assert response.status_code == (200 if member else 403), response.text
