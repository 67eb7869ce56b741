"""A person reads the API's docs in a real browser, signs in from them and calls a scoped route: headless
Chromium, driven by Selenium, on the whole of `make local` (`LocalEnvironment`) for the committed dev config.

Swagger UI's **Authorize** opens the local sign-in page in a pop-up (authorization code with PKCE, the web
client); the pop-up returns to the docs' `oauth2-redirect.html`, Swagger UI redeems the code, and **Try it out**
on `GET /reports` (scope `reports.read`) answers 200 with the report.

Skipped, as the sign-in browser test is, without Debian's `chromium` and `chromium-driver` (`make browser`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from modules.local.api_reader import load_description
from modules.local.environment import LocalEnvironment, LocalInfo
from tests.local.browser import NEEDS_CHROMIUM, WAIT_SECONDS, fill_in

pytestmark = NEEDS_CHROMIUM
EMAIL, PASSWORD = "docs-reader@example.com", "Docs-Passw0rd!"


@pytest.fixture(scope="module")
def local(synth_dir: Path) -> Iterator[LocalInfo]:
    with LocalEnvironment(load_description(synth_dir / "stacks" / "dev" / "cdk.tf.json")) as info:
        yield info


def clickable(css: str) -> Any:
    """A wait condition: the element matching `css` can be clicked."""
    return expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, css))


def test_sign_in_from_the_docs_then_call_a_scoped_route(local: LocalInfo, browser: WebDriver) -> None:
    cognito = boto3.client(
        "cognito-idp",
        region_name=local.region,
        endpoint_url=local.cognito_endpoint,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    web = str(local.clients["web"]["client_id"])
    cognito.sign_up(ClientId=web, Username=EMAIL, Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": EMAIL}])
    cognito.admin_confirm_sign_up(UserPoolId=local.user_pool_id, Username=EMAIL)
    assert local.docs_url is not None
    wait = WebDriverWait(browser, WAIT_SECONDS)

    browser.set_window_size(1280, 2400)  # the dialog's buttons on screen, as on a person's
    browser.get(local.docs_url)
    wait.until(clickable("button.authorize")).click()
    wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".auth-container")))
    code_flow = next(
        c for c in browser.find_elements(By.CSS_SELECTOR, ".auth-container") if "authorizationCode" in c.text
    )
    docs_window = browser.current_window_handle
    authorize = code_flow.find_element(By.CSS_SELECTOR, "button.modal-btn.authorize")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", authorize)
    authorize.click()
    wait.until(lambda driver: len(driver.window_handles) == 2)
    browser.switch_to.window(next(h for h in browser.window_handles if h != docs_window))
    wait.until(expected_conditions.url_contains("/login?"))
    assert browser.current_url.startswith(f"{local.oauth_base_url}/login?")
    fill_in(browser, EMAIL, PASSWORD)
    wait.until(lambda driver: len(driver.window_handles) == 1)  # oauth2-redirect.html hands the code over, closes
    browser.switch_to.window(docs_window)
    wait.until(
        lambda driver: "Logout" in [b.text for b in driver.find_elements(By.CSS_SELECTOR, ".auth-container button")]
    )
    browser.find_element(By.CSS_SELECTOR, "button.btn-done").click()

    wait.until(clickable("#operations-reports-get_reports .opblock-summary")).click()
    wait.until(clickable("#operations-reports-get_reports button.try-out__btn")).click()
    wait.until(clickable("#operations-reports-get_reports button.execute")).click()
    status = wait.until(
        expected_conditions.presence_of_element_located(
            (By.CSS_SELECTOR, "#operations-reports-get_reports .live-responses-table tbody .response-col_status")
        )
    )
    body = browser.find_element(By.CSS_SELECTOR, "#operations-reports-get_reports .live-responses-table pre").text
    assert status.text.strip() == "200", body
    assert '"report": "storage"' in body
    user = cognito.admin_get_user(UserPoolId=local.user_pool_id, Username=EMAIL)
    sub = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")
    assert f'"sub": "{sub}"' in body  # the person signed in, not a machine
