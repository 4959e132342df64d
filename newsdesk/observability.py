"""Request ids for logs: every request gets one, every log line written while serving it says it.

An `X-Request-ID` sent by the proxy in front (nginx `$request_id`, a load balancer) is kept
when it looks like an id, so one id follows a request through proxy, web and logs;
otherwise Newsdesk makes one. The response carries it back in `X-Request-ID`.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid

from django.conf import settings

HEADER = "X-Request-ID"
# Ids from outside go into logs and a response header: letters, digits and a few separators.
ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
access_log = logging.getLogger("newsdesk.access")


def new_request_id() -> str:
    """A fresh random request id."""
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Give every log record a `request_id` ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id.get() or "-"
        return True


class RequestIdMiddleware:
    """Take or make the request's id, expose it to logs, send it back, log the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        rid = given if ACCEPTED_ID.fullmatch(given) else new_request_id()
        request.request_id = rid
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = rid
            if settings.NEWSDESK_ACCESS_LOG:
                access_log.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            request_id.reset(token)
