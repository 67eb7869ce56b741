"""One environment running locally: the embedded Cognito, the stack's identity resources in it, the local API,
the local stand-in for the pool's sign-in domain (`modules/local/oauth/`) and, when the stack has an OIDC identity
provider, a stand-in OpenID Provider that plays every such provider (`oauth/identity_provider.py`): a provider
added or changed while serving needs a restart.

`LocalEnvironment` is what `python -m modules.local` runs; tests use its parts (`build_api` with a Cognito
they keep for the whole session).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from modules.errors import EmulatorError, ProjectError
from modules.local import token_trigger
from modules.local.background_server import BackgroundServer, listen
from modules.local.cognito import ACCOUNT_ID, Deployment, EmbeddedCognito
from modules.local.description import ApiDescription, Function
from modules.local.docs_server import DocsServer, docs_app, serve_docs
from modules.local.info_line import LocalInfo as LocalInfo  # what start() returns, for importers
from modules.local.jwt_authorizer import JwtAuthorizer
from modules.local.lambda_runtime import LocalFunction
from modules.local.metrics import LocalMetrics
from modules.local.oauth.clients import PoolClients
from modules.local.oauth.identity_provider_app import IdentityProviderServer
from modules.local.oauth.providers import PLAYED
from modules.local.oauth.server import SignInDomainServer
from modules.local.resolver import References
from modules.local.server import ApiSlot, Integrations, LocalApi, LocalApiServer
from modules.paths import display
from modules.synth_output.references import expressions, single_address


def build_api(
    description: ApiDescription,
    cognito: EmbeddedCognito,
    deployment: Deployment,
    *,
    sources: Mapping[str, Path] | None = None,
    proxy_timeout_seconds: float | None = None,
    metrics: LocalMetrics | None = None,
) -> LocalApi:
    """The WSGI app for `description`, its authorizers bound to the pools `deployment` created in `cognito`, and
    each pool's pre-token-generation trigger registered to run before its access tokens (`token_trigger.py`).

        `sources` maps a function's address to its source directory: such a function runs from a fresh build of it,
        reloaded when it changes; the others from their synthesized zip.
    """
    references = References(description, deployment.values)
    authorizers: dict[str, JwtAuthorizer] = {}
    functions: dict[str, LocalFunction] = {}
    for route in description.routes:
        spec = route.authorizer
        if spec is not None and spec.address not in authorizers:
            issuer = references.resolve(spec.issuer)
            authorizers[spec.address] = JwtAuthorizer(
                issuer=issuer,
                audience=[references.resolve(entry) for entry in spec.audience],
                identity_sources=spec.identity_sources,
                jwks_uri=cognito.jwks_uri(issuer),
            )
        function = route.integration.function
        if function is not None and function.address not in functions:
            functions[function.address] = _local_function(function, description, references, sources)
    for trigger in description.token_triggers:
        address = trigger.function.address
        if address not in functions:
            functions[address] = _local_function(trigger.function, description, references, sources)
        runner = token_trigger.Trigger(functions[address], trigger.version, description.region)
        token_trigger.register(deployment.pool_ids[trigger.pool_address], runner)
    integrations = Integrations(authorizers, functions, ACCOUNT_ID, proxy_timeout_seconds)
    return LocalApi(description, integrations, metrics)


def _local_function(
    function: Function, description: ApiDescription, references: References, sources: Mapping[str, Path] | None
) -> LocalFunction:
    try:
        log_group = references.resolve(function.log_group)
    except EmulatorError:
        log_group = f"/aws/lambda/{function.function_name}"
    return LocalFunction(
        function,
        region=description.region,
        account_id=ACCOUNT_ID,
        log_group=log_group,
        source_dir=(sources or {}).get(function.address),
    )


def identity(description: ApiDescription, deployment: Deployment) -> tuple[str, str, str]:
    """(user pool id, client id, issuer): the pool of the API's JWT authorizer (else the stack's first pool) and
    the stack's first interactive client (without a secret), in the authorizer's audience order."""
    authorizer = next((r.authorizer for r in description.routes if r.authorizer is not None), None)
    audience = [single_address(entry) for entry in authorizer.audience if expressions(entry)] if authorizer else []
    ordered = [*audience, *(client.address for client in description.clients if client.address not in audience)]
    interactive = [
        address
        for address in ordered
        if address in deployment.client_ids and not description.resource(address).arguments.get("generate_secret")
    ]
    if not deployment.pool_ids or not interactive:
        raise EmulatorError(f"{description.stack_file}: no Cognito user pool and interactive app client to run")
    issuer_pool = single_address(authorizer.issuer) if authorizer and expressions(authorizer.issuer) else ""
    pool_address = issuer_pool if issuer_pool in deployment.pool_ids else next(iter(deployment.pool_ids))
    issuer = f"https://{deployment.values[f'{pool_address}.endpoint']}"
    return deployment.pool_ids[pool_address], deployment.client_ids[interactive[0]], issuer


class LocalEnvironment:
    """Embedded Cognito + local API for one synthesized stack. Use as a context manager, or start()/stop().

    `sources`: the functions' source directories (see `build_api`); `replace()` swaps in another synth of it.
    """

    def __init__(
        self, description: ApiDescription, *, port: int = 0, sources: Mapping[str, Path] | None = None
    ) -> None:
        self.description = description
        self.port = port
        self.sources = sources
        self.cognito = EmbeddedCognito(description.region)
        self.deployment: Deployment | None = None
        self.slot: ApiSlot | None = None
        self.server: LocalApiServer | None = None
        self.sign_in: SignInDomainServer | None = None
        #: What the alarms would see, kept across `replace()`; served by `metrics_server`.
        self.metrics = LocalMetrics()
        self.metrics_server: BackgroundServer | None = None
        self.docs: DocsServer | None = None
        #: Why there are no docs, when the document cannot be made.
        self.docs_problem: str | None = None
        #: The stand-in OpenID Provider, when the stack has an OIDC identity provider.
        self.idp: IdentityProviderServer | None = None
        #: The stand-in's `ProviderDetails` of each OIDC provider, by address (the same for every deploy of a run).
        self.provider_details: dict[str, dict[str, str]] = {}

    def start(self) -> LocalInfo:
        """Start both servers and create the identity resources; returns the info line's content."""
        listener = listen(self.port)  # first: a busy port fails before anything starts
        sign_in_listener = listen(0)  # its URL is the stand-in IdP's redirect URI, known before the pool is made
        try:
            self.cognito.start()
            self._start_identity_provider(f"http://127.0.0.1:{sign_in_listener.getsockname()[1]}")
            self.deployment = self.cognito.deploy(self.description, provider_details=self.provider_details)
            self.slot = ApiSlot(
                build_api(self.description, self.cognito, self.deployment, sources=self.sources, metrics=self.metrics)
            )
            self.server = LocalApiServer(self.slot, listener=listener).start()
            self.metrics_server = BackgroundServer(self.metrics, name="local-metrics", log_prefix="metrics").start()
            pool_id, client_id, issuer = identity(self.description, self.deployment)
            self.sign_in = SignInDomainServer.for_pool(self.cognito, pool_id, issuer, listener=sign_in_listener).start()
            clients = PoolClients(self.cognito.client(), pool_id).credentials(self.deployment.client_ids)
            try:
                self.docs = serve_docs(
                    self.description,
                    self.cognito,
                    pool_id=pool_id,
                    client_id=client_id,
                    api_url=self.server.url,
                    sign_in_url=self.sign_in.url,
                    sources=self._named_sources(),
                )
            except ProjectError as exc:
                self.docs_problem = str(exc)
        except BaseException:
            listener.close()
            sign_in_listener.close()
            self.stop()
            raise
        return LocalInfo(
            self.server.url,
            self.cognito.endpoint,
            self.description.region,
            pool_id,
            client_id,
            issuer,
            oauth_base_url=self.sign_in.url,
            clients=clients,
            metrics_url=self.metrics_server.url,
            docs_url=self.docs.url if self.docs is not None else None,
            idp_url=self.idp.url if self.idp is not None else None,
            idp_users=tuple(self.idp.demo_users()) if self.idp is not None else (),
        )

    def _start_identity_provider(self, sign_in_url: str) -> None:
        """Start the stand-in OpenID Provider when the stack declares an OIDC or Google identity provider, and register
        each such provider's client id with it (redirect URI: the sign-in domain's `/oauth2/idpresponse`)."""
        oidc = [
            block for block in self.description.identity_providers if block.arguments.get("provider_type") in PLAYED
        ]
        if not oidc:
            return
        self.idp = IdentityProviderServer().start()
        for block in oidc:
            declared = block.arguments.get("provider_details")
            details = declared if isinstance(declared, dict) else {}
            self.provider_details[block.address] = self.idp.app.provider_details(
                details, f"{sign_in_url}/oauth2/idpresponse"
            )

    @property
    def unemulated_providers(self) -> list[str]:
        """The addresses of the stack's SAML identity providers, which are not emulated offline."""
        return [
            block.address
            for block in self.description.identity_providers
            if block.arguments.get("provider_type") not in PLAYED
        ]

    def stop(self) -> None:
        """Stop the API server and its functions, then the embedded Cognito. Safe to call twice."""
        if self.server is not None:
            self.server.stop()
            self.server = None
        if self.sign_in is not None:
            self.sign_in.stop()
            self.sign_in = None
        if self.metrics_server is not None:
            self.metrics_server.stop()
            self.metrics_server = None
        if self.docs is not None:
            self.docs.stop()
            self.docs = None
        if self.idp is not None:
            self.idp.stop()
            self.idp = None
        if self.slot is not None:
            self.slot.api.close()
            self.slot = None
        self.cognito.stop()

    # --- live loop (make local WATCH=1) ---
    def replace(self, description: ApiDescription, sources: Mapping[str, Path] | None) -> None:
        """Serve `description` in place of the running stack, on the same port: the embedded Cognito reconciled
        (unchanged pools keep their users and tokens), then a new API (routes, authorizers, stage settings,
        functions) swapped in, then the old API's functions stopped. On error the old API keeps serving."""
        if self.slot is None or self.deployment is None:
            raise EmulatorError("the local environment is not running")
        if description.region != self.description.region:
            raise EmulatorError(f"region changed from {self.description.region} to {description.region}: restart")
        pool_before = identity(self.description, self.deployment)[0]
        deployment = self.cognito.deploy(description, previous=self.deployment, provider_details=self.provider_details)
        self.deployment = deployment
        pool_id, client_id, issuer = identity(description, deployment)
        if self.sign_in is not None and pool_id != pool_before:  # a replaced pool: its sign-in domain follows
            self.sign_in.retarget(self.cognito, pool_id, issuer)
        api = build_api(description, self.cognito, deployment, sources=sources, metrics=self.metrics)
        old, self.slot.api = self.slot.api, api
        self.description, self.sources = description, sources
        old.close()
        self._refresh_docs(pool_id, client_id)

    def _named_sources(self) -> dict[str, str]:
        """The functions' source directories as messages name them, by function resource name."""
        return {address.split(".", 1)[1]: display(path) for address, path in (self.sources or {}).items()}

    def _refresh_docs(self, pool_id: str, client_id: str) -> None:
        """The docs page follows the new stack (its document, and the interactive client, registered again); when
        the document cannot be made, the page keeps the old one and `docs_problem` says why."""
        if self.docs is None or self.server is None or self.sign_in is None:
            return
        try:
            self.docs.app = docs_app(
                self.description,
                self.cognito,
                pool_id=pool_id,
                client_id=client_id,
                base_url=self.docs.url,
                api_url=self.server.url,
                sign_in_url=self.sign_in.url,
                sources=self._named_sources(),
            )
            self.docs_problem = None
        except ProjectError as exc:
            self.docs_problem = str(exc)

    def __enter__(self) -> LocalInfo:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
