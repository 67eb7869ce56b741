"""A WSGI application whose URL map names its endpoints: the local sign-in domain and the stand-in identity
provider both answer this way (an unknown path 404, a wrong method 405, from werkzeug's routing)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map
from werkzeug.wrappers import Request

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment


class RoutedApp:
    """Each request goes to the method named by the endpoint `URLS` matches, called with the werkzeug request."""

    URLS: ClassVar[Map]

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        try:
            endpoint, _ = self.URLS.bind_to_environ(environ).match()
            response: Any = getattr(self, endpoint)(request)
        except HTTPException as exc:
            response = exc
        return response(environ, start_response)  # type: ignore[no-any-return]
