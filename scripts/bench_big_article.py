#!/usr/bin/env python3
"""Benchmark one very big article: ``tolka translate ARTICLE --memory MEMORY --format json``.

Builds an article of about ``--mb`` MB (default 20) and a translation memory that covers every
Swedish sentence in it, so no model is needed (the model id does not exist: reaching it would
fail the run), then runs the command in a child process and reports its peak resident memory
(the child's ``ru_maxrss``), the JSON's size against the article's, and the wall time.
Targets: peak RSS <= 1 GB and JSON <= 6x the article.  It also checks that the JSON holds the
whole document: every segment's text, language, role, origin and translation come back from
``Document.from_json``, and writing the read document again gives the same bytes.

Text (``--text``):

* ``generated`` (default; needs nothing beside the project): Swedish news prose written from
  templates in this file -- headlines, paragraphs of one to four sentences of 50-200 characters,
  and now and then an English block quote with a Swedish sentence that retells it -- with an
  English rendering of every sentence for the memory;
* ``ntrex``: the NTREX-128 newstest2019 Swedish documents read from ``../shared/data`` at run
  time, one line per paragraph, repeated to the size asked for, with the ``.mt`` lines as the
  memory (as ``scripts/bench_batch.py`` builds it).

Run from the project root:  python scripts/bench_big_article.py [--mb 20] [--text generated|ntrex]
[--quote-rate P] [--keep DIR].  Timings are noisy on a shared machine; memory and sizes are not.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RSS_MB = 1024
TARGET_RATIO = 6.0

# -- generated Swedish news, with its English ---------------------------------------------------

PEOPLE = [
    ("Karin Ekholm", "Karin Ekholm"),
    ("Anders Lindqvist", "Anders Lindqvist"),
    ("Sofia Berg", "Sofia Berg"),
    ("Mohammed Haddad", "Mohammed Haddad"),
    ("Eva Nordin", "Eva Nordin"),
    ("Johan Sjöberg", "Johan Sjöberg"),
    ("Lena Forsberg", "Lena Forsberg"),
    ("Per Åkesson", "Per Åkesson"),
    ("Maria Öhman", "Maria Öhman"),
]
ROLES = [
    ("trafikregionrådet", "regional transport commissioner"),
    ("kommunalrådet", "municipal commissioner"),
    ("forskaren", "the researcher"),
    ("vd:n", "the CEO"),
    ("ordföranden", "the chair"),
    ("presstalespersonen", "the press officer"),
]
BODIES = [
    ("Region Stockholm", "Region Stockholm"),
    ("Trafikverket", "the Swedish Transport Administration"),
    ("kommunen", "the municipality"),
    ("regeringen", "the government"),
    ("Vattenfall", "Vattenfall"),
    ("Skolverket", "the Swedish National Agency for Education"),
    ("länsstyrelsen", "the county administrative board"),
]
PLACES = [
    ("Malmö", "Malmö"),
    ("Göteborg", "Gothenburg"),
    ("Umeå", "Umeå"),
    ("Luleå", "Luleå"),
    ("Västerås", "Västerås"),
    ("Örebro", "Örebro"),
    ("Kiruna", "Kiruna"),
    ("Visby", "Visby"),
    ("Jönköping", "Jönköping"),
]
THINGS = [
    ("en ny bro över älven", "a new bridge over the river"),
    ("elbussar i stadstrafiken", "electric buses in city traffic"),
    ("en utbyggd cykelbana", "an extended cycle path"),
    ("snabbladdade pendelbåtar", "fast-charged commuter boats"),
    ("ett nytt sjukhus", "a new hospital"),
    ("fler lärare i grundskolan", "more teachers in compulsory school"),
    ("en ny järnvägstunnel", "a new railway tunnel"),
    ("vindkraft till havs", "offshore wind power"),
]
MONTHS = [("januari", "January"), ("mars", "March"), ("maj", "May"), ("augusti", "August"), ("oktober", "October")]
DAYS = [("i måndags", "on Monday"), ("i onsdags", "on Wednesday"), ("i fredags", "on Friday"), ("i går", "yesterday")]


def _number(rng: random.Random) -> tuple[str, str]:
    whole, tenth = rng.randint(2, 98), rng.randint(1, 9)
    return f"{whole},{tenth}", f"{whole}.{tenth}"


def _sentence(rng: random.Random) -> tuple[str, str]:
    """One Swedish sentence and its English."""
    (p_sv, p_en), (r_sv, r_en) = rng.choice(PEOPLE), rng.choice(ROLES)
    (b_sv, b_en), (pl_sv, pl_en) = rng.choice(BODIES), rng.choice(PLACES)
    (t_sv, t_en), (m_sv, m_en), (d_sv, d_en) = rng.choice(THINGS), rng.choice(MONTHS), rng.choice(DAYS)
    n_sv, n_en = _number(rng)
    year = rng.randint(2025, 2034)
    kind = rng.randrange(8)
    if kind == 0:
        return (
            f"{b_sv.capitalize()} vill satsa {n_sv} miljoner kronor på {t_sv} i {pl_sv} fram till {year}.",
            f"{b_en[0].upper() + b_en[1:]} wants to invest {n_en} million kronor in {t_en} in {pl_en} until {year}.",
        )
    if kind == 1:
        return (
            f"Beslutet fattades {d_sv} och arbetet ska enligt {r_sv} {p_sv} börja redan i {m_sv}.",
            f"The decision was taken {d_en} and according to {r_en} {p_en} the work is to start as early as {m_en}.",
        )
    if kind == 2:
        return (
            f"– Vi har väntat länge på {t_sv}, säger {p_sv} till tidningen.",
            f'"We have waited a long time for {t_en}," {p_en} tells the newspaper.',
        )
    if kind == 3:
        return (f"Kostnaden har stigit med {n_sv} procent sedan förra året.", f"The cost has risen by {n_en} percent since last year.")
    if kind == 4:
        return (
            f"I {pl_sv} är många oroliga för vad {t_sv} kommer att betyda för trafiken under byggtiden.",
            f"In {pl_en} many are worried about what {t_en} will mean for traffic during construction.",
        )
    if kind == 5:
        return (f"Enligt {b_sv} kan {t_sv} stå klar i {m_sv} {year}.", f"According to {b_en}, {t_en} could be ready in {m_en} {year}.")
    if kind == 6:
        return (f"{p_sv} tror inte att tidsplanen håller.", f"{p_en} does not think the timetable will hold.")
    return (
        f"Frågan ska tas upp igen när {b_sv} samlas efter sommaren.",
        f"The question is to be raised again when {b_en} meets after the summer.",
    )


def _headline(rng: random.Random) -> tuple[str, str]:
    (t_sv, t_en), (pl_sv, pl_en) = rng.choice(THINGS), rng.choice(PLACES)
    return f"Klartecken för {t_sv} i {pl_sv}", f"Go-ahead for {t_en} in {pl_en}"


FIRST = ["Alva", "Birger", "Cecilia", "Dag", "Elin", "Folke", "Greta", "Hugo", "Ingrid", "Joel", "Kerstin", "Lars"]
LAST = ["Almqvist", "Bergström", "Dahlin", "Ekdahl", "Falk", "Gyllen", "Hellberg", "Isaksson", "Jernberg", "Kvist"]


def _quote(rng: random.Random) -> tuple[str, tuple[str, str]]:
    """An English block quote (kept as is) and a Swedish sentence that retells it, with its English.

    Like a real quote, it says something specific (a number, a year, a name) that only its
    retelling repeats, so it links to that sentence and not to every sentence on the topic.
    """
    # a thing is drawn too (and not used), so the generated articles stay the ones measured before
    _, (pl_sv, pl_en) = rng.choice(THINGS), rng.choice(PLACES)
    n, year, name = rng.randint(11, 499), rng.randint(2026, 2040), f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    quote = f"“We will have {n} of them running in {pl_en} by {year}, and {name} knows exactly what that costs.”"
    retell = (
        f"Tidningen citerar ministern som säger att {n} ska vara i drift i {pl_sv} år {year} och att {name} vet vad det kostar.",
        f"The paper quotes the minister as saying that {n} are to be in operation in {pl_en} in {year} and that {name} knows what it costs.",
    )
    return quote, retell


def generated_article(size: int, seed: int = 7, quote_rate: float = 0.01) -> tuple[str, dict[str, str]]:
    """An article of about ``size`` bytes (UTF-8) and the memory for its Swedish sentences."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    memory: dict[str, str] = {}
    total = 0
    while total < size:
        story: list[str] = []
        sv, en = _headline(rng)
        story.append(sv)
        memory[sv] = en
        for _ in range(rng.randint(4, 9)):
            if rng.random() < quote_rate:  # 0.01: about one story in fifteen quotes an English source
                quote, (sv, en) = _quote(rng)
                story += [quote, sv]
                memory[sv] = en
                continue
            sents = [_sentence(rng) for _ in range(rng.randint(1, 4))]
            memory.update(sents)
            story.append(" ".join(sv for sv, _ in sents))
        paragraphs += story
        total += sum(len(p.encode()) + 2 for p in story)
    return "\n\n".join(paragraphs) + "\n", memory


def ntrex_article(size: int, data: Path) -> tuple[str, dict[str, str]]:
    """NTREX's Swedish documents, one line per paragraph, repeated to ``size`` bytes; the .mt as memory."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_batch import memory_pairs  # the same covering memory the batch benchmark uses

    if not (data / "newstest2019.sv").is_file():
        sys.exit(f"NTREX not found at {data} (it lives in ../shared/data beside a clone; or use --text generated)")
    read = lambda ext: (data / f"newstest2019.{ext}").read_text(encoding="utf-8").split("\n")[:-1]  # noqa: E731
    sv, mt = read("sv"), read("mt")
    one = "\n\n".join(sv) + "\n"
    copies = -(-size // len(one.encode()))
    return "\n\n".join([one.rstrip("\n")] * copies) + "\n", dict(memory_pairs(one, mt))


# -- the run --------------------------------------------------------------------------------------


def run_translate(article: Path, memory: Path, out: Path) -> tuple[int, float, float, str]:
    """Run the command in a child; return (exit status, peak RSS in MB, wall seconds, stderr)."""
    cmd = [
        sys.executable,
        "-m",
        "translate",
        "translate",
        str(article),
        "--memory",
        str(memory),
        "--format",
        "json",
        "-o",
        str(out),
        "--no-cache",
        "--model",
        "tolka-tests/no-such-model",
    ]
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONPATH=str(ROOT))
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, cwd=ROOT)
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss / 1024, time.perf_counter() - t0, err


def check_content(text: str, memory: dict[str, str], out: Path) -> int:
    """Everything is in the JSON and reads back; returns the number of segments."""
    from translate.document import Document
    from translate.memory import normalize

    raw = out.read_text(encoding="utf-8")
    doc = Document.from_json(raw)
    assert doc.text == text, "the article text did not survive"
    by_key = {normalize(k): v for k, v in memory.items()}
    for seg in doc.segments:
        assert seg.source == text[seg.start : seg.end]
        if seg.lang == "sv":
            assert seg.origin == "memory" and seg.translation == by_key[normalize(seg.source)].strip(), seg
        else:
            assert seg.origin == "passthrough" and seg.translation == seg.source, seg
    assert doc.to_json() + "\n" == raw, "writing the document read back gives other bytes"
    return len(doc.segments)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=20.0, help="article size in MB (10^6 bytes), default 20")
    ap.add_argument("--text", choices=("generated", "ntrex"), default="generated")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ntrex128")
    ap.add_argument(
        "--quote-rate", type=float, default=0.01, help="generated text: chance that a paragraph is an English block quote (default 0.01)"
    )
    ap.add_argument("--keep", type=Path, default=None, help="write the files here and keep them")
    args = ap.parse_args(argv)

    size = int(args.mb * 1_000_000)
    if args.text == "generated":
        text, memory = generated_article(size, quote_rate=args.quote_rate)
    else:
        text, memory = ntrex_article(size, args.data)
    with tempfile.TemporaryDirectory(prefix="tolka-big-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        article, mem, out = folder / "article.sv.txt", folder / "memory.tsv", folder / "article.json"
        article.write_text(text, encoding="utf-8")
        mem.write_text("".join(f"{sv}\t{en}\n" for sv, en in memory.items()), encoding="utf-8")
        code, rss, wall, err = run_translate(article, mem, out)
        if code != 0:
            print(err, file=sys.stderr)
            print(f"tolka translate failed with exit status {code}", file=sys.stderr)
            return 1
        n = check_content(text, memory, out)
        a, j = article.stat().st_size, out.stat().st_size
        result = {
            "text": args.text,
            "article_mb": round(a / 1e6, 2),
            "memory_pairs": len(memory),
            "segments": n,
            "json_mb": round(j / 1e6, 2),
            "json_ratio": round(j / a, 2),
            "peak_rss_mb": round(rss),
            "wall_s": round(wall, 1),
        }
    print(json.dumps(result))
    print(
        f"peak RSS {rss:.0f} MB (target <= {TARGET_RSS_MB}): {'met' if rss <= TARGET_RSS_MB else 'NOT met'}; "
        f"JSON {j / a:.2f}x the article (target <= {TARGET_RATIO}): {'met' if j / a <= TARGET_RATIO else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
