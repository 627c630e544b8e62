from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from marsad.accounts import two_factor
from marsad.accounts.tokens import api_token_for


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The browser session, once any second factor owed has been given."""

    def authenticate(self, request: Any) -> Any:
        result = super().authenticate(request)
        if result is not None and two_factor.must_verify(request._request.user):
            raise exceptions.AuthenticationFailed(_("Complete two-factor sign-in first."))
        return result


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>` with a key an administrator issued."""

    keyword = "Token"

    def authenticate(self, request: Any) -> Any:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from None
        token = api_token_for(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        # What a data feed may touch is granted to the token, not to its account:
        # `scope` finds the token on the user.
        token.user.api_token = token  # type: ignore[attr-defined]  # read by scope, for this request
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "marsad.accounts.api_auth.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _("Token-based authentication: `Token <key>`."),
        }


class VerifiedSessionScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "marsad.accounts.api_auth.VerifiedSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
