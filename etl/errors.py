"""Errors a user can act on: the CLI prints them as one line and exits non-zero, no traceback."""


class EtlError(Exception):
    """A failure with a message written for the person running the command."""

    exit_code = 2
