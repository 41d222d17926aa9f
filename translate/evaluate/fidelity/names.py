"""The ``name`` check: names and codes the translation should copy (Swedish capitalises only
names), known exonyms (``Kina`` = ``China``), and URLs, e-mail addresses, @handles and #hashtags.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher

from .numbers import _WORD_RE, _uniq

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
                continue  # "Kinabesöket", "Norgeresan": a compound on a name English spells differently
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
        # emphasis in capitals ("vi ska INTE ge upp") is translated, not copied
        missing = [n for n in missing if not (n.isupper() and len(n) >= 2)]
    if not missing:
        return []
    return [f"{'names' if len(missing) > 1 else 'name'} {', '.join(missing)} from the source missing in the translation"]
