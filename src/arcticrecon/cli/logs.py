"""Logging of the command line: warnings and errors on standard error, debug on request.

Library modules log with ``logging.getLogger(__name__)`` and never configure logging; the
``arcticrecon`` entry point calls :func:`configure_logging` once:

* by default, records of level WARNING and above (ours and every library's) go to standard
  error as ``warning: message`` — standard output stays clean for tables, CSV and JSON;
* with ``ARCTICRECON_DEBUG=1`` every ``arcticrecon.*`` record (DEBUG and up) is shown with
  time and logger name (other libraries stay at WARNING, even those that set their own
  loggers to INFO, such as distributed), and internal errors show their
  traceback (:func:`arcticrecon.cli.main.main`);
* ``arcticrecon serve`` raises ``arcticrecon.*`` to INFO (logins, plan runs) for the
  server's log.
"""

from __future__ import annotations

import logging
import os
import sys

__all__ = ["HANDLER_NAME", "configure_logging", "debug_enabled"]

#: Name of the handler :func:`configure_logging` puts on the root logger (set once).
HANDLER_NAME = "arcticrecon-cli"


def debug_enabled() -> bool:
    """Whether ``ARCTICRECON_DEBUG`` asks for debug output (set and not ``0``/empty)."""
    return os.environ.get("ARCTICRECON_DEBUG", "").strip() not in ("", "0")


class _StderrHandler(logging.Handler):
    """Writes to the *current* ``sys.stderr`` (captured streams in tests included)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:  # logging must never break the command
            self.handleError(record)


def _ours_or_warning(record: logging.LogRecord) -> bool:
    """Pass ``arcticrecon.*`` records at any level, other libraries' from WARNING up.

    Some libraries set their own loggers to INFO (distributed's default logging config
    sets ``distributed`` to INFO: ~35 ``info:`` lines of scheduler and worker chatter per
    ``grid build``); the logger level alone does not keep them off standard error.
    """
    return record.levelno >= logging.WARNING or record.name.split(".", 1)[0] == "arcticrecon"


class _PlainFormatter(logging.Formatter):
    """``warning: message`` (the way the command line prints its own errors)."""

    def format(self, record: logging.LogRecord) -> str:
        text = f"{record.levelname.lower()}: {record.getMessage()}"
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


def configure_logging(*, debug: bool | None = None, level: int | None = None) -> None:
    """Send log records to standard error (idempotent: one handler, reconfigured).

    Parameters
    ----------
    debug : bool, optional
        Show ``arcticrecon.*`` DEBUG records with time and logger name; default
        :func:`debug_enabled`.
    level : int, optional
        Level of the ``arcticrecon`` loggers when not debugging (default WARNING; the web
        server uses INFO).
    """
    if debug is None:
        debug = debug_enabled()
    root = logging.getLogger()
    handler = next((h for h in root.handlers if h.get_name() == HANDLER_NAME), None)
    if handler is None:
        handler = _StderrHandler()
        handler.set_name(HANDLER_NAME)
        root.addHandler(handler)
    handler.setLevel(logging.DEBUG)
    if _ours_or_warning not in handler.filters:
        handler.addFilter(_ours_or_warning)
    if debug:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S")
        )
    else:
        handler.setFormatter(_PlainFormatter())
    logging.getLogger("arcticrecon").setLevel(
        logging.DEBUG if debug else (logging.WARNING if level is None else level)
    )
