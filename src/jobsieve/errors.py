"""Errors that name the input and the reason, for one clear line on stderr."""

from __future__ import annotations


class InputError(Exception):
    """An input that cannot be parsed: ``uri`` names it, ``reason`` says why."""

    def __init__(self, uri: str | None, reason: str) -> None:
        super().__init__(f"{uri or '<input>'}: {reason}")
        self.uri = uri
        self.reason = reason
