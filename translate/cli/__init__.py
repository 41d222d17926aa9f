"""The ``tolka`` command: a thin shell over the library.

Each subcommand lives in its own module ``cmd_<name>.py`` in this package and
defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``.
They are discovered here, so adding a command touches no shared file.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from typing import NoReturn

from ..errors import TolkaError


def _commands():
    pkg = sys.modules[__name__]
    mods = []
    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name.startswith("cmd_"):
            mods.append(importlib.import_module(f"{__name__}.{info.name}"))
    return sorted(mods, key=lambda m: getattr(m, "ORDER", 100))


class _Parser(argparse.ArgumentParser):
    """Bad options end in one line naming the option and where the help is, like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = _Parser(
        prog="tolka",
        description="Translate Swedish news articles into English, align and score them, and export bilingual files.",
    )
    parser.add_argument("--version", action="version", version=f"tolka {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for mod in _commands():
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=getattr(mod, "DESCRIPTION", mod.HELP))
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args._run(args) or 0)
    except TolkaError as e:
        print(f"tolka: error: {e}", file=sys.stderr)
        return e.exit_code
    except ValueError as e:
        # The alignment library's user errors (imported here only on failure: it loads numpy and scipy).
        from alignments import AlignmentError

        if not isinstance(e, AlignmentError):
            raise
        print(f"tolka: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tolka: interrupted; no partial output was written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # e.g. `tolka split ... | head`: not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
