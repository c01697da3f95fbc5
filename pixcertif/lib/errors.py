from __future__ import annotations


class ServiceError(Exception):
    """A refused business action; ``message`` is the translated text shown to the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
