"""Reading the aligner's inputs: pre-split files (one sentence per line, a blank line between documents)."""

from __future__ import annotations

from translate.errors import TolkaError


def split_documents(text: str) -> list[list[str]]:
    """Documents of sentences: one sentence per line, blank line(s) between documents."""
    docs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            docs[-1].append(line.strip())
        elif docs[-1]:
            docs.append([])
    if not docs[-1]:
        docs.pop()
    return docs


def check_parallel(source: list[list[str]], target: list[list[str]], mt: list[list[str]] | None = None,
                   names: tuple[str, str, str] = ("SOURCE", "TARGET", "MT")) -> None:
    """Raise a one-line :class:`TolkaError` unless the files hold the same documents (and MT one line per source line)."""
    s, t, m = names
    if len(source) != len(target):
        raise TolkaError(
            f"{s} has {len(source)} documents but {t} has {len(target)}; "
            "give both the same documents, separated by one blank line"
        )
    if mt is None:
        return
    if len(mt) != len(source):
        raise TolkaError(
            f"{m} has {len(mt)} documents but {s} has {len(source)}; "
            f"give one translated line per {s} line, with the same blank lines"
        )
    for k, (src_doc, mt_doc) in enumerate(zip(source, mt), 1):
        if len(src_doc) != len(mt_doc):
            raise TolkaError(
                f"document {k}: {m} has {len(mt_doc)} lines but {s} has {len(src_doc)}; "
                f"give one translated line per {s} line"
            )
