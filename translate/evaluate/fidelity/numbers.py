"""The ``number`` check: every number of the source, read as the set of values it may stand for
(``3,5`` = ``3.5``, ``kl. 19.30`` = ``7:30 p.m.``, ``tre`` = ``3``), must agree with one of the translation.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

_SPACES = "\u0020\u00a0\u202f\u2009"
# A number: space-grouped thousands ("10 000") first, else digits with . , : separators.
_NUM_RE = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:[" + _SPACES + r"]\d{3})+(?:,\d+)?(?![\d.,]\d)|\d+(?:[.,:]\d+)*)")
# fmt: off
# (number words laid out in rows, as they are read)
_SV_SCALE = {"tusen": 10**3, "miljon": 10**6, "miljoner": 10**6, "miljard": 10**9, "miljarder": 10**9, "mdr": 10**9, "mn": 10**6, "milj": 10**6}
_EN_SCALE = {"thousand": 10**3, "million": 10**6, "millions": 10**6, "billion": 10**9, "billions": 10**9, "trillion": 10**12, "bn": 10**9, "m": 10**6, "k": 10**3}

_EN_WORDS: dict[str, int | Decimal] = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
_EN_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                  "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "dozen": 12, "dozens": 12,
                  "half": Decimal("0.5"), "twice": 2, "both": 2, "once": 1, "single": 1, "double": 2, "triple": 3,
                  "a": 1, "an": 1, "noon": 12, "midnight": 12, "pair": 2, "couple": 2, "decade": 10, "decades": 10,
                  "century": 100, "quarter": Decimal("0.25"), "hundreds": 100, "thousands": 1000, "millions": 10**6})
_EN_WORDS.update({w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())})
_SV_WORDS: dict[str, int | Decimal] = {
    w: i
    for i, w in enumerate(
        "noll ett två tre fyra fem sex sju åtta nio tio elva tolv tretton fjorton femton sexton sjutton arton nitton tjugo".split()
    )
}
_SV_WORDS.update({"en": 1, "ena": 1, "tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50, "sextio": 60, "sjuttio": 70,
                  "åttio": 80, "nittio": 90, "hundra": 100, "tusen": 1000, "miljon": 10**6, "miljard": 10**9,
                  "dussin": 12, "halv": Decimal("0.5"), "halva": Decimal("0.5"), "halvt": Decimal("0.5"),
                  "båda": 2, "bägge": 2, "par": 2, "dubbelt": 2, "dubbla": 2, "tredubbla": 3, "decennium": 10,
                  "decennier": 10, "sekel": 100, "århundrade": 100, "kvart": Decimal("0.25"), "halvtimme": 30})
_SV_WORDS.update({w: i + 1 for i, w in enumerate(
    "första andra tredje fjärde femte sjätte sjunde åttonde nionde tionde elfte tolfte trettonde fjortonde "
    "femtonde sextonde sjuttonde artonde nittonde tjugonde".split())})
# Swedish compounds like "tjugofem", "trettiotre", "fyrtioåriga": the tens word at the start says enough
_SV_TENS = {"tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50, "sextio": 60, "sjuttio": 70, "åttio": 80, "nittio": 90}
_SV_UNITS = {"ett": 1, "en": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9}
_EN_UNITS = {w: _EN_WORDS[w] for w in "one two three four five six seven eight nine".split()}
_EN_TENS = {w: _EN_WORDS[w] for w in "twenty thirty forty fifty sixty seventy eighty ninety".split()}

# fmt: on
_WORD_RE = re.compile(r"[^\W\d_]+")


def _fmt(d: Decimal) -> str:
    d = d.normalize()
    return format(d, "f")


def _dec(s: str) -> Decimal | None:
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _time_values(h: int, m: int) -> set[str]:
    out = {f"{h}:{m:02d}"}
    if h > 12:
        out.add(f"{h - 12}:{m:02d}")
    elif 0 < h < 12:
        out.add(f"{h + 12}:{m:02d}")
    if h == 0 or h == 24:
        out.add(f"12:{m:02d}")
    if m == 0:  # "kl. 19.00" -> "7 p.m."
        out |= {str(h), str(h - 12) if h > 12 else str(h + 12)}
    return out


def _number_values(tok: str, lang: str = "sv") -> set[str]:
    """Every value a written number may stand for in ``lang``'s conventions (sv: ``3,5``; en: ``3.5``)."""
    compact = re.sub(f"[{_SPACES}]", "", tok)
    if compact != tok:  # "10 000", "10 000,5": space-grouped thousands (also left in by MT)
        d = _dec(compact.replace(",", "."))
        return {_fmt(d)} if d is not None else set()
    if tok.isdigit():
        return {str(int(tok))}
    vals: set[str] = set()
    parts = re.split(r"[.,:]", tok)
    seps = re.findall(r"[.,:]", tok)
    if ":" in seps:
        if len(parts) == 2 and len(parts[1]) == 2 and int(parts[0]) <= 24 and int(parts[1]) < 60:
            return _time_values(int(parts[0]), int(parts[1]))
        # match clocks "27:37", scores "5:4": the whole, never a part alone
        return {":".join(str(int(p)) for p in parts)}
    if len(parts) == 2:
        a, b = parts
        # Swedish: "," is the decimal mark, "." a (rare) thousands mark or a decimal point;
        # English: "," with three digits is thousands, "." the decimal point.
        thousands_sep = "." if lang == "sv" else ","
        decimal = not (seps[0] == thousands_sep and len(b) == 3 and lang == "en")
        if decimal:
            d = _dec(f"{a}.{b}")
            if d is not None:
                vals.add(_fmt(d))
        # Swedish news copies English figures often enough ("375,000 $") to read "," + 3 digits both ways
        if (seps[0] == thousands_sep or lang == "sv") and len(b) == 3 and len(a) <= 3 and a != "0":
            vals.add(str(int(a + b)))
        if seps[0] == "." and len(b) == 2 and int(a) <= 24 and int(b) < 60:
            vals |= _time_values(int(a), int(b))  # Swedish clock time "19.30"
        return vals
    # several separators: "1,000,000", "1.234,5", dates "29.6.2022", versions
    if len(set(seps)) == 1 and all(len(p) == 3 for p in parts[1:]):
        vals.add(str(int("".join(parts))))
    elif len(set(seps)) == 2 and seps[-1] != seps[0] and all(len(p) == 3 for p in parts[1:-1]):
        d = _dec("".join(parts[:-1]) + "." + parts[-1])
        if d is not None:
            vals.add(_fmt(d))
    vals |= {str(int(p)) for p in parts}
    return vals


def _scaled(vals: set[str], scale: int) -> set[str]:
    out = set()
    for v in vals:
        d = _dec(v)
        if d is not None:
            out.add(_fmt(d * scale))
    return out


def extract_numbers(text: str, lang: str) -> list[tuple[str, set[str]]]:
    """The numbers written with digits in ``text``, each with the values it may stand for."""
    scales = _SV_SCALE if lang == "sv" else _EN_SCALE
    out = []
    for m in _NUM_RE.finditer(text):
        tok = m.group(0)
        vals = _number_values(tok, lang)
        after = text[m.end() : m.end() + 16]
        w = re.match(r"[\s\-]*([^\W\d_]+)", after)
        if w:
            word = w.group(1).lower()
            if word in scales:
                vals |= _scaled(vals, scales[word])
            if lang == "en" and word in ("pm", "p") and re.match(r"\s*p\.?m", after, re.I):
                vals |= {_fmt(Decimal(v) + 12) for v in list(vals) if _dec(v) is not None and Decimal(v) < 12}
            if lang == "sv" and word.startswith("tal") and tok.isdigit():
                if int(tok) < 100:
                    vals |= {str(1900 + int(tok)), str(2000 + int(tok))}  # "90-talet" -> "the 1990s"
                elif tok.endswith("00"):
                    vals.add(str(int(tok) // 100 + 1))  # "1800-talet" -> "the 19th century"
        if lang == "en" and text[m.end() : m.end() + 1] == "s" and tok.isdigit() and len(tok) == 4:
            vals.add(str(int(tok) % 100))  # "the 1990s" <- "90-talet"
        if lang == "en" and tok.isdigit() and m.start() > 0 and text[m.start() - 1] in "'’":
            vals |= {str(1900 + int(tok)), str(2000 + int(tok))}  # "'90s", "'18"
        out.append((tok, vals))
    return out


#: Swedish number words that start compounds like "fyraåriga", "tvåsiffrig" (see _sv_compound_values).
_SV_COMPOUND_HEADS = [
    (u, uv) for u, uv in list(_SV_UNITS.items()) + [(k, v) for k, v in _SV_WORDS.items() if isinstance(v, int) and v > 9] if len(u) >= 3
]
_SV_COMPOUND_TAIL = re.compile(r"(årig|åring|dubbl|faldig|tal|dagar|siffrig|procent|timm|minut|veck|månad)")


@functools.lru_cache(maxsize=1 << 14)
def _sv_compound_values(w: str) -> frozenset[str]:
    """Values of a lower-case Swedish word that has a number word inside it (cached: words repeat)."""
    vals: set[str] = set()
    for t, tv in _SV_TENS.items():  # "tjugofem", "trettioåriga"
        if w.startswith(t) and w != t:
            rest = w[len(t) :]
            vals.add(str(tv))
            for u, uv in _SV_UNITS.items():
                if rest.startswith(u):
                    vals.add(str(tv + uv))
    for u, uv in _SV_COMPOUND_HEADS:
        if w.startswith(u) and _SV_COMPOUND_TAIL.match(w, len(u)):
            vals.add(str(uv))  # "fyraåriga", "tvåsiffrig"
    return frozenset(vals)


def _word_values(text: str, lang: str) -> set[str]:
    table, units, tens = (_SV_WORDS, _SV_UNITS, _SV_TENS) if lang == "sv" else (_EN_WORDS, _EN_UNITS, _EN_TENS)
    scales = _SV_SCALE if lang == "sv" else _EN_SCALE
    vals: set[str] = set()
    words = [w.lower() for w in _WORD_RE.findall(text)]
    for i, w in enumerate(words):
        if w in table:
            v = Decimal(table[w])
            vals.add(_fmt(v))
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if nxt in scales:
                vals.add(_fmt(v * scales[nxt]))
            if w in tens and nxt in units:  # "twenty five"
                vals.add(str(tens[w] + units[nxt]))
        if lang == "sv":
            vals |= _sv_compound_values(w)
    if lang == "en":
        for m in re.finditer(r"\b(" + "|".join(_EN_TENS) + r")-(" + "|".join(_EN_UNITS) + r")\b", text.lower()):
            vals.add(str(_EN_TENS[m.group(1)] + _EN_UNITS[m.group(2)]))
    return vals


def check_numbers(source: str, translation: str) -> list[str]:
    """Reasons why the numbers of ``source`` and ``translation`` disagree (empty: they agree)."""
    src = extract_numbers(source, "sv")
    tgt = extract_numbers(translation, "en")
    if not src and not tgt:
        return []
    src_all = set().union(*(v for _, v in src)) | _word_values(source, "sv")
    tgt_all = set().union(*(v for _, v in tgt)) | _word_values(translation, "en")
    why = []
    missing = [tok for tok, vals in src if not vals & tgt_all]
    extra = [tok for tok, vals in tgt if not vals & src_all]
    if missing:
        why.append(f"source number{'s' if len(missing) > 1 else ''} {', '.join(_uniq(missing))} not found in the translation")
    if extra:
        why.append(f"translation has {', '.join(_uniq(extra))}, not in the source")
    # one flag per segment: a changed number is both missing and new
    return ["; ".join(why)] if why else []


def _uniq(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
