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
from collections.abc import Iterable
from pathlib import Path

from .errors import TolkaError

CACHE_FILE = "translations.sqlite3"


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
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=30)
                conn.execute("CREATE TABLE IF NOT EXISTS translations (key TEXT PRIMARY KEY, translation TEXT NOT NULL)")
                conn.commit()
            except (OSError, sqlite3.Error) as e:
                raise TolkaError(
                    f"cannot use the translation cache {self.path} ({e}); delete it, set TOLKA_CACHE_DIR, or pass --no-cache"
                ) from e
            self._conn = conn
        return self._conn

    def get_many(self, identity: str, settings_key: str, sentences: Iterable[str]) -> dict[str, str]:
        """Cached translations of those ``sentences`` that have one."""
        sentences = list(dict.fromkeys(sentences))
        keys = {cache_key(identity, settings_key, s): s for s in sentences}
        found: dict[str, str] = {}
        db = self._db()
        items = list(keys)
        try:
            for i in range(0, len(items), 500):  # stay under SQLite's bound-parameter limit
                chunk = items[i : i + 500]
                marks = ",".join("?" * len(chunk))
                for key, translation in db.execute(f"SELECT key, translation FROM translations WHERE key IN ({marks})", chunk):
                    found[keys[key]] = translation
        except sqlite3.Error as e:
            raise TolkaError(f"the translation cache {self.path} is unreadable ({e}); delete it or pass --no-cache") from e
        return found

    def put_many(self, identity: str, settings_key: str, pairs: Iterable[tuple[str, str]]) -> None:
        """Store ``(sentence, translation)`` pairs."""
        rows = [(cache_key(identity, settings_key, s), t) for s, t in pairs]
        if not rows:
            return
        db = self._db()
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO translations (key, translation) VALUES (?, ?)", rows)
        except sqlite3.Error as e:
            raise TolkaError(f"cannot write to the translation cache {self.path} ({e}); free some space or pass --no-cache") from e

    def __len__(self) -> int:
        return int(self._db().execute("SELECT COUNT(*) FROM translations").fetchone()[0])

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
