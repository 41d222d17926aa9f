"""Options and helpers shared by several subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from ..errors import TolkaError
from ..textio import AUTO, is_stdout, read_input, split_lines, write_output


def emit(text: str | Iterable[str], out: str | None) -> None:
    """Print ``text`` (no ``out``, or ``-``) or write it to ``out`` (see :func:`translate.textio.write_output`).

    ``text`` may come in pieces (a big document's JSON), written as they come.
    """
    if out is None or is_stdout(out):
        for piece in [text] if isinstance(text, str) else text:
            sys.stdout.write(piece)
        sys.stdout.flush()
    else:
        check_output_path(out)
        try:
            write_output(out, text)
        except OSError as e:
            raise TolkaError(f"cannot write {out}: {e.strerror or e} (check the path and its permissions)") from e


def check_output_path(out: str) -> None:
    """Refuse an output path that is a folder (before any work is done)."""
    if not is_stdout(out) and Path(out).is_dir():
        raise TolkaError(f"output {out} is a directory; give a file name, e.g. -o {Path(out) / 'article.en.txt'}")


def example_article() -> str:
    """The bundled example article (Swedish, with an English block quote)."""
    return resources.files("translate").joinpath("data/example.sv.txt").read_text(encoding="utf-8")


#: the bundled example's memory (every sentence of it), inside the package
EXAMPLE_MEMORY = "data/example.memory.tsv"


def example_memory():
    """The bundled example's memory, so the example can be shown without the model."""
    from ..memory import Memory

    with resources.as_file(resources.files("translate").joinpath(EXAMPLE_MEMORY)) as path:
        return Memory.load(path)


def add_metrics_option(p: argparse.ArgumentParser) -> None:
    """--metrics for commands that run the whole pipeline (the same default for all of them)."""
    from ..pipeline import DEFAULT_METRICS

    default = ",".join(DEFAULT_METRICS)
    p.add_argument(
        "--metrics",
        default=default,
        metavar="M[,M]",
        help=f"scores against the reference: bleu,chrf,chrf++,ter (default {default}; ter is slow)",
    )


def note(message: str | None) -> None:
    """Tell the user something worth knowing that is not an error (one line on stderr)."""
    if message:
        print(f"tolka: note: {message}", file=sys.stderr)


def read_user_file(path: str, what: str, encoding: str = AUTO, override: str | None = "--encoding") -> str:
    """A user's text file, decoded on its own; a guessed encoding is noted on stderr."""
    decoded = read_input(path, what=what, encoding=encoding, override=override)
    note(decoded.note)
    return decoded.text


def read_user_lines(path: str, what: str, encoding: str = AUTO) -> list[str]:
    """A user's one-segment-per-line file, read as :func:`read_user_file` reads it."""
    return split_lines(read_user_file(path, what, encoding))


def add_encoding_option(p: argparse.ArgumentParser, what: str = "the input files") -> None:
    p.add_argument(
        "--encoding",
        default=AUTO,
        help=f"encoding of {what} (default auto: a byte-order mark, else UTF-8, else Windows-1252 "
        "Swedish, which is noted; e.g. cp1252 to force it)",
    )


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def add_model_options(p: argparse.ArgumentParser) -> None:
    """--model --backend --device --compute-type --beams --batch-size --memory --no-cache."""
    from ..backends import BACKENDS
    from ..backends.model_source import DEFAULT_MODEL

    g = p.add_argument_group("translation model")
    g.add_argument(
        "--model",
        default=DEFAULT_MODEL,
        metavar="ID|PATH",
        help=f"Hugging Face hub id or local model folder (default {DEFAULT_MODEL}, ~300 MB downloaded on first use)",
    )
    g.add_argument("--backend", choices=BACKENDS, default="auto", help="decoder: auto = ctranslate2 when installed, else transformers")
    g.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto", help="auto = cuda when available (float16 there)")
    g.add_argument(
        "--compute-type", default=None, metavar="TYPE", help="precision, e.g. float32, float16, int8 (ctranslate2); default per device"
    )
    g.add_argument(
        "--beams", type=_positive_int, default=None, help="beam size (default: the model's generation_config, 6 for opus-mt-sv-en)"
    )
    g.add_argument("--batch-size", type=_positive_int, default=16, help="sentences per decoding batch (default 16)")
    g.add_argument(
        "--memory", metavar="FILE", default=None, help="translation memory, TSV swedish<TAB>english or TMX; exact matches skip the model"
    )
    g.add_argument("--no-cache", action="store_true", help="neither read nor write the persistent translation cache")


def make_translator(args: argparse.Namespace):
    """A lazy :class:`~translate.translator.Translator` from the model options (loads nothing)."""
    from ..translator import Translator

    progress = getattr(args, "progress", None)
    return Translator(
        args.model,
        backend=args.backend,
        device=args.device,
        beams=args.beams,
        batch_size=args.batch_size,
        cache=not args.no_cache,
        compute_type=args.compute_type,
        progress=sys.stderr.isatty() if progress is None else bool(progress),
    )


def load_memory(args: argparse.Namespace):
    """The --memory file as a :class:`~translate.memory.Memory`, or None."""
    if not getattr(args, "memory", None):
        return None
    from ..memory import Memory

    # --encoding is the article's: a memory is read on its own (its BOM, UTF-8, or cp1252 noted).
    memory = Memory.load(args.memory)
    note(memory.note)
    return memory
