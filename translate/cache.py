"""A persistent translation cache, so rerunning an article costs no MT.

One SQLite file in ``$TOLKA_CACHE_DIR`` (else the platform's user cache dir, e.g.
``~/.cache/tolka``). An entry is keyed by the model identity (hub id + revision or a
hash of the local folder, plus backend, device and precision), the generation
settings and the exact sentence, so a different model or beam size never reuses it.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from .errors import TolkaError

CACHE_FILE = "translations.sqlite3"
#: SQLite's primary result codes for a damaged file: SQLITE_CORRUPT, SQLITE_NOTADB
_DAMAGED = {11, 26}
_T = TypeVar("_T")


def is_damaged(error: sqlite3.Error) -> bool:
    """Whether ``error`` says the database file itself is damaged (not locked, full or unwritable)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _DAMAGED


def set_aside(path: Path) -> Path:
    """Rename a damaged cache file (and its journal files) to ``NAME.damaged-YYYYMMDD-HHMMSS``; return the new name.

    Kept rather than deleted: it may hold hours of decoding that a SQLite recovery tool can save.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.replace(f"{path}{suffix}", f"{aside}{suffix}")
        except FileNotFoundError:
            pass  # no such journal, or another process moved the file first
    return aside


def cache_dir() -> Path:
    """``$TOLKA_CACHE_DIR`` if set, else the user cache dir for tolka."""
    env = os.environ.get("TOLKA_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("tolka", appauthor=False))


def cache_key(identity: str, settings_key: str, sentence: str) -> str:
    h = hashlib.sha256()
    for part in (identity, settings_key, sentence):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


class TranslationCache:
    """Sentence translations stored in SQLite; safe to share between processes."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else cache_dir() / CACHE_FILE
        self._conn: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = self._recovering(self._open)
        return self._conn

    def _open(self) -> sqlite3.Connection:
        conn = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30)
            conn.execute("CREATE TABLE IF NOT EXISTS translations (key TEXT PRIMARY KEY, translation TEXT NOT NULL)")
            conn.commit()
        except sqlite3.Error as e:
            if conn is not None:
                conn.close()
            if is_damaged(e):
                raise
            raise TolkaError(f"cannot use the translation cache {self.path} ({e}); set TOLKA_CACHE_DIR, or pass --no-cache") from e
        except OSError as e:
            raise TolkaError(f"cannot use the translation cache {self.path} ({e}); set TOLKA_CACHE_DIR, or pass --no-cache") from e
        return conn

    def _recovering(self, action: Callable[[], _T]) -> _T:
        """``action()``; if the file turns out damaged, set it aside once, say so, and retry on a fresh cache.

        A cache only saves work, so a damaged one must not stop a run (nor every later run).
        """
        try:
            return action()
        except sqlite3.Error as e:
            if not is_damaged(e):
                raise
            self.close()
            aside = set_aside(self.path)
            print(
                f"tolka: note: the translation cache {self.path} was damaged ({e}); moved it to {aside.name} and started a fresh one",
                file=sys.stderr,
            )
        return action()

    def get_many(self, identity: str, settings_key: str, sentences: Iterable[str]) -> dict[str, str]:
        """Cached translations of those ``sentences`` that have one."""
        sentences = list(dict.fromkeys(sentences))
        keys = {cache_key(identity, settings_key, s): s for s in sentences}
        items = list(keys)

        def select() -> dict[str, str]:
            found: dict[str, str] = {}
            db = self._db()
            for i in range(0, len(items), 500):  # stay under SQLite's bound-parameter limit
                chunk = items[i : i + 500]
                marks = ",".join("?" * len(chunk))
                for key, translation in db.execute(f"SELECT key, translation FROM translations WHERE key IN ({marks})", chunk):
                    found[keys[key]] = translation
            return found

        try:
            return self._recovering(select)
        except sqlite3.Error as e:
            raise TolkaError(f"the translation cache {self.path} is unreadable ({e}); pass --no-cache") from e

    def put_many(self, identity: str, settings_key: str, pairs: Iterable[tuple[str, str]]) -> None:
        """Store ``(sentence, translation)`` pairs."""
        rows = [(cache_key(identity, settings_key, s), t) for s, t in pairs]
        if not rows:
            return

        def insert() -> None:
            db = self._db()
            with db:
                db.executemany("INSERT OR REPLACE INTO translations (key, translation) VALUES (?, ?)", rows)

        try:
            self._recovering(insert)
        except sqlite3.Error as e:
            raise TolkaError(f"cannot write to the translation cache {self.path} ({e}); free some space or pass --no-cache") from e

    def __len__(self) -> int:
        return self._recovering(lambda: int(self._db().execute("SELECT COUNT(*) FROM translations").fetchone()[0]))

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
