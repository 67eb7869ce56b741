"""Cognito app clients, keyed by name: interactive ones (browser, SPA, CLI) and machine ones (service to service)."""

from __future__ import annotations

from pydantic import model_validator

from modules.config.allowed import (
    CLIENT_KINDS,
    LOOPBACK_HOSTS,
    REFRESH_AUTH_FLOW,
    SCOPE_PATTERN,
    USER_AUTH_FLOWS,
)
from modules.config.base import ConfigModel, InvalidField, setting
from modules.config.rules import Between, DistinctSubset, EachMatches, EachRedirectUrl, OneOf

INTERACTIVE = "interactive"
MACHINE = "machine"
#: The flows of an interactive client unless it says otherwise: the password flow, SRP, refresh.
DEFAULT_INTERACTIVE_FLOWS = ("ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", REFRESH_AUTH_FLOW)
#: A machine client signs no user in. Cognito applies SRP and custom auth when the list is empty, so it gets the
#: refresh flow alone (client_credentials issues no refresh token: nothing can use it).
MACHINE_FLOWS = (REFRESH_AUTH_FLOW,)
#: The OpenID scopes an interactive client may request besides the resource server's.
OPENID_SCOPES = ("openid", "email")
#: Where Cognito may send a browser back to (CreateUserPoolClient's CallbackURLs and LogoutURLs rules).
REDIRECT_URLS = EachRedirectUrl(LOOPBACK_HOSTS)


class ClientConfig(ConfigModel):
    """One app client. `interactive`: no secret, authorization code with PKCE to its callback URLs, plus the user
    flows in `auth_flows`. `machine`: a secret and `client_credentials` only, for the scopes it names."""

    kind: str = setting(
        INTERACTIVE,
        OneOf(CLIENT_KINDS),
        doc="interactive (browser, SPA, CLI: no secret, code flow with PKCE) or machine (a secret, "
        "client_credentials only)",
    )
    scopes: tuple[str, ...] = setting(
        (),
        EachMatches(SCOPE_PATTERN, "scope names of letters, digits and _ . : -"),
        doc="Resource-server scopes (short names, as the routes name them) the client may request",
    )
    callback_urls: tuple[str, ...] = setting(
        (),
        REDIRECT_URLS,
        doc="Where the code flow may return (interactive: at least one; machine: none)",
    )
    logout_urls: tuple[str, ...] = setting(
        (),
        REDIRECT_URLS,
        doc="Where sign-out may return (interactive)",
    )
    auth_flows: tuple[str, ...] = setting(
        DEFAULT_INTERACTIVE_FLOWS,
        DistinctSubset((*USER_AUTH_FLOWS, REFRESH_AUTH_FLOW)),
        doc="Explicit auth flows of an interactive client (a machine client has none: it may not set this)",
    )
    access_token_validity_minutes: int = setting(60, Between(5, 1440), doc="Access token validity in minutes")
    id_token_validity_minutes: int = setting(60, Between(5, 1440), doc="Id token validity in minutes")
    refresh_token_validity_days: int = setting(30, Between(1, 3650), doc="Refresh token validity in days")

    @property
    def is_machine(self) -> bool:
        return self.kind == MACHINE

    @property
    def explicit_auth_flows(self) -> tuple[str, ...]:
        """The flows the client gets: `auth_flows` for an interactive client, the refresh flow alone otherwise."""
        return MACHINE_FLOWS if self.is_machine else self.auth_flows

    @model_validator(mode="after")
    def _kind_fits(self) -> ClientConfig:
        if self.is_machine:
            if "auth_flows" in self.model_fields_set:
                raise InvalidField(
                    "auth_flows",
                    list(self.auth_flows),
                    "no auth_flows on a machine client: it uses client_credentials only (no user flows)",
                )
            if not self.scopes:
                raise InvalidField("scopes", [], "at least one scope: a machine client's token carries only scopes")
            for name in ("callback_urls", "logout_urls"):
                if getattr(self, name):
                    raise InvalidField(name, list(getattr(self, name)), "none on a machine client (no redirects)")
        elif not self.callback_urls:
            raise InvalidField(
                "callback_urls",
                [],
                "at least one callback URL: an interactive client signs users in through the code flow (PKCE)",
            )
        return self
