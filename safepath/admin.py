from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite


class PlatformAdminSite(OTPAdminSite):
    """The Django admin, for platform admins past 2FA only.

    They manage organisations, places and users; no case or person model is
    registered here, so a platform admin reads no case.
    """

    site_header = _("Safepath platform administration")
    site_title = "Safepath"

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and request.user.is_superuser

    def login(self, request, extra_context=None):
        """One sign-in page for everyone: Safepath's, with its 2FA and lockout.

        A signed-in user who is not a verified platform admin gets a 404.
        """
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect("admin:index")
            raise Http404
        query = urlencode({"next": request.GET.get("next", reverse("admin:index"))})
        return redirect(f"{reverse('accounts:login')}?{query}")
