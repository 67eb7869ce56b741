"""A stand-in for a user pool's sign-in domain (`https://<prefix>.auth.<region>.amazoncognito.com`) on 127.0.0.1.

Built on Authlib's OAuth 2.0 server (grants, client authentication, PKCE), served by werkzeug:

- `/oauth2/token`: `client_credentials`, `authorization_code` (PKCE S256) and `refresh_token`;
- `/oauth2/authorize` and `/login`: the sign-in page, checking passwords against the embedded Cognito;
- `/oauth2/userInfo`, `/logout` and `/.well-known/openid-configuration`;
- `/oauth2/idpresponse`: sign-in through an external OIDC provider (`federation.py`), which offline is a stand-in
  OpenID Provider of its own (`identity_provider.py`, `identity_provider_app.py`).

Clients (secrets, flows, scopes, callback and logout URLs, token validities) and users are read from the embedded
Cognito (moto) at each request, never from a second source. Tokens carry Cognito's claims and are signed with the
key moto signs its own tokens with, so the pool's JWKS (what the JWT authorizer fetches) verifies both.
"""
