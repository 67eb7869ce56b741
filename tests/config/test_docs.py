"""The config table of docs/configuration.md is generated from the models and current."""

from __future__ import annotations

from modules.config.docs import BEGIN, END, FIELDS_PAGE, field_rows, refreshed, table
from tests.conftest import ROOT


def test_config_table_is_current() -> None:
    page = (ROOT / FIELDS_PAGE).read_text(encoding="utf-8")
    assert page == refreshed(page), f"the config table of {FIELDS_PAGE} is stale: run `make schema`"
    assert page.count(BEGIN) == page.count(END) == 1


def test_every_field_has_a_row_with_a_description() -> None:
    rows = {path: doc for path, _, doc, _ in field_rows()}
    for path in (
        "region",
        "user_pool.domain_prefix",
        "clients.<name>.kind",
        "functions.<name>.architecture",
        "functions.<name>.environment",
        "domain.certificate_arn",
        "routes[].function",
        "cors.allow_origins",
    ):
        assert rows[path], path
    assert all(rows.values())
    assert "| `routes[].route_key` | required |" in table()
