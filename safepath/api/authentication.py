"""`Authorization: Bearer <secret>`: the API acts as the token's user."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from safepath.api.selectors import api_token_for_secret
from safepath.api.services import api_token_touch

MAX_SECRET = 200


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() != "bearer":
            return None
        if len(header) != 2 or len(header[1]) > MAX_SECRET:
            raise exceptions.AuthenticationFailed(_("Give one token after Bearer."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(
                _("This token is not valid.")
            ) from None
        token = api_token_for_secret(secret)
        if token is None or not token.is_active or not token.user.is_active:
            # One message for all three: which it is would help a guesser.
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes a missing or bad token a 401 (not a 403) that says how to sign.
        return f'{self.keyword} realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _("An API token made on the API tokens page, as a bearer token.")
            ),
        }
