"""The first stdout line of `make local`: `LocalInfo`, written and read as one JSON object."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields

from modules.errors import EmulatorError


@dataclass(frozen=True)
class LocalInfo:
    """The first stdout line of `make local`: everything a client needs to play the user."""

    api_url: str
    cognito_endpoint: str
    region: str
    user_pool_id: str
    client_id: str
    issuer: str
    # --- the local sign-in domain (modules/local/oauth/) ---
    #: Stands in for https://<prefix>.auth.<region>.amazoncognito.com: `${oauth_base_url}/oauth2/token`.
    oauth_base_url: str | None = None
    #: Each app client of the pool by name: `{"client_id": ..., "client_secret": ... or None}` (local secrets).
    clients: Mapping[str, Mapping[str, str | None]] = field(default_factory=dict)
    #: What the alarms would see, as JSON: per route and function, requests, 4xx, 5xx, latency (`metrics.py`).
    metrics_url: str | None = None
    #: Swagger UI with the API's OpenAPI document (`docs_server.py`); None when the document cannot be made.
    docs_url: str | None = None
    # --- the stand-in OpenID Provider (modules/local/oauth/identity_provider.py) ---
    #: Plays every `kind = "oidc"` and `kind = "google"` identity provider; None when the stack has none.
    idp_url: str | None = None
    #: Its users: `{"username", "password" (throwaway, this run's), "email", "sub"}`.
    idp_users: tuple[Mapping[str, str], ...] = ()

    def to_json(self) -> str:
        """One JSON object on one line, keys in the documented order."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, line: str) -> LocalInfo:
        """Parse the line `to_json` wrote (raises `EmulatorError` when it is not one)."""
        try:
            data = json.loads(line)
            optional = ("oauth_base_url", "clients", "metrics_url", "docs_url", "idp_url", "idp_users")
            text = {f.name: str(data[f.name]) for f in fields(cls) if f.name not in optional}
            oauth_base_url, clients = data["oauth_base_url"], data["clients"]
            urls = {name: data.get(name) for name in ("metrics_url", "docs_url", "idp_url")}
            if not all(isinstance(url, str | None) for url in (oauth_base_url, *urls.values())):
                raise TypeError("oauth_base_url, metrics_url, docs_url or idp_url is not a string or null")
            idp_users = data.get("idp_users", [])
            if not isinstance(clients, dict) or not all(isinstance(user, dict) for user in idp_users):
                raise TypeError("clients is not an object, or idp_users not a list of objects")
            return cls(**text, oauth_base_url=oauth_base_url, clients=clients, idp_users=tuple(idp_users), **urls)
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EmulatorError(f"not a `make local` info line: {line.strip()!r} ({exc})") from None
