"""Swagger UI for the environment `make local` serves: the API's OpenAPI document, browsable, with sign-in.

It runs on a port of its own (`docs_url` on the info line), never the API's: a page of the API's own would be a
route API Gateway does not have. Swagger UI's files come from the `swagger-ui-bundle` package. The page is set
up for the interactive app client: **Authorize** opens the local sign-in domain (authorization code with PKCE;
`oauth2-redirect.html` on this server is the redirect URI, registered for that client in the embedded Cognito
only), and **Try it out** calls the routes.

A browser page may only call its own origin unless the other answers CORS, which the sign-in domain's token
endpoint and an API without a CORS configuration for this origin do not. So the page's server is this one:
`/api/<path>` is forwarded to the API and `/oauth2/token` to the sign-in domain, as they are (method, headers
but hop-by-hop ones, body; the answer likewise). The API sees the request as any client's.
"""

from __future__ import annotations

import html
import json
import mimetypes
import socket
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import requests
from swagger_ui_bundle import swagger_ui_path
from werkzeug.wrappers import Request, Response

from modules.local.background_server import BackgroundServer, listen
from modules.local.cognito import EmbeddedCognito
from modules.local.description import ApiDescription
from modules.openapi.document import build_document
from modules.openapi.endpoints import Endpoints
from modules.openapi.output import function_fragments, route_texts
from modules.openapi.security import SCHEME
from modules.openapi.stack_view import read_stack
from modules.synth_output.loading import load_interface

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

API_PREFIX = "/api"
DOCUMENT_PATH = "/openapi.json"
REDIRECT_PAGE = "/oauth2-redirect.html"
TOKEN_PATH = "/oauth2/token"
#: Swagger UI's files this server hands out, from the package.
STATIC_FILES = frozenset(
    {
        "swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "oauth2-redirect.html",
        "favicon-16x16.png", "favicon-32x32.png",
    }
)  # fmt: skip
#: Hop-by-hop headers (RFC 9110 §7.6.1) and what is recomputed on the way (this server sets its own `server`
#: and `date`).
NOT_FORWARDED = frozenset(
    {
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te",
        "trailer", "transfer-encoding", "upgrade", "host", "content-length", "content-encoding", "server", "date",
    }
)  # fmt: skip
FORWARD_TIMEOUT_SECONDS = 60.0
PAGE = """<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>{title}</title>
    <link rel="stylesheet" type="text/css" href="./swagger-ui.css">
    <link rel="icon" type="image/png" href="./favicon-32x32.png" sizes="32x32">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="./swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="./swagger-ui-standalone-preset.js" charset="UTF-8"></script>
    <script>
      const settings = {settings};
      window.ui = SwaggerUIBundle({{
        url: settings.url, dom_id: "#swagger-ui", deepLinking: true, oauth2RedirectUrl: settings.redirect,
        presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout",
      }});
      window.ui.initOAuth({{
        clientId: settings.clientId, scopes: settings.scopes, usePkceWithAuthorizationCodeGrant: true,
      }});
    </script>
  </body>
</html>
"""


class DocsApp:
    """The WSGI application: the page, the document, Swagger UI's files, and the two forwards."""

    def __init__(
        self, document: Mapping[str, Any], *, base_url: str, api_url: str, sign_in_url: str, client_id: str
    ) -> None:
        self.document = json.dumps(document, indent=2).encode("utf-8")
        self.title = str(document.get("info", {}).get("title", "API"))
        self.base_url = base_url.rstrip("/")
        self.api_url = api_url.rstrip("/")
        self.sign_in_url = sign_in_url.rstrip("/")
        self.client_id = client_id
        #: Preselected on the sign-in dialog: every scope of the authorization code flow.
        flows = document.get("components", {}).get("securitySchemes", {}).get(SCHEME, {}).get("flows", {})
        self.scopes = sorted(flows.get("authorizationCode", {}).get("scopes", {}))

    def page(self) -> bytes:
        settings = {
            "url": f"{self.base_url}{DOCUMENT_PATH}",
            "redirect": f"{self.base_url}{REDIRECT_PAGE}",
            "clientId": self.client_id,
            "scopes": self.scopes,
        }
        text = PAGE.format(title=html.escape(self.title), settings=json.dumps(settings).replace("</", "<\\/"))
        return text.encode("utf-8")

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        path = request.path
        if path in ("/", "/index.html") and request.method == "GET":
            response = Response(self.page(), content_type="text/html; charset=utf-8")
        elif path == DOCUMENT_PATH and request.method == "GET":
            response = Response(self.document, content_type="application/json")
        elif path.lstrip("/") in STATIC_FILES and request.method == "GET":
            name = path.lstrip("/")
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            response = Response((swagger_ui_path / name).read_bytes(), content_type=kind)
        elif path == API_PREFIX or path.startswith(API_PREFIX + "/"):
            response = _forward(request, self.api_url + (path[len(API_PREFIX) :] or "/"))
        elif path == TOKEN_PATH and request.method == "POST":
            response = _forward(request, self.sign_in_url + TOKEN_PATH)
        else:
            response = Response(b'{"message":"Not Found"}', status=404, content_type="application/json")
        return response(environ, start_response)


def _forward(request: Request, url: str) -> Response:
    query = request.query_string.decode("latin-1")
    headers = {k: v for k, v in request.headers.items() if k.lower() not in NOT_FORWARDED}
    try:
        answer = requests.request(
            request.method,
            url + (f"?{query}" if query else ""),
            headers=headers,
            data=request.get_data() or None,
            timeout=FORWARD_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
    except requests.RequestException:
        return Response(b'{"message":"Bad Gateway"}', status=502, content_type="application/json")
    kept = [(k, v) for k, v in answer.raw.headers.items() if k.lower() not in NOT_FORWARDED]
    return Response(answer.content, status=answer.status_code, headers=kept)


def docs_endpoints(docs_url: str, sign_in_url: str) -> Endpoints:
    """What the page's document names: the API and the token endpoint through this server, the sign-in page
    (a navigation, not a call) on the sign-in domain itself."""
    base = docs_url.rstrip("/")
    return Endpoints(
        servers=({"url": base + API_PREFIX, "description": "make local's API, through the docs server"},),
        authorization_url=f"{sign_in_url.rstrip('/')}/oauth2/authorize",
        token_url=base + TOKEN_PATH,
    )


def redirect_uri(docs_url: str) -> str:
    """The page's OAuth 2.0 redirect URI: a callback URL the interactive client needs locally."""
    return docs_url.rstrip("/") + REDIRECT_PAGE


class DocsServer(BackgroundServer):
    """Serves a `DocsApp` on 127.0.0.1 from a background thread (`listener` from `listen()`, whose URL is the
    app's `base_url` and the info line's `docs_url`); `app` may be swapped while it serves."""

    def __init__(self, app: DocsApp, *, listener: socket.socket) -> None:
        self.app = app
        super().__init__(self._dispatch, name="docs", log_prefix="docs", log_query=False, listener=listener)

    def _dispatch(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Each request goes to the app that is current when it arrives."""
        return self.app(environ, start_response)


def docs_app(
    description: ApiDescription,
    cognito: EmbeddedCognito,
    *,
    pool_id: str,
    client_id: str,
    base_url: str,
    api_url: str,
    sign_in_url: str,
    sources: Mapping[str, str] | None = None,
) -> DocsApp:
    """The docs of `description` served at `base_url`, for the interactive client `client_id` of `pool_id`, whose
    callback URLs gain the page's redirect URI (in the embedded Cognito only). `OpenApiError` when the document
    cannot be made (a function's `openapi.yaml`, named by its source directory in `sources`)."""
    view = read_stack(description.document, description.environment)
    interface = load_interface(description.stack_file.parents[2])
    document = build_document(
        view,
        docs_endpoints(base_url, sign_in_url),
        version=interface.version,
        fragments=function_fragments(view, sources),
        texts=route_texts(interface, description.environment),
    )
    api = cognito.client()
    described = api.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
    callbacks = list(described.get("CallbackURLs", ()))
    if redirect_uri(base_url) not in callbacks:
        api.update_user_pool_client(
            UserPoolId=pool_id, ClientId=client_id, CallbackURLs=[*callbacks, redirect_uri(base_url)]
        )
    return DocsApp(document, base_url=base_url, api_url=api_url, sign_in_url=sign_in_url, client_id=client_id)


def serve_docs(
    description: ApiDescription,
    cognito: EmbeddedCognito,
    *,
    pool_id: str,
    client_id: str,
    api_url: str,
    sign_in_url: str,
    sources: Mapping[str, str] | None = None,
) -> DocsServer:
    """Start the docs of `description` (`docs_app`) on a free port."""
    listener = listen(0)
    try:
        base_url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        app = docs_app(
            description,
            cognito,
            pool_id=pool_id,
            client_id=client_id,
            base_url=base_url,
            api_url=api_url,
            sign_in_url=sign_in_url,
            sources=sources,
        )
        return DocsServer(app, listener=listener).start()
    except BaseException:
        listener.close()
        raise
