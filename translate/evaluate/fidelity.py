"""Fidelity flags: sentences that need a human look, found without a reference.

Each check compares a Swedish source segment with its English translation and
returns flags ``{"kind": ..., "why": ..., "segment": id}``:

``number``
    a number of the source is missing from the translation, or the translation
    has one the source lacks.  Swedish and English write numbers differently
    (``3,5`` = ``3.5``, ``10 000`` = ``10,000``, ``kl. 19.30`` = ``7:30 p.m.``,
    ``tre`` = ``3``, ``5,5 miljoner`` = ``5,500,000``), so each number is read as a
    set of values it may stand for and two numbers agree when the sets meet.
``name``
    a name or other token that should be copied (``Kavanaugh``, ``LSU``,
    ``COVID-19``) is missing from the translation.  Swedish capitalises only
    names, so a capitalised word that is not sentence-initial is a name; names
    that English spells differently (``Kina``, ``Vita huset``) are listed in
    :data:`EXONYMS` and close spellings (``Irak``/``Iraq``) are accepted.  URLs,
    e-mail addresses, @handles and #hashtags must be copied exactly.
``quotes``
    the translation's double quotation marks do not pair up where the source's do.
``length``
    the translation/source length ratio is far outside the document's norm (a
    dropped clause or a hallucinated tail).
``untranslated``
    the translation is still Swedish (language ID).
``repetition``
    a word or phrase repeated back to back, or looping, where the source does not.

Checks err towards silence: measured on real MT output (NTREX newstest2019,
``scripts/bench_fidelity.py``) they flag few correct sentences, and they catch
injected errors of the kinds above.  Errors that keep every number and name and
the length -- a dropped negation, swapped names, a wrong weekday or unit -- they
do not catch.
"""

from __future__ import annotations

import functools
import math
import re
import statistics
import unicodedata
from collections import Counter
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from typing import Callable, Iterable, Sequence

from ..document import Document

#: Flag kinds, in display order.
KINDS = ("number", "name", "quotes", "length", "untranslated", "repetition")

Detector = Callable[[str], str]

# --------------------------------------------------------------------------- numbers

_SPACES = "\u0020\u00a0\u202f\u2009"
# A number: space-grouped thousands ("10 000") first, else digits with . , : separators.
_NUM_RE = re.compile(
    r"(?<![\d.,])(?:\d{1,3}(?:[" + _SPACES + r"]\d{3})+(?:,\d+)?(?![\d.,]\d)|\d+(?:[.,:]\d+)*)"
)
_SV_SCALE = {"tusen": 10**3, "miljon": 10**6, "miljoner": 10**6, "miljard": 10**9, "miljarder": 10**9, "mdr": 10**9, "mn": 10**6, "milj": 10**6}
_EN_SCALE = {"thousand": 10**3, "million": 10**6, "millions": 10**6, "billion": 10**9, "billions": 10**9, "trillion": 10**12, "bn": 10**9, "m": 10**6, "k": 10**3}

_EN_WORDS = {
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
_SV_WORDS = {
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
        after = text[m.end(): m.end() + 16]
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
        if lang == "en" and text[m.end(): m.end() + 1] == "s" and tok.isdigit() and len(tok) == 4:
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
            rest = w[len(t):]
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


# --------------------------------------------------------------------------- names

_EXONYM_WORDS = (
    # Only names English spells differently; "London", "NATO", "Texas" must be copied.
    """
    sverige sveriges storbritannien storbritanniens tyskland tysklands frankrike frankrikes
    ryssland rysslands kina kinas usa usas förenta staterna staternas spanien spaniens italien italiens
    grekland greklands nederländerna nederländernas belgien belgiens schweiz österrike
    österrikes polen polens danmark danmarks norge norges irland irlands skottland skottlands
    nordirland nordirlands ukraina ukrainas vitryssland turkiet turkiets syrien syriens irak iraks
    egypten egyptens libyen marocko saudiarabien saudiarabiens indien indiens sydafrika
    sydafrikas sydkorea sydkoreas nordkorea nordkoreas korea koreas mexiko mexikos brasilien brasiliens
    kanada kanadas australien australiens nya zeeland indonesien indonesiens filippinerna
    filippinernas europa europas afrika afrikas asien asiens amerika amerikas sydamerika
    nordamerika mellanöstern arktis antarktis atlanten stilla havet medelhavet östersjön nordsjön
    kalifornien kaliforniens rom roms aten atens moskva moskvas peking pekings köpenhamn lissabon
    bryssel bryssels wien warszawa prag genève genf haag belgrad kairo havanna
    fn
    vita huset husets högsta domstolen domstol senaten representanthuset kongressen kongressens parlamentet
    riksdagen regeringen kreml kremls
    gud guds jesus kristus bibeln koranen jorden månen solen påven påvens
    herr fru fröken
    tv vd os hbt hbtq vm em sm bnp
    makedonien nordmakedonien katalonien sovjetunionen latinamerika östeuropa västeuropa neapel köln pfalz
    dominikanska röda korset säkerhetsrådet överhuset underhuset europaparlamentet labourpartiet torypartiet
    premiärministern statssekreterare geigermätare richterskalan snövit capitolium klippiga västra östra
    norra södra asiatiska nord syd
    jul julen påsk påsken nyår nyårsafton midsommar
    """.split()
)


@functools.lru_cache(maxsize=1 << 16)
def _fold(s: str) -> str:
    # Cached: a batch folds the same words of every segment several times over.
    if s.isascii():
        return s.lower()  # NFKD leaves ASCII as it is and adds no combining marks
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(ch for ch in s if not unicodedata.combining(ch))


#: Swedish names (folded) that English writes differently: never demand they be copied.
EXONYMS = frozenset(_fold(w) for w in _EXONYM_WORDS)
_EXONYM_PREFIXES = tuple(sorted(e for e in EXONYMS if len(e) >= 4 and e.isalpha()))

#: Words that are capitalised only because they open a sentence or a quotation
#: (Swedish, and English inside Swedish text): never names.
FUNCTION_WORDS = frozenset(
    """
    det den de dem detta dessa denna vad vem vilka vilken vilket var varför hur när där här så om
    ja nej jo och men eller för att som som inte en ett är har hade var kan ska skulle vill måste
    jag du han hon vi ni man mig dig oss er min din sin vår er mitt ditt sitt vårt mina dina sina våra
    på i av till med från under över efter innan före sedan nu då även också bara alla allt inget ingen
    tack hej åh oj ah nja jaha kanske dock ändå vem vems varje många några någon något
    hans hennes deras dess just sådan sådana samma enligt eftersom medan trots därför dessutom
    samtidigt förra nästa senare tidigare idag igår både antingen varken ju nog väl redan
    fortfarande bland inom utan mot vid genom mellan mer mest flera fler hela ännu aldrig alltid
    the a an this that these those it its i i'm i’m you he she we they what why how when where who
    and but or if so no yes not is are was were be to of in on at for with from by my your our
    """.split()
)

_TOKEN_RE = re.compile(r"[^\W_][\w]*(?:[-’'&.:][\w]+)*", re.UNICODE)
_SENT_START_BEFORE = re.compile(r"(?:^|[.!?…:;]\s*|\n)[\s\"”“„«»’‘'(\[–—\-]*$")


def _is_name_like(tok: str) -> bool:
    letters = [c for c in tok if c.isalpha()]
    if not letters:
        return False
    if tok[0].isupper():
        return True
    # "iPhone", "eBay": inner capitals (a lower-case token with digits is usually a typo: "på100")
    return any(c.isupper() for c in tok[1:])


def _base_forms(tok: str) -> list[str]:
    """The forms of a Swedish name worth looking for: ``EU:s`` -> ``EU``; ``Trumps`` -> ``Trump``."""
    tok = re.sub(r":(?:s|n|en|et|an|ar|arna|er|erna|or|orna|a|e)$", "", tok)
    tok = tok.rstrip(".")
    forms = [tok]
    if len(tok) > 3 and tok.endswith("s") and not tok.isupper():
        forms.append(tok[:-1])
    return forms


def _strong_name(tok: str) -> bool:
    """Acronyms and mixed tokens are names even at the start of a sentence."""
    letters = [c for c in tok if c.isalpha()]
    return (len(letters) >= 2 and all(c.isupper() for c in letters)) or any(c.isupper() for c in tok[1:]) or any(c.isdigit() for c in tok)


def source_names(source: str, known: set[str] | None = None) -> list[str]:
    """Tokens of ``source`` that a translation should carry over unchanged (names, acronyms, codes).

    ``known`` are names seen mid-sentence elsewhere in the document, so a name
    that opens a sentence is still recognised.
    """
    return _uniq(part for part, base, weak in _name_candidates(source) if not weak or (known and base in known))


@functools.lru_cache(maxsize=4096)
def _name_candidates(source: str) -> tuple[tuple[str, str, bool], ...]:
    """``(part, base form, weak)`` for each name-like token of ``source``, in order.

    ``weak``: it opens a sentence and is no acronym or mixed token, so it is a name only if
    the document uses it mid-sentence too.  Cached because every segment is analysed twice
    (once for the document's names, once to check it) and ``known`` is the only difference.
    """
    out = []
    for m in _TOKEN_RE.finditer(source):
        raw = m.group(0)
        for k, part in enumerate(re.split(r"[-–](?=[^\W\d_])", raw)):  # "Trump-administrationen" -> "Trump"
            if not _is_name_like(part):
                continue
            forms = _base_forms(part)
            base = forms[0]
            if not base or any(_fold(f) in EXONYMS for f in forms):
                continue
            if _fold(base).startswith(_EXONYM_PREFIXES):
                continue  # "Kinastöd", "Europalagets": a compound on a name English spells differently
            if sum(c.isalpha() for c in base) < 2 or base.lower() in FUNCTION_WORDS:
                continue
            initial = k == 0 and (m.start() == 0 or bool(_SENT_START_BEFORE.search(source[: m.start()])))
            out.append((part, base, initial and not _strong_name(base)))
    return tuple(out)


def document_names(sources: Iterable[str]) -> set[str]:
    """Names seen capitalised mid-sentence anywhere in ``sources``."""
    known: set[str] = set()
    for s in sources:
        known.update(_base_forms(n)[0] for n in source_names(s))
    return known


def _anglicise(f: str) -> str:
    # Swedish and English spell many place names alike but for k/c and -ien/-ia (Katalonien/Catalonia)
    f = re.sub(r"ien$", "ia", f)
    return f.replace("k", "c")


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


@functools.lru_cache(maxsize=4096)
def _strip_accents(s: str) -> str:
    # Cached: _present strips the same translation once per name of its source.
    if s.isascii():
        return s
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=1024)
def _capitalised_words(tr: str) -> tuple[str, ...]:
    return tuple(w for w in _WORD_RE.findall(tr) if w[0].isupper())


def _at_word_start(f: str, tr: str, ignore_case: bool) -> bool:
    """``re.search(r"(?<!\\w)" + re.escape(f), tr, re.I if ignore_case else 0)``, without compiling a
    pattern per name when both are ASCII (there ``\\w`` is a letter, digit or ``_`` and ``re.I``
    is plain lower-casing)."""
    if not (f.isascii() and tr.isascii()):
        return re.search(r"(?<!\w)" + re.escape(f), tr, re.I if ignore_case else 0) is not None
    if ignore_case:
        f, tr = f.lower(), tr.lower()
    k = tr.find(f)
    while k >= 0:
        if k == 0 or not (tr[k - 1].isalnum() or tr[k - 1] == "_"):
            return True
        k = tr.find(f, k + 1)
    return False


def _present(name: str, translation: str) -> bool:
    """Is ``name`` (or an English rendering of it) in ``translation``?

    Case matters -- "May" the name is not "may" the verb -- except for acronyms
    ("NATO" / "Nato").  A compound or a respelling counts only against a
    capitalised English word.
    """
    tr = _strip_accents(translation)
    caps = _capitalised_words(tr)
    for form in _base_forms(name):
        f = _strip_accents(form)
        if len(f) < 2:
            continue
        # "NATO"/"Nato", "Trades Union Congress"/"trades union congress"; but "May" is not "may"
        loose = (f.isupper() and len(f) >= 2) or len(f) >= 5
        if _at_word_start(f, tr, loose):
            return True
        if len(f) < 4:
            continue
        fl = f.lower()
        fa = _anglicise(fl)
        for w in caps:
            wl = w.lower()
            if len(wl) < 3:
                continue
            # Swedish glues names into compounds: "Brexitförhandlingarna" -> "Brexit negotiations",
            # "Koreakriget" -> "Korean War"
            cp = _common_prefix(fl, wl)
            if cp >= 4 and cp >= len(wl) - 1:
                return True
            wa = _anglicise(wl)
            if wa == fa or (len(wl) >= 4 and abs(len(wl) - len(fl)) <= 2 and SequenceMatcher(None, fa, wa).ratio() >= 0.75):
                return True
    return False


_VERBATIM_RE = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+|(?<!\w)[@#]\w+")


def verbatim_tokens(source: str) -> list[str]:
    """URLs, e-mail addresses, @handles and #hashtags: copied character for character."""
    return _uniq(m.group(0).rstrip(".,;:!?)”\"’'") for m in _VERBATIM_RE.finditer(source))


def check_names(source: str, translation: str, known: set[str] | None = None) -> list[str]:
    """Reasons why names of ``source`` are missing from ``translation`` (empty: none missing)."""
    why = []
    lost = [t for t in verbatim_tokens(source) if t not in translation]
    if lost:
        why.append(f"{', '.join(lost)} from the source not copied into the translation")
    return why + _check_capitalised(source, translation, known)


def _check_capitalised(source: str, translation: str, known: set[str] | None) -> list[str]:
    letters = [c for c in source if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.5 * len(letters):
        return []  # a shouted headline: every word looks like an acronym
    names = source_names(source, known)
    if not names:
        return []
    missing = [n for n in names if not _present(n, translation)]
    src_caps = {w for w in _WORD_RE.findall(source) if len(w) >= 3 and w.isupper()}
    if any(len(w) >= 3 and w.isupper() and w not in src_caps for w in _WORD_RE.findall(translation)):
        # emphasis in capitals ("jag valde att INTE") is translated, not copied
        missing = [n for n in missing if not (n.isupper() and len(n) >= 2)]
    if not missing:
        return []
    return [f"{'names' if len(missing) > 1 else 'name'} {', '.join(missing)} from the source missing in the translation"]


# --------------------------------------------------------------------------- quotes

_DQUOTES = "\"“”„«»"


def check_quotes(source: str, translation: str) -> list[str]:
    """Unbalanced double quotation marks in the translation where the source's pair up."""
    s = sum(source.count(c) for c in _DQUOTES)
    t = sum(translation.count(c) for c in _DQUOTES)
    if s % 2 == 0 and t % 2 == 1:
        return [f"translation has {t} double quotation mark{'s' if t != 1 else ''} (unbalanced); the source has {s}"]
    if s % 2 == 1 and t % 2 == 0 and t != s - 1 and t != s + 1:
        return [f"source has {s} double quotation marks (a quote continuing across sentences), the translation {t}"]
    return []


# --------------------------------------------------------------------------- length

#: Flag a segment whose log length ratio differs from the document's median by more than this:
#: a long source's translation under 1/1.6 or over 1.6 times its expected length ...
LENGTH_LOG_TOLERANCE = math.log(1.6)
#: ... and twice that slack for sources shorter than LENGTH_LONG_CHARS, whose ratios vary more
LENGTH_SHORT_LOG_TOLERANCE = math.log(2.0)
LENGTH_LONG_CHARS = 80
#: Sources shorter than this (characters) vary too much in ratio to judge.
LENGTH_MIN_CHARS = 25
#: The usual Swedish -> English character ratio, used when a document has too few segments.
DEFAULT_LOG_RATIO = math.log(1.05)


def _log_ratio(source: str, translation: str) -> float:
    return math.log((len(translation.strip()) + 1) / (len(source.strip()) + 1))


def length_norm(sources: Sequence[str], translations: Sequence[str]) -> float:
    """The document's typical log(translation length / source length)."""
    ratios = [_log_ratio(s, t) for s, t in zip(sources, translations) if len(s.strip()) >= LENGTH_MIN_CHARS]
    if len(ratios) < 5:
        return DEFAULT_LOG_RATIO
    return statistics.median(ratios)


def check_length(source: str, translation: str, norm: float = DEFAULT_LOG_RATIO) -> list[str]:
    """A translation far shorter or longer than the document's norm suggests lost or invented text."""
    if len(source.strip()) < LENGTH_MIN_CHARS and len(translation.strip()) < LENGTH_MIN_CHARS * 2.2:
        return []
    lr = _log_ratio(source, translation)
    tol = LENGTH_LOG_TOLERANCE if len(source.strip()) >= LENGTH_LONG_CHARS else LENGTH_SHORT_LOG_TOLERANCE
    if abs(lr - norm) <= tol:
        return []
    rel = math.exp(lr - norm)
    return [
        f"translation is {len(translation.strip())} characters for a {len(source.strip())}-character source, "
        f"{rel:.1f}x the document's usual ratio ({'text may be missing' if rel < 1 else 'text may be invented'})"
    ]


# --------------------------------------------------------------------------- untranslated


def check_untranslated(source: str, translation: str, detect: Detector | None = None) -> list[str]:
    """The translation is still Swedish."""
    words = _WORD_RE.findall(translation)
    if len(words) < 3:
        return []
    if _fold(" ".join(words)) == _fold(" ".join(_WORD_RE.findall(source))) and len(words) >= 4:
        if (detect or _default_detect())(source) == "sv":
            return ["translation is a copy of the Swedish source"]
    # Language ID alone misjudges short English headlines ("Killer pig kills farmer"); Swedish
    # left in the output also shares its words with the source.
    src_words = {_fold(w) for w in _WORD_RE.findall(source)}
    shared = sum(_fold(w) in src_words for w in words) / len(words)
    if shared >= 0.5 and (detect or _default_detect())(translation) == "sv":
        return [f"translation looks Swedish (language ID; {shared:.0%} of its words are the source's)"]
    return []


def _default_detect() -> Detector:
    from ..langid import detect

    return detect


# --------------------------------------------------------------------------- repetition

_REP_TOKEN = re.compile(r"\w+|[^\w\s]")


def _adjacent_repeats(tokens: list[str], max_n: int = 12) -> list[str]:
    # A repeat of n tokens at i needs tokens[i] == tokens[i + n]: collect those (n, i) from each
    # token's earlier positions rather than testing every i for every n (i ascending per n).
    starts: list[list[int]] = [[] for _ in range(max_n + 1)]
    seen: dict[str, list[int]] = {}
    for j, t in enumerate(tokens):
        earlier = seen.setdefault(t, [])
        for i in reversed(earlier):
            if j - i > max_n:
                break
            starts[j - i].append(i)
        earlier.append(j)
    found = []
    for n in range(1, max_n + 1):
        last = len(tokens) - 2 * n
        for i in starts[n]:
            if i > last:
                break
            gram = tokens[i : i + n]
            if sum(t[0].isalnum() for t in gram) < min(n, 2):
                continue  # "no, no," is emphasis; a stutter repeats words
            if gram == tokens[i + n : i + 2 * n]:
                # one repeated word is often fine English ("had had"); three in a row is a loop
                if n == 1 and tokens[i + 2 : i + 3] != gram:
                    continue
                found.append(" ".join(gram))
    return found


def _loops(tokens: list[str], n: int = 4, times: int = 3) -> list[str]:
    grams = Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return [" ".join(g) for g, c in grams.items() if c >= times and sum(t[0].isalnum() for t in g) >= 2]


def check_repetition(source: str, translation: str) -> list[str]:
    """A phrase repeated back to back, or looping, that the source does not repeat."""
    tt = _REP_TOKEN.findall(translation.lower())
    st = _REP_TOKEN.findall(source.lower())
    if _adjacent_repeats(st) or _loops(st):
        return []  # the source repeats itself too ("Ja, ja"); do not judge
    # A phrase said twice apart is normal prose ("the U.S. ... the U.S."); back to back it is a stutter.
    reps = _adjacent_repeats(tt) or _loops(tt)
    if not reps:
        return []
    return [f"repeated phrase “{reps[0]}” that the source does not repeat"]


# --------------------------------------------------------------------------- putting it together


def flag_pair(
    source: str,
    translation: str,
    *,
    segment: int | None = None,
    known_names: set[str] | None = None,
    length_log_norm: float = DEFAULT_LOG_RATIO,
    detect: Detector | None = None,
    kinds: Sequence[str] = KINDS,
) -> list[dict]:
    """All flags for one Swedish ``source`` and its English ``translation``."""
    flags: list[dict] = []

    def add(kind: str, whys: list[str]) -> None:
        for why in whys:
            flag = {"kind": kind, "why": why}
            if segment is not None:
                flag["segment"] = segment
            flags.append(flag)

    if "number" in kinds:
        add("number", check_numbers(source, translation))
    if "name" in kinds:
        add("name", check_names(source, translation, known_names))
    if "quotes" in kinds:
        add("quotes", check_quotes(source, translation))
    if "length" in kinds:
        add("length", check_length(source, translation, length_log_norm))
    if "untranslated" in kinds:
        add("untranslated", check_untranslated(source, translation, detect))
    if "repetition" in kinds:
        add("repetition", check_repetition(source, translation))
    return flags


def flag_translation(translation: str, *, segment: int | None = None, detect: Detector | None = None) -> list[dict]:
    """The checks that need no source: loops and a Swedish sentence in the output."""
    flags: list[dict] = []

    def add(kind: str, why: str) -> None:
        flags.append({"kind": kind, "why": why} | ({"segment": segment} if segment is not None else {}))

    for why in check_repetition("", translation):
        add("repetition", why.replace(" that the source does not repeat", ""))
    # Quotation marks are not judged without the source: a quote often spans several sentences.
    if len(_WORD_RE.findall(translation)) >= 5 and (detect or _default_detect())(translation) == "sv":
        add("untranslated", "translation looks Swedish (language ID)")
    return flags


def flag_segments(
    sources: Sequence[str],
    translations: Sequence[str],
    *,
    groups: Sequence[str] | None = None,
    ids: Sequence[int] | None = None,
    skip: Sequence[bool] | None = None,
    detect: Detector | None = None,
    kinds: Sequence[str] = KINDS,
) -> list[list[dict]]:
    """Flags for each (source, translation) pair.

    ``groups`` names the document of each pair (e.g. NTREX doc ids): names seen
    in a document and its usual length ratio are learnt per document; without
    it, all pairs are one document.  ``skip`` marks pairs not to check (English
    passthrough segments).
    """
    if len(sources) != len(translations):
        raise ValueError(f"{len(sources)} sources but {len(translations)} translations")
    n = len(sources)
    groups = list(groups) if groups is not None else [""] * n
    ids = list(ids) if ids is not None else list(range(n))
    skip = list(skip) if skip is not None else [False] * n
    members: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    out: list[list[dict]] = [[] for _ in range(n)]
    for idx in members.values():
        live = [i for i in idx if not skip[i]]
        known = document_names(sources[i] for i in live)
        norm = length_norm([sources[i] for i in live], [translations[i] for i in live])
        for i in live:
            out[i] = flag_pair(
                sources[i], translations[i], segment=ids[i], known_names=known, length_log_norm=norm, detect=detect, kinds=kinds
            )
    return out


def count_flags(flag_lists: Iterable[Sequence[dict]]) -> dict[str, int]:
    """``{kind: number of flags}`` over all segments, every kind present (zero when unseen)."""
    counts = {k: 0 for k in KINDS}
    for flags in flag_lists:
        for f in flags:
            counts[f["kind"]] = counts.get(f["kind"], 0) + 1
    return counts


def flag_document(doc: Document, detect: Detector | None = None) -> Document:
    """Fill ``seg.flags`` for every translated Swedish segment of ``doc`` (in place; also returned).

    Segments passed through unchanged (English quotes, ``(…)``) are not judged.
    """
    segs = doc.segments
    sources = [s.source for s in segs]
    translations = [s.translation if s.translation is not None else "" for s in segs]
    skip = [s.translation is None or s.origin == "passthrough" or s.lang == "en" for s in segs]
    flags = flag_segments(sources, translations, ids=[s.id for s in segs], skip=skip, detect=detect)
    for seg, f in zip(segs, flags):
        seg.flags = f
    return doc
