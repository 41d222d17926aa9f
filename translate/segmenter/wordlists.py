"""Word lists the segmenter's rules consult, per language (lower case unless noted).

Abbreviations come in four kinds (see the package docstring); the other lists name sentence
openers, function words, verbs of saying, titles and inflection endings.  They hold grammar,
never sentences of a corpus.
"""

from __future__ import annotations

# fmt: off
# (the lists are laid out in rows, as words are read; one word per line would hide them)

#: Languages the splitter has rules for.
LANGS = ("sv", "en")

# Words that are also ordinary words (sv ``fru``, ``min``; en ``in``, ``mass``)
# are left out: a missed abbreviation costs less than a sentence glued to the next.
_PREFIX = {
    "sv": {
        "t.ex", "bl.a", "dvs", "d.v.s", "s.k", "ca", "c:a", "kl", "fr.o.m", "t.o.m", "jfr", "p.g.a",
        "pga", "f.d", "resp", "inkl", "exkl", "enl", "prof", "dr", "doc", "tel", "sid", "s", "ang",
        "bl", "mha", "m.h.a", "i.o.m", "f.ö", "m.a.o", "s.a.s", "ff", "ev", "nr", "tf", "t.f", "vs",
        "hr", "mr", "ms", "mrs", "jmf", "ordf", "v", "kapt", "lt", "fil", "fil.dr", "med.dr", "jur",
    },
    "en": {
        "mr", "mrs", "ms", "mx", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "cmdr",
        "sgt", "rev", "hon", "pres", "supt", "insp", "adm", "maj", "brig", "cpl", "pvt", "fr", "mt",
        "vs", "v", "e.g", "i.e", "cf", "approx", "ca", "messrs", "mme", "mlle", "gens", "reps", "sens",
        "det", "atty", "asst", "assoc", "dept", "lieut",
    },
}
_NUMERIC = {
    "sv": {"nr", "no", "s", "sid", "kap", "vol", "art", "tab", "fig", "p", "pp", "bd", "kl", "ca"},
    "en": {"no", "nos", "nr", "p", "pp", "vol", "vols", "art", "ch", "sec", "para", "fig", "figs", "op", "tab"},
}
# Month abbreviations stand before a day (``Jan. 5``, ``5 jan. 2020``); before
# anything else the full stop ends the sentence (``until Oct. President ...``).
_MONTHS = {
    "sv": {"jan", "febr", "feb", "apr", "jun", "jul", "aug", "sept", "sep", "okt", "nov", "dec"},
    "en": {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"},
}
_FINAL = {
    "sv": {
        "osv", "o.s.v", "m.fl", "m.m", "mm", "etc", "f.kr", "e.kr", "kr", "milj", "mdr", "mkr", "tkr",
        "o.d", "o.dyl", "f.n", "dyl", "fm", "em", "f.m", "e.m", "ab", "inc", "ltd", "co", "corp", "jr",
        "st", "ex",
    },
    "en": {
        "inc", "ltd", "co", "corp", "plc", "llc", "jr", "sr", "bros", "etc", "al", "mon", "tue", "tues",
        "thu", "thur", "thurs", "fri", "st", "ave", "blvd", "rd", "hwy", "ft", "ala", "ariz", "calif",
        "colo", "conn", "fla", "ga", "ky", "md", "mich", "minn", "mont", "neb", "nev", "okla", "pa",
        "penn", "tenn", "tex", "va", "vt", "wis", "wyo", "yrs", "hrs", "mins", "secs", "oz", "lb", "lbs",
        "cm", "km", "kg", "govt", "univ", "ex", "la",
    },
}
# Words that typically open a sentence: after a "final" abbreviation or an initial,
# and in a headline glued to the body text, a capitalised one of these starts a
# new sentence.  Content words are left out on purpose: they are often names.
_STARTERS = {
    "sv": {
        "Det", "Den", "De", "Dem", "Han", "Hon", "Hen", "Vi", "Jag", "Du", "Ni", "Man", "Detta",
        "Denna", "Dessa", "Där", "Här", "Men", "Och", "Så", "Nu", "Efter", "Enligt", "Om", "När",
        "Eftersom", "Sedan", "Då", "Vid", "Med", "För", "Till", "Hans", "Hennes", "Deras", "Vår",
        "Vårt", "Våra", "Min", "Mitt", "Mina", "En", "Ett", "Alla", "Många", "Flera", "Inte",
        "Dock", "Samtidigt", "Även", "Också", "Bland", "Redan", "Vad", "Vem", "Hur", "Varför",
        "Vilken", "Vilket", "Vilka", "Trots", "Under", "Inom", "Utan", "Varje", "Ingen", "Inget",
        "Inga", "Några", "Någon", "Något", "Vissa", "Andra", "Därför", "Dessutom", "Medan",
        "Sådana", "Sådan", "Samma", "Mellan", "Före", "Bakom", "Genom", "Mot", "Av", "Från",
        "Hos", "Ja", "Nej", "Kanske", "Ändå", "Fast", "Eller", "Att", "Tidigare", "Senare", "Idag",
        "Igår", "Imorgon", "Därefter", "Sen", "Som", "Ny", "Nytt", "Nya", "Minst", "Högst", "Drygt",
        "Nästan", "Cirka", "Över", "Omkring", "Endast", "Bara", "Två", "Tre", "Fyra", "Fem", "Sex",
        "Sju", "Åtta", "Nio", "Tio", "Elva", "Tolv", "Tretton", "Fjorton", "Femton", "Sexton", "Sjutton",
        "Arton", "Nitton", "Tjugo", "Trettio", "Fyrtio", "Femtio", "Hundra", "Tusentals", "Hundratals",
    },
    "en": {
        "The", "A", "An", "He", "She", "It", "They", "We", "You", "This", "That", "These", "Those",
        "There", "Here", "But", "And", "Or", "So", "Yet", "In", "On", "At", "For", "If", "When",
        "While", "After", "Before", "As", "His", "Her", "Its", "Their", "Our", "My", "Your", "Some",
        "Many", "Most", "All", "Several", "However", "Meanwhile", "What", "Who", "Why", "How",
        "Where", "Which", "Although", "Though", "Since", "During", "Despite", "According", "Each",
        "Every", "No", "Yes", "Now", "Then", "Also", "Still", "Instead", "Other", "Others", "Such",
        "Both", "Neither", "Nor", "Because", "Under", "With", "Without", "From", "By", "Of", "To",
        "Once", "Later", "Earlier", "Last", "Next", "Today", "Yesterday", "Tomorrow", "More", "Much", "Few", "Any", "Another", "Perhaps", "Maybe", "Even", "Only", "Just",
        "Not", "Is", "Are", "Was", "Were", "Do", "Does", "Did", "Can", "Could", "Will", "Would",
        "Should", "Must", "Have", "Has", "Had", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight",
        "Nine", "Ten", "Eleven", "Twelve", "Twenty", "Thirty", "Forty", "Fifty", "Hundreds", "Thousands",
        "Dozens", "Nearly", "Almost", "About", "Around", "Over", "Fewer", "Less",
    },
}
# Lower-cased starters, not counted as content words when comparing a headline with its lead.
_LOWER_STARTERS = {lang: frozenset(w.lower() for w in words) for lang, words in _STARTERS.items()}
# A headline does not end on one of these, so no headline cut after them.
_FUNCTION_WORDS = {
    "sv": {
        "och", "eller", "men", "att", "som", "i", "på", "av", "till", "för", "med", "om", "från",
        "vid", "under", "över", "mot", "hos", "efter", "utan", "genom", "den", "det", "de", "en",
        "ett", "är", "var", "har", "hade", "sa", "sade", "säger", "enligt", "än", "så", "när",
        "där", "hans", "hennes", "deras", "sin", "sitt", "sina", "kallade", "heter", "mellan",
        "inom", "bland", "samt", "både", "kring", "inför", "före", "bakom", "ur", "åt", "sedan",
        "kommer", "ska", "skulle", "kan", "kunde", "vill", "ville", "måste", "inte", "blir", "blev",
        "inklusive", "däribland",
    },
    "en": {
        "and", "or", "but", "that", "which", "who", "in", "on", "at", "of", "to", "for", "with",
        "from", "by", "as", "the", "a", "an", "is", "are", "was", "were", "has", "have", "had",
        "said", "says", "told", "than", "so", "when", "where", "his", "her", "their", "its",
        "called", "named", "between", "into", "onto", "about", "like", "via", "per", "amid",
        "against", "be", "been", "being", "over", "under", "after", "before", "during", "since",
        "until", "within", "through", "across", "behind", "beyond", "near", "toward", "towards", "upon",
        "off", "vs", "versus", "will", "would", "can", "could", "may", "might", "must", "should", "not",
        "including",
    },
}
# Cardinal numbers quantify the word after them (``three Olympic medals``, ``tre Nobelpristagare``),
# so no headline ends on one either.
_NUMBER_WORDS = {
    "sv": {
        "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv", "tretton", "fjorton",
        "femton", "sexton", "sjutton", "arton", "nitton", "tjugo", "trettio", "fyrtio", "femtio", "sextio",
        "sjuttio", "åttio", "nittio", "hundra", "tusen",
    },
    "en": {
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
        "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "dozen",
    },
}
# Inflection endings stripped to compare ``Polisen`` with ``polis`` (longest first).
_SUFFIXES = {
    "sv": ("erna", "arna", "orna", "ens", "ets", "en", "et", "na", "ns", "ar", "er", "or", "n", "t", "s", "e", "a"),
    "en": ("ing", "ed", "es", "s"),
}
# Verbs of saying: after ``"Why?" Smith asked`` the quotation did not end the
# sentence, and ``said on Monday "We ...`` is not a headline end.
_REPORTING = {
    "said", "says", "asked", "asks", "told", "added", "adds", "replied", "wrote", "writes",
    "shouted", "explained", "continued", "insisted", "tweeted", "saying", "chanting", "shouting",
    "sa", "sade", "säger", "frågade", "sägande", "ropar", "skanderade",
    "frågar", "skriver", "skrev", "svarade", "svarar", "tillade", "tillägger", "berättar",
    "berättade", "förklarar", "förklarade", "fortsatte", "ropade", "reported", "reports", "noted",
    "stated", "announced", "rapporterade", "rapporterar", "konstaterade", "skrek", "undrade",
}

_ALL_ABBREVIATIONS = frozenset().union(*_PREFIX.values(), *_NUMERIC.values(), *_MONTHS.values(), *_FINAL.values())

# Words after which no headline ends (the next word belongs to their phrase).
_NO_HEADLINE_END = {lang: frozenset(_FUNCTION_WORDS[lang]) | frozenset(_NUMBER_WORDS[lang]) for lang in LANGS}

_NOT_CONTENT = {lang: frozenset(_FUNCTION_WORDS[lang]) | _LOWER_STARTERS[lang] for lang in LANGS}

# English writes these with a capital everywhere, so general frequency says nothing.
_ALWAYS_CAPITAL_EN = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december i".split()
)
# ``Bank of England``, ``Game of Thrones``: a capitalised word before these is part of a name.
_NAME_JOINERS = frozenset("of and & de du da del des la le van von der den di y för och".split())

# English capitalises these before a name (``President Donald Trump``); Swedish does not.
_TITLES_EN = frozenset(
    "president vice prime minister secretary senator sen rep representative congressman congresswoman governor gov "
    "mayor judge justice chancellor king queen prince princess pope bishop archbishop general gen colonel captain "
    "sergeant officer detective inspector chief director professor prof dr doctor mr mrs ms sir lord lady dame "
    "coach manager chairman chairwoman ambassador commissioner sheriff attorney".split()
)
# Titles that follow a capitalised modifier (``Foreign Minister``, ``Health Secretary``).
_MODIFIED_TITLES = frozenset("minister secretary officer director general chancellor commissioner attorney chief".split())
# Titles of office, which Swedish writes in lower case (unlike ``Mr``, ``Dr``, ``Sir``).
_OFFICES = _TITLES_EN - frozenset("mr mrs ms dr doctor prof professor sir lord lady dame".split())
# After a sentence's subject comes its verb, not one of these.
_RUN_CONTINUES = {
    "sv": frozenset("och eller samt en ett av i till för".split()),
    "en": frozenset("and or nor a an the of in to for".split()),
}

# Endings that make a common word of a common stem; names rarely take them.
_SV_ENDINGS = ("erna", "arna", "orna", "andet", "endet", "aren", "eren", "ten", "en", "et", "na", "er", "ar", "or", "n", "t")
_EN_ENDINGS = ("ing", "ed")

# English sentence openers that, capitalised before a capitalised word, start a sentence
# rather than a name (``The President said``, ``When Labour's leaders``).
_DETERMINER_STARTERS = frozenset({"The", "A", "An", "When", "If", "After", "While", "Although", "Because", "As"})

_TITLE_CASE_SMALL = _FUNCTION_WORDS["en"] - {"the", "a", "an", "of", "and", "de", "van", "von"}
