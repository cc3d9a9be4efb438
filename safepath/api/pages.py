"""The API's two pages: a user's tokens, and the documentation."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.accounts.decorators import verified_login_required
from safepath.api import selectors, services
from safepath.api.forms import TokenForm
from safepath.api.schema_docs import api_schema, operations


@verified_login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's own tokens; a new one's secret is shown on this answer
    only, never stored nor put in a message or the session."""
    form = TokenForm(request.POST or None)
    secret = ""  # nosec B105  # empty until a token is made
    if request.method == "POST" and form.is_valid():
        _token, secret = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"]
        )
        form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "tokens": selectors.api_tokens_of(request.user),
    }
    return render(request, "api/tokens.html", context, status=201 if secret else 200)


@require_POST
@verified_login_required
def token_revoke(request: HttpRequest, token_id: UUID) -> HttpResponse:
    token = selectors.api_token_get_for_user(user=request.user, token_id=token_id)
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(
        request, _("The token “%(name)s” is revoked.") % {"name": token.name}
    )
    return redirect("api:tokens")


def docs(request: HttpRequest) -> HttpResponse:
    """Public, like the schema: they describe the API, not anyone's data."""
    schema = api_schema()
    context = {"info": schema.get("info", {}), "operations": operations(schema)}
    return render(request, "api/docs.html", context)
