"""Build a Marian model folder with random weights, for tests and benchmarks.

The folder has the same files as a Hugging Face OPUS-MT checkpoint (``config.json``,
``generation_config.json``, weights, ``source.spm``, ``target.spm``, ``vocab.json``,
``tokenizer_config.json``), so it loads through the real ``from_pretrained`` path.
Its translations are gibberish, but every code path (tokenising, input limits,
batching, beam search, decoding) runs for real without downloading anything.

The sentencepiece models are trained on a small Swedish and English corpus written
for tolka (see :func:`training_corpus`); nothing here is copied from a data set.

``python -m translate.testing OUT [--opus-shape]`` builds one from the shell.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import warnings
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MarianShape", "TINY", "OPUS_MT_SV_EN", "build_random_marian", "training_corpus"]


@dataclass(frozen=True)
class MarianShape:
    """Sizes of a Marian model. ``vocab_size=None`` keeps just the sentencepiece pieces."""

    d_model: int = 16
    encoder_layers: int = 1
    decoder_layers: int = 1
    attention_heads: int = 2
    ffn_dim: int = 32
    vocab_size: int | None = None
    max_position_embeddings: int = 128
    #: the tokenizer's input limit; None = max_position_embeddings
    model_max_length: int | None = None
    num_beams: int = 2
    spm_vocab_size: int = 250


#: A model small enough to build and run in well under a second.
TINY = MarianShape()

#: The shape of Helsinki-NLP/opus-mt-sv-en (d_model 512, 6+6 layers, 8 heads, FFN 2048,
#: 58,101-token shared vocabulary, sinusoidal positions, 512-token limit, 6 beams).
OPUS_MT_SV_EN = MarianShape(
    d_model=512,
    encoder_layers=6,
    decoder_layers=6,
    attention_heads=8,
    ffn_dim=2048,
    vocab_size=58101,
    max_position_embeddings=512,
    model_max_length=512,
    num_beams=6,
    spm_vocab_size=1000,
)

# Word lists for a templated corpus: a few hand-written sentences plus their combinations give
# the sentencepiece trainer hundreds of varied lines of each language.
_SV_SUBJECTS = [
    "Regeringen",
    "Kommunen",
    "Polisen",
    "Forskarna",
    "Statsministern",
    "Styrelsen",
    "Läkarna",
    "Eleverna",
    "Bönderna",
    "Journalisten",
    "Ministern",
    "Företaget",
    "Väljarna",
    "Domstolen",
]
_SV_VERBS = [
    "meddelade i går att",
    "säger att",
    "befarar att",
    "hoppas att",
    "bekräftade på tisdagen att",
    "varnar för att",
    "skriver i ett pressmeddelande att",
    "tror inte att",
]
_SV_CLAUSES = [
    "priserna på el kommer att stiga under vintern",
    "skolan i Västerås måste stänga före jul",
    "det nya sjukhuset blir klart först år 2028",
    "tågtrafiken mellan Göteborg och Stockholm har ställts in",
    "fler än 3,5 miljoner människor påverkas av beslutet",
    "budgeten för försvaret ska öka med tio procent",
    "samtalen med grannländerna fortsätter nästa vecka",
    "ingen skadades när bron stängdes av",
    "räntan ligger kvar på samma nivå",
    "höstens skörd blev sämre än väntat på grund av torkan",
    "utredningen ska vara klar före sommaren",
    "många äldre känner sig ensamma under helgerna",
]
_SV_EXTRA = [
    "Det här är en nyhetsartikel på svenska.",
    "Enligt SVT ökade arbetslösheten med 0,4 procentenheter i oktober.",
    "– Vi tar situationen på stort allvar, säger presstalesperson Anna Lind till TT.",
    "Mötet börjar kl. 9.00 på fredag, bl.a. för att diskutera s.k. gröna obligationer.",
    "Över 200 personer har evakuerats från området, enligt räddningstjänsten.",
    "Hon var även tidigare kritisk till förslaget, dvs. innan det ändrades.",
    "Köerna till vårdcentralerna är längre än någonsin, t.ex. i Norrland.",
    "”Det är ett historiskt beslut”, sade ordföranden efter omröstningen.",
    "Stormen fällde träd över vägarna i Dalarna, Värmland och Gävleborg.",
    "Den 29 juni 2022 undertecknades avtalet i Bryssel.",
    "Priset på bensin har sjunkit med 1,20 kronor litern sedan i somras.",
    "Därför väljer allt fler att åka tåg i stället för att flyga.",
    "Fackförbundet kräver högre löner för undersköterskor och lärare.",
    "Riksdagen röstade ja till lagförslaget med 175 röster mot 174.",
    "Älgjakten startar i början av september i stora delar av landet.",
    "Barnen på förskolan fick lära sig om återvinning och miljö.",
]
_EN_SUBJECTS = [
    "The government",
    "The council",
    "The police",
    "Researchers",
    "The prime minister",
    "The board",
    "Doctors",
    "Students",
    "Farmers",
    "The reporter",
    "The minister",
    "The company",
    "Voters",
    "The court",
]
_EN_VERBS = [
    "announced yesterday that",
    "says that",
    "fears that",
    "hopes that",
    "confirmed on Tuesday that",
    "warns that",
    "writes in a press release that",
    "does not believe that",
]
_EN_CLAUSES = [
    "electricity prices will rise during the winter",
    "the school in Västerås must close before Christmas",
    "the new hospital will not be finished until 2028",
    "train services between Gothenburg and Stockholm have been cancelled",
    "more than 3.5 million people are affected by the decision",
    "the defence budget will grow by ten percent",
    "talks with the neighbouring countries continue next week",
    "nobody was hurt when the bridge was closed",
    "the interest rate stays at the same level",
    "the autumn harvest was worse than expected because of the drought",
    "the inquiry must be finished before the summer",
    "many elderly people feel lonely at weekends",
]
_EN_EXTRA = [
    "This is a news article in English.",
    "According to the BBC, unemployment rose by 0.4 percentage points in October.",
    '"We take the situation very seriously," spokeswoman Anna Lind told the news agency.',
    "The meeting starts at 9 a.m. on Friday, e.g. to discuss so-called green bonds.",
    "More than 200 people have been evacuated from the area, according to the fire service.",
    "Mr. Smith and Dr. Jones arrived in the U.S. on Jan. 5.",
    "“It is a historic decision,” the chairman said after the vote.",
    "The storm brought down trees across roads in three counties.",
    "The agreement was signed in Brussels on 29 June 2022.",
    "Petrol has become 1.20 kronor a litre cheaper since the summer.",
    "That is why more and more people choose the train instead of flying.",
    "The union demands higher wages for nurses and teachers.",
    "Parliament passed the bill by 175 votes to 174.",
    "The moose hunt starts in early September across much of the country.",
    "The children at the preschool learned about recycling and the environment.",
    "Russia’s president spoke with China’s leader for almost an hour on Wednesday.",
]


def training_corpus(lang: str) -> list[str]:
    """Several hundred lines of Swedish (``"sv"``) or English (``"en"``) news-like text."""
    if lang == "sv":
        subjects, verbs, clauses, extra = _SV_SUBJECTS, _SV_VERBS, _SV_CLAUSES, _SV_EXTRA
    elif lang == "en":
        subjects, verbs, clauses, extra = _EN_SUBJECTS, _EN_VERBS, _EN_CLAUSES, _EN_EXTRA
    else:
        raise ValueError(f"no training corpus for language {lang!r}")
    lines = list(extra)
    combos = itertools.product(range(len(subjects)), range(len(verbs)), range(len(clauses)))
    # A deterministic stride through the product keeps the corpus varied but small.
    for n, (s, v, c) in enumerate(combos):
        if n % 3 == 0:
            lines.append(f"{subjects[s]} {verbs[v]} {clauses[c]}.")
    return lines


def _train_spm(lines: list[str], vocab_size: int) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # a small corpus may not support the full size: take what it gives
        model_type="unigram",
        character_coverage=1.0,
        bos_id=-1,
        pad_id=-1,
        eos_id=1,
        unk_id=0,
        minloglevel=2,
        num_threads=1,
    )
    return model.getvalue()


def _pieces(spm_bytes: bytes) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=spm_bytes)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size()) if not (sp.is_control(i) or sp.is_unknown(i))]


def build_random_marian(
    out_dir: str | Path,
    shape: MarianShape = TINY,
    *,
    seed: int = 0,
    source_lines: list[str] | None = None,
    target_lines: list[str] | None = None,
) -> Path:
    """Write a random-weight Marian sv→en model folder to ``out_dir`` and return its path.

    The vocabulary is the union of both sentencepiece models' pieces, as in OPUS-MT's
    shared ``vocab.json`` (``</s>`` = 0, ``<unk>`` = 1, ``<pad>`` last, which is also the
    decoder start token). If ``shape.vocab_size`` is larger, filler pieces pad it to that size.
    """
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    src_spm = _train_spm(source_lines or training_corpus("sv"), shape.spm_vocab_size)
    tgt_spm = _train_spm(target_lines or training_corpus("en"), shape.spm_vocab_size)
    (out / "source.spm").write_bytes(src_spm)
    (out / "target.spm").write_bytes(tgt_spm)

    tokens = ["</s>", "<unk>"]
    seen = set(tokens)
    for piece in _pieces(src_spm) + _pieces(tgt_spm):
        if piece not in seen:
            seen.add(piece)
            tokens.append(piece)
    if shape.vocab_size is not None:
        if shape.vocab_size < len(tokens) + 1:
            raise ValueError(f"vocab_size {shape.vocab_size} is smaller than the {len(tokens) + 1} pieces needed")
        tokens += [f"<filler_{i}>" for i in range(shape.vocab_size - len(tokens) - 1)]
    tokens.append("<pad>")
    vocab = {tok: i for i, tok in enumerate(tokens)}
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=0), encoding="utf-8")
    pad_id = vocab["<pad>"]

    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        d_model=shape.d_model,
        encoder_layers=shape.encoder_layers,
        decoder_layers=shape.decoder_layers,
        encoder_attention_heads=shape.attention_heads,
        decoder_attention_heads=shape.attention_heads,
        encoder_ffn_dim=shape.ffn_dim,
        decoder_ffn_dim=shape.ffn_dim,
        max_position_embeddings=shape.max_position_embeddings,
        activation_function="swish",
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        pad_token_id=pad_id,
        decoder_start_token_id=pad_id,
        eos_token_id=0,
        forced_eos_token_id=0,
        architectures=["MarianMTModel"],
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    model.save_pretrained(out)
    GenerationConfig(
        num_beams=shape.num_beams,
        max_length=shape.max_position_embeddings,
        bad_words_ids=[[pad_id]],
        pad_token_id=pad_id,
        decoder_start_token_id=pad_id,
        eos_token_id=0,
        forced_eos_token_id=0,
    ).save_pretrained(out)

    limit = shape.model_max_length or shape.max_position_embeddings
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*sacremoses.*")
        tok = MarianTokenizer(
            source_spm=str(out / "source.spm"),
            target_spm=str(out / "target.spm"),
            vocab=str(out / "vocab.json"),
            source_lang="sv",
            target_lang="en",
            model_max_length=limit,
        )
    tok.save_pretrained(out)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m translate.testing", description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="folder to write the model to")
    ap.add_argument("--opus-shape", action="store_true", help="full opus-mt-sv-en shape (~300 MB) instead of tiny")
    ap.add_argument("--max-length", type=int, default=None, help="input limit in tokens (model_max_length)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    shape = OPUS_MT_SV_EN if args.opus_shape else TINY
    if args.max_length:
        from dataclasses import replace

        shape = replace(shape, model_max_length=args.max_length)
    print(build_random_marian(args.out, shape, seed=args.seed))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
