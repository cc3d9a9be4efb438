from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from safepath.accounts.selectors import user_requires_2fa


def verified_login_required(view: Callable[..., HttpResponse]) -> Callable:
    """Signed in, past the second factor where one is required, password current.

    Who may see which record is not decided here but in each app's selectors.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user_requires_2fa(user) and not user.is_verified():
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:two_factor')}?{query}")
        if user.password_change_required and not getattr(
            view, "allows_password_change_required", False
        ):
            return redirect("accounts:password_change")
        return view(request, *args, **kwargs)

    return wrapper
