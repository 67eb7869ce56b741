"""The HTML pages of the local sign-in domain (the sign-in form, with a button per external identity provider of
the client, and the error page) and of the stand-in identity provider (its sign-in form): jinja2, autoescaped."""

from __future__ import annotations

from jinja2 import Environment

#: The content type of every page.
HTML = "text/html; charset=utf-8"
_PAGES = Environment(autoescape=True)

_STYLE = """
body { font-family: system-ui, sans-serif; background: #f2f3f3; margin: 0; }
main { max-width: 22rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 0.5rem; }
label, input, button { display: block; width: 100%; box-sizing: border-box; }
input { margin: 0.25rem 0 1rem; padding: 0.5rem; }
button { padding: 0.6rem; background: #0972d3; color: #fff; border: 0; border-radius: 1rem; }
.error { color: #d91515; }
.note { color: #5f6b7a; font-size: 0.8rem; }
"""

SIGN_IN = _PAGES.from_string(
    """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in</title><style>{{ style }}</style></head>
<body><main>
<h1>Sign in</h1>
<p>to {{ client_name }}</p>
{% if error %}<p id="error" class="error" role="alert">{{ error }}</p>{% endif %}
<form method="post" action="{{ action }}">
<label for="username">Username or email</label>
<input id="username" name="username" type="text" autocomplete="username" value="{{ username }}" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button id="sign-in" type="submit">Sign in</button>
</form>
{% if providers %}<p>or sign in with your corporate ID</p>
{% for name, href in providers %}<p><a class="provider" id="provider-{{ name }}" href="{{ href }}">{{ name }}</a></p>
{% endfor %}{% endif %}
{% for name in unemulated %}<p class="note">{{ name }}: SAML sign-in is not emulated offline.</p>
{% endfor %}
<p class="note">Local stand-in for the user pool's sign-in domain (make local).</p>
</main></body>
</html>
"""
)

IDP_SIGN_IN = _PAGES.from_string(
    """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Corporate sign-in</title><style>{{ style }}</style></head>
<body><main>
<h1>Corporate sign-in</h1>
<p>{{ client_id }} asks for: {{ scope }}</p>
{% if error %}<p id="error" class="error" role="alert">{{ error }}</p>{% endif %}
<form method="post" action="{{ action }}">
<label for="idp-username">Username</label>
<input id="idp-username" name="username" type="text" autocomplete="username" value="{{ username }}" required>
<label for="idp-password">Password</label>
<input id="idp-password" name="password" type="password" autocomplete="current-password" required>
<button id="idp-sign-in" type="submit">Sign in</button>
</form>
<form method="post" action="{{ action }}"><button id="idp-cancel" name="cancel" value="1">Cancel</button></form>
<p class="note">Local stand-in for an OpenID Connect identity provider (make local); its users and passwords are
on the info line.</p>
</main></body>
</html>
"""
)

ERROR = _PAGES.from_string(
    """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Error</title><style>{{ style }}</style></head>
<body><main>
<h1>An error was encountered with the requested page.</h1>
<p id="error" class="error">{{ message }}</p>
</main></body>
</html>
"""
)


def sign_in_page(
    *,
    client_name: str,
    action: str,
    username: str = "",
    error: str = "",
    providers: tuple[tuple[str, str], ...] = (),
    unemulated: tuple[str, ...] = (),
) -> str:
    """The sign-in form for `client_name`, posting to `action` (the same URL, query string included); a link per
    `(provider name, URL)` in `providers`, and a note per SAML provider name in `unemulated`."""
    return SIGN_IN.render(
        style=_STYLE,
        client_name=client_name,
        action=action,
        username=username,
        error=error,
        providers=providers,
        unemulated=unemulated,
    )


def idp_sign_in_page(*, client_id: str, scope: str, action: str, username: str = "", error: str = "") -> str:
    """The stand-in identity provider's sign-in form for the relying party `client_id`, posting to `action`."""
    return IDP_SIGN_IN.render(
        style=_STYLE, client_id=client_id, scope=scope, action=action, username=username, error=error
    )


def error_page(message: str) -> str:
    """The page shown when a request cannot be answered with a redirect to the client."""
    return ERROR.render(style=_STYLE, message=message)
