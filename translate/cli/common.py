"""Options and helpers shared by several subcommands."""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path

from ..errors import TolkaError
from ..textio import write_text_atomic


def emit(text: str, out: str | None) -> None:
    """Print ``text`` or write it atomically to ``out``."""
    if out:
        check_output_path(out)
        try:
            write_text_atomic(out, text)
        except OSError as e:
            raise TolkaError(f"cannot write {out}: {e.strerror or e} (check the folder, its permissions and the free space)") from e
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def check_output_path(out: str) -> None:
    """Refuse an output path that is a folder (before any work is done)."""
    if Path(out).is_dir():
        raise TolkaError(f"output {out} is a directory; give a file name, e.g. -o {Path(out) / 'article.en.txt'}")


def example_article() -> str:
    """The bundled example article (Swedish, with an English block quote)."""
    return resources.files("translate").joinpath("data/example.sv.txt").read_text(encoding="utf-8")


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


def add_encoding_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--encoding", default="utf-8", help="encoding of the input files (default utf-8; e.g. cp1252)")


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
    g.add_argument("--compute-type", default=None, metavar="TYPE", help="precision, e.g. float32, float16, int8 (ctranslate2); default per device")
    g.add_argument("--beams", type=_positive_int, default=None, help="beam size (default: the model's generation_config, 6 for opus-mt-sv-en)")
    g.add_argument("--batch-size", type=_positive_int, default=16, help="sentences per decoding batch (default 16)")
    g.add_argument("--memory", metavar="FILE", default=None, help="translation memory, TSV swedish<TAB>english or TMX; exact matches skip the model")
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

    return Memory.load(args.memory, encoding=getattr(args, "encoding", "utf-8") or "utf-8")
