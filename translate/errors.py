"""One exception type for every user-facing failure.

The CLI prints ``tolka: <message>`` on one line and exits non-zero; the
message must name the thing that is wrong and how to fix it.
"""


class TolkaError(Exception):
    """A failure the user can fix; ``str(err)`` is a one-line message naming the fix."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message.replace("\n", " "))
        if exit_code is not None:
            self.exit_code = exit_code


class ModelUnavailableError(TolkaError):
    """The model is neither a local folder nor in the local cache, and the hub cannot be reached.

    Separate from other model errors (an unknown id, a broken folder) because a caller may have
    something else to offer then: ``tolka translate`` without an article falls back to the
    bundled example's bundled memory.
    """
