"""Exception tree. Every message says what happened and what the user can do about it."""

from __future__ import annotations


class NewsgraphError(Exception):
    """Root of every error newsgraph raises on purpose."""


class SettingsError(NewsgraphError):
    """An unknown setting, or a value of the wrong type."""


class ModelNotFoundError(NewsgraphError):
    """No usable spaCy English model is installed."""


class InputError(NewsgraphError):
    """One input (file, JSONL line, URL) could not be read; the others still can.

    ``origin`` names the input (``path`` or ``path:line``) and ``reason`` says why, so the CLI
    can print one line per bad input: ``ORIGIN: REASON``.
    """

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class KnowledgeBaseError(NewsgraphError):
    """The SQLite knowledge base is missing, locked, corrupt or from a newer version."""


class NotFoundError(NewsgraphError):
    """A document, actor or event that the user named does not exist."""


class DocumentTooLongError(NewsgraphError):
    """A text longer than the spaCy model accepts in one piece."""
