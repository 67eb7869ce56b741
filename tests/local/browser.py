"""Headless Chromium for the sign-in tests, driven by Selenium: Debian's `chromium` and `chromium-driver` (`make
browser` installs them). Without them the browser tests are skipped (`NEEDS_CHROMIUM`), and say which command
installs them. Chromium runs with a fresh profile and without any background networking: every request it makes
goes to 127.0.0.1."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

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

NEEDS_CHROMIUM = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="needs Chromium and its driver (chromium, chromedriver): install them with `make browser`",
)


@contextmanager
def chromium(profile: Path) -> Iterator[WebDriver]:
    """Headless Chromium with a fresh profile in `profile`, found on PATH (never downloaded)."""
    assert CHROMIUM is not None
    assert CHROMEDRIVER is not None
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()


def fill_in(
    browser: WebDriver, username: str, password: str, ids: tuple[str, str, str] = ("username", "password", "sign-in")
) -> None:
    """Type into a sign-in form (its username and password fields and button, by id) and press the button."""
    username_id, password_id, button_id = ids
    WebDriverWait(browser, WAIT_SECONDS).until(expected_conditions.element_to_be_clickable((By.ID, button_id)))
    for field, value in ((username_id, username), (password_id, password)):
        element = browser.find_element(By.ID, field)
        element.clear()
        element.send_keys(value)
    browser.find_element(By.ID, button_id).click()


def shown_element(element_id: str) -> Any:
    """A wait condition: the element with this id is on the page."""
    return expected_conditions.presence_of_element_located((By.ID, element_id))
