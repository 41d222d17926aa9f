"""The one exception the alignment library raises for bad input."""

from __future__ import annotations


class AlignmentError(ValueError):
    """Input the aligner cannot use (mismatched documents, a malformed bead file, ...).

    ``str(err)`` is one line that names what is wrong and how to fix it, so an application
    can show it as it stands (``tolka`` prints ``tolka: error: <message>``).
    """

    def __init__(self, message: str):
        super().__init__(message.replace("\n", " "))
