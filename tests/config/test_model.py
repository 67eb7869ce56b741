"""Names derived from the typed config."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

import pytest

from modules.config.model import EnvironmentConfig, RouteConfig, route_resource_name


@pytest.mark.parametrize(
    ("route_key", "name"),
    [
        ("GET /example", "get_example"),
        ("GET /", "get_root"),
        ("POST /orders/{id}/items", "post_orders_id_items"),
        ("ANY /{proxy+}", "any_proxy"),
        ("$default", "default"),
    ],
)
def test_route_resource_name_comes_from_the_route_key(route_key: str, name: str) -> None:
    assert route_resource_name(route_key) == name
    assert RouteConfig(route_key=route_key).resource_name == name


def test_every_config_field_is_described() -> None:
    def walk(cls: type) -> list[str]:
        missing = []
        for field in dataclasses.fields(cls):
            if cls is EnvironmentConfig and field.name in ("name", "project"):
                continue
            if not field.metadata.get("doc"):
                missing.append(f"{cls.__name__}.{field.name}")
            if dataclasses.is_dataclass(field.default_factory):
                missing += walk(field.default_factory)  # type: ignore[arg-type]
        return missing

    assert walk(EnvironmentConfig) == []


def test_environment_prefix_and_scopes() -> None:
    env = EnvironmentConfig(
        name="dev", project="shop", region="eu-west-1",
        routes=(RouteConfig("GET /a", scopes=("b", "a")), RouteConfig("GET /b", scopes=("a",)),
                RouteConfig("GET /c", public=True)),
    )  # fmt: skip
    assert env.prefix == "shop-dev"
    assert env.scopes == ("a", "b")
    assert env.public_routes == ("GET /c",)


def test_readme_documents_every_config_field() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")

    def paths(cls: type, prefix: str) -> list[str]:
        result = []
        for field in dataclasses.fields(cls):
            if cls is EnvironmentConfig and field.name in ("name", "project"):
                continue
            hint = typing.get_type_hints(cls)[field.name]
            inner = next((a for a in typing.get_args(hint) if dataclasses.is_dataclass(a)), hint)
            nested = prefix + field.name + ("[]." if field.name == "routes" else ".")
            if dataclasses.is_dataclass(inner):
                result += paths(inner, nested)  # type: ignore[arg-type]
            if not dataclasses.is_dataclass(inner) or field.name == "cors":
                result.append(prefix + field.name)
        return result

    missing = [path for path in paths(EnvironmentConfig, "") if f"| `{path}` |" not in readme]
    assert missing == []
