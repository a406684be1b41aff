"""Logging helpers named in ``settings.LOGGING``."""
from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """Drop the traceback from a request answered with a 4xx status: Django logs "Forbidden
    (Permission denied): /path" for every refusal with the exception attached, and an ordinary
    403 or 404 is not an error of the server. 5xx records keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
