"""Every error of the API as JSON: {"detail": ...} or messages by field.

An unexpected error is logged with the path (which holds only opaque
identifiers), the exception's type and the traceback's lines of code, but not
its message, which may quote a value (a name in a database error); and it is
answered with a bare JSON 500, whatever DEBUG says."""

import logging
import traceback

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

logger = logging.getLogger("django.request")


def api_exception_handler(exc: Exception, context: dict) -> Response:
    response = exception_handler(exc, context)
    if response is not None:
        return response
    request = context.get("request")
    logger.error(
        "Internal Server Error: %s (%s)\n%s",
        getattr(request, "path", ""),
        type(exc).__name__,
        "".join(traceback.format_tb(exc.__traceback__)),
    )
    set_rollback()
    return Response(
        {"detail": _("Something went wrong on the server. It is logged.")},
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
