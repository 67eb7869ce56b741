"""The walkthrough against a running `make local`, step by step with each HTTP status.

1. `GET /example` without a token → 401 `{"message":"Unauthorized"}`;
2. sign-up, then admin-confirm-sign-up (boto3 against the embedded Cognito);
3. initiate-auth `USER_PASSWORD_AUTH` → an access token and an id token;
4. `GET /example` with `Authorization: Bearer <access token>` → 200 `{"a": "b", "sub": <the user's sub>}`;
5. the same with the id token → 200;
6. `GET /reports` (scope `cognito-http-api/reports.read`) with the password-flow access token → 403: InitiateAuth
   tokens carry no custom scope unless a group grants one, as on AWS;
7. the machine client: `client_credentials` at the local sign-in domain's `/oauth2/token` → `GET /reports` → 200;
8. the browser client: the authorization code flow with PKCE (authorize, sign-in page, code, token endpoint)
   → `GET /reports` → 200 (steps 6-8: `modules/local/oauth/walkthrough.py`);
9. when the pool has groups: the user joins the first one (`auditors` in the committed config) and signs in again
   with the password flow: the pool's pre-token-generation trigger adds the group's scopes → `GET /reports` → 200.

`python -m modules.local.demo [--env dev]` starts a fresh `python -m modules.local` child, runs the steps and
stops the child with SIGTERM (which must exit 0); `--against '<JSON line>'` runs them against one already
running. Exit code 0 only if every step behaved, 1 otherwise, 2 for bad input.
"""

from __future__ import annotations

import argparse
import dataclasses
import secrets
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import boto3  # type: ignore[import-untyped]
import requests
from botocore import UNSIGNED  # type: ignore[import-untyped]
from botocore.config import Config  # type: ignore[import-untyped]
from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]

from modules.cli import reported_errors
from modules.local.environment import LocalInfo
from modules.local.launcher import LocalProcess
from modules.local.oauth.walkthrough import OAuthSteps

PATH = "/example"
HTTP_TIMEOUT_SECONDS = 30


class Walkthrough:
    """The steps, printed to `out` as they run."""

    def __init__(self, info: LocalInfo, out: TextIO | None = None) -> None:
        self.info = info
        self.out = out if out is not None else sys.stdout
        self.results: list[bool] = []

    def check(self, step: str, title: str, status: int | str, ok: bool, detail: str = "") -> bool:
        """Record and print one step."""
        self.results.append(ok)
        verdict = "ok" if ok else f"FAILED {detail}".rstrip()
        print(f"{step:<3} {title:<62} {status!s:>4}  {verdict}", file=self.out, flush=True)
        return ok

    def cognito(self, *, signed: bool) -> Any:
        """A cognito-idp client for the emulator; unsigned for the public APIs, as a browser app calls them."""
        credentials = {} if not signed else {"aws_access_key_id": "local", "aws_secret_access_key": "local"}
        config = Config(signature_version=UNSIGNED) if not signed else Config()
        return boto3.client(
            "cognito-idp",
            region_name=self.info.region,
            endpoint_url=self.info.cognito_endpoint,
            config=config.merge(Config(retries={"max_attempts": 1})),
            **credentials,
        )

    def get(self, token: str | None) -> requests.Response:
        """`GET /example`, with `Authorization: Bearer <token>` when a token is given."""
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        return requests.get(self.info.api_url + PATH, headers=headers, timeout=HTTP_TIMEOUT_SECONDS)

    def aws(
        self,
        step: str,
        title: str,
        call: Callable[[], dict[str, Any]],
        valid: Callable[[dict[str, Any]], bool] = lambda _: True,
    ) -> dict[str, Any] | None:
        """Run one Cognito call as a step (its HTTP status is the step's); the response when it behaved."""
        try:
            response = call()
        except (BotoCoreError, ClientError) as exc:
            status = getattr(exc, "response", {}).get("ResponseMetadata", {}).get("HTTPStatusCode", "-")
            self.check(step, title, status, False, str(exc))
            return None
        ok = valid(response)
        self.check(step, title, response["ResponseMetadata"]["HTTPStatusCode"], ok, "" if ok else str(response))
        return response if ok else None

    def run(self) -> bool:
        """All steps; True only if every one behaved."""
        info = self.info
        anonymous = self.get(None)
        self.check(
            "1",
            f"GET {PATH} without a token → 401",
            anonymous.status_code,
            anonymous.status_code == 401 and _json(anonymous) == {"message": "Unauthorized"},
            anonymous.text,
        )
        public, admin = self.cognito(signed=False), self.cognito(signed=True)
        email = f"demo-{secrets.token_hex(4)}@example.com"
        policy = admin.describe_user_pool(UserPoolId=info.user_pool_id)["UserPool"]["Policies"]["PasswordPolicy"]
        password = _password(int(policy.get("MinimumLength", 8)))
        attributes = [{"Name": "email", "Value": email}]
        signed_up = self.aws(
            "2a",
            f"sign-up {email}",
            lambda: public.sign_up(
                ClientId=info.client_id, Username=email, Password=password, UserAttributes=attributes
            ),
        )
        confirmed = signed_up and self.aws(
            "2b",
            "admin-confirm-sign-up",
            lambda: admin.admin_confirm_sign_up(UserPoolId=info.user_pool_id, Username=email),
        )
        auth = confirmed and self.aws(
            "3",
            "initiate-auth USER_PASSWORD_AUTH → access token + id token",
            lambda: public.initiate_auth(
                ClientId=info.client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": email, "PASSWORD": password},
            ),
            lambda r: bool(
                r.get("AuthenticationResult", {}).get("AccessToken") and r["AuthenticationResult"].get("IdToken")
            ),
        )
        if not auth:
            return False
        tokens = auth["AuthenticationResult"]
        user = admin.admin_get_user(UserPoolId=info.user_pool_id, Username=email)
        sub = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")
        for step, kind, token in (("4", "access", tokens["AccessToken"]), ("5", "id", tokens["IdToken"])):
            response = self.get(token)
            body = _json(response)
            self.check(
                step,
                f"GET {PATH} with Authorization: Bearer <{kind} token> → 200",
                response.status_code,
                response.status_code == 200
                and isinstance(body, dict)
                and body.get("a") == "b"
                and body.get("sub") == sub,
                response.text,
            )
            print(f"    {response.text}", file=self.out, flush=True)
        # --- the scoped route and the local sign-in domain (modules/local/oauth/walkthrough.py) ---
        if not info.oauth_base_url:
            return self.check("6", "the local sign-in domain", "-", False, "no oauth_base_url on the info line")
        oauth = OAuthSteps(
            self.check,
            api_url=info.api_url,
            oauth_base_url=info.oauth_base_url,
            clients=info.clients,
            admin=admin,
            pool_id=info.user_pool_id,
        )
        oauth.scoped("6", "password-flow", tokens["AccessToken"], 403)
        oauth.machine("7")
        oauth.browser("8", email, password)
        self.group_member("9", admin, public, email, password, oauth)
        return all(self.results)

    def group_member(self, step: str, admin: Any, public: Any, email: str, password: str, oauth: OAuthSteps) -> None:
        """The user joins the pool's first group (by precedence) and signs in again with the password flow: the
        pool's pre-token-generation trigger adds the group's scopes, so the scoped route answers 200. Nothing to
        do in a pool without groups."""
        groups = admin.list_groups(UserPoolId=self.info.user_pool_id)["Groups"]
        if not groups:
            return
        group = min(groups, key=lambda g: (g.get("Precedence", 0), g["GroupName"]))["GroupName"]
        joined = self.aws(
            f"{step}a",
            f"admin-add-user-to-group {group}",
            lambda: admin.admin_add_user_to_group(UserPoolId=self.info.user_pool_id, Username=email, GroupName=group),
        )
        again = joined and self.aws(
            f"{step}b",
            "initiate-auth USER_PASSWORD_AUTH again (the pre-token trigger runs)",
            lambda: public.initiate_auth(
                ClientId=self.info.client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": email, "PASSWORD": password},
            ),
        )
        if again:
            oauth.scoped(
                f"{step}c", f"password-flow ({group} member)", again["AuthenticationResult"]["AccessToken"], 200
            )


def run_walkthrough(info: LocalInfo, out: TextIO | None = None) -> bool:
    """Play the walkthrough against `info`; True only if every step behaved."""
    return Walkthrough(info, out).run()


def _password(minimum_length: int) -> str:
    """A password meeting any Cognito policy: all four character classes, at least `minimum_length` long."""
    password = f"Demo-{secrets.token_hex(8)}-Aa1!"
    return password + "x" * max(0, minimum_length - len(password))


def without_secrets(info: LocalInfo) -> LocalInfo:
    """The info line to print again: client secrets stay on the local API's own first line only."""
    clients = {
        name: {**ids, "client_secret": "<hidden>" if ids.get("client_secret") else None}
        for name, ids in info.clients.items()
    }
    return dataclasses.replace(info, clients=clients)


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def main(argv: list[str] | None = None) -> int:
    """`make demo`: 0 when every step behaved (and the local API stopped cleanly), else 1; 2 for bad input."""
    parser = argparse.ArgumentParser(prog="python -m modules.local.demo", description=__doc__.split("\n\n")[0])
    parser.add_argument("--env", default="dev", help="environment to start (default: dev)")
    parser.add_argument("--port", type=int, default=0, help="port of the local API (default: a free one)")
    parser.add_argument("--outdir", type=Path, default=None, help="synth output (default: $CDKTF_OUTDIR or cdktf.out)")
    parser.add_argument("--config", type=Path, default=None, help="config file (default: environments.toml)")
    parser.add_argument("--against", metavar="JSON", help="the info line of an already running `make local`")
    args = parser.parse_args(argv)
    with reported_errors():
        if args.against:
            return 0 if run_walkthrough(LocalInfo.from_json(args.against)) else 1
        with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
            child = LocalProcess(args.env, port=args.port, outdir=args.outdir, config=args.config, stderr=log)
            behaved = False
            try:
                info = child.start()
                print(f"local: {without_secrets(info).to_json()}", flush=True)
                behaved = run_walkthrough(info)
            finally:
                code = child.stop()
                print(f"local: stopped with SIGTERM, exit code {code}", flush=True)
                if code != 0 or not behaved:  # show the local API's log when something went wrong
                    log.seek(0)
                    sys.stderr.write(log.read())
        if behaved and code == 0:
            print("demo: every step behaved", flush=True)
            return 0
        print("demo: FAILED", flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
