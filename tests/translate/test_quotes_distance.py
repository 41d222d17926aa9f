"""Quote links prefer nearby sentences: self-contained (our own article and memory, no ../shared).

A Swedish article often retells an English quote twice, in the lead and again beside the quote.
Both retellings say the same, so only the distance can choose: the one beside the quote is the
rendering a reader looks for.  The preference is mild (a clearly better rendering further away
still wins), and distance counts the article's own paragraphs: the paragraphs of a quote block do
not push a retelling before the block further away than one after it.
"""

from __future__ import annotations

from translate.memory import Memory
from translate.pipeline import finish, prepare_document, translate_documents

RETOLD = "The port director says that emissions from loading will be halved as early as next year."
QUOTE = "“We expect emissions from our loading operations to fall by half as early as next year,” the port director said."
# Swedish sentence -> English, for the memory; the retellings all translate to RETOLD.
MEMORY = {
    "Hamnchefen räknar med att utsläppen från lastningen halveras redan nästa år.": RETOLD,
    "Enligt hamnchefen ska utsläppen från lastningen halveras redan nästa år.": RETOLD,
    "Utsläppen från lastningen halveras redan nästa år, säger hamnchefen.": RETOLD,
    "Göteborgs hamn byter ut sina dieselkranar mot eldrivna under de kommande tre åren.": "The port of Gothenburg is replacing its diesel cranes with electric ones over the next three years.",
    "Investeringen beräknas kosta omkring 400 miljoner kronor.": "The investment is expected to cost around 400 million kronor.",
    "Kritiker menar att elen måste komma från förnybara källor.": "Critics argue that the electricity must come from renewable sources.",
    "Fackförbundet välkomnar beslutet men vill se fler anställda.": "The union welcomes the decision but wants to see more staff.",
    "Kranarna tillverkas i Finland och levereras i etapper.": "The cranes are made in Finland and delivered in stages.",
    "Hamnen vill också minska utsläppen något.": "The port also wants to cut emissions somewhat.",
}
LEAD, NEAR, AFTER = (
    "Hamnchefen räknar med att utsläppen från lastningen halveras redan nästa år.",
    "Enligt hamnchefen ska utsläppen från lastningen halveras redan nästa år.",
    "Utsläppen från lastningen halveras redan nästa år, säger hamnchefen.",
)
CRANES = "Göteborgs hamn byter ut sina dieselkranar mot eldrivna under de kommande tre åren."
COST = "Investeringen beräknas kosta omkring 400 miljoner kronor."
CRITICS = "Kritiker menar att elen måste komma från förnybara källor."
UNION = "Fackförbundet välkomnar beslutet men vill se fler anställda."
FINLAND = "Kranarna tillverkas i Finland och levereras i etapper."
VAGUE = "Hamnen vill också minska utsläppen något."


def linked(paragraphs: list[str]) -> tuple:
    """The article's document after the pipeline (memory only, no model) and its quote segments."""
    doc = prepare_document("\n\n".join(paragraphs) + "\n")
    doc = finish(translate_documents([doc], memory=Memory.from_pairs(MEMORY.items()))[0])
    assert all(s.origin in ("memory", "passthrough") for s in doc.segments)
    quotes = [s for s in doc.segments if s.lang == "en" and s.role == "quote"]
    return doc, quotes


def best(doc, quote) -> str:
    links = [link for link in doc.quote_links if link.quote == quote.id]
    assert links, f"no link for {quote.source!r}"
    return doc.segment(links[0].sentence).source


def test_of_two_equal_retellings_the_one_beside_the_quote_ranks_first():
    doc, (quote,) = linked([f"{LEAD} {CRANES}", COST, CRITICS, UNION, FINLAND, NEAR, QUOTE, VAGUE])
    links = [link for link in doc.quote_links if link.quote == quote.id]
    sources = [doc.segment(link.sentence).source for link in links]
    assert sources[:2] == [NEAR, LEAD]  # both kept, the nearby one first
    assert links[0].score > links[1].score


def test_a_clearly_better_rendering_further_away_still_wins():
    # the nearby sentence shares only the topic ("emissions"); the lead renders the quote
    doc, (quote,) = linked([f"{LEAD} {CRANES}", COST, CRITICS, UNION, FINLAND, VAGUE, QUOTE])
    assert best(doc, quote) == LEAD


def test_quote_paragraphs_do_not_count_in_the_distance():
    """A retelling right before a three-paragraph quote block is as near to its last paragraph as
    one right after the block, and nearer than one two paragraphs after it."""
    block = [
        "“Our customers ask for clean transport, and we listen to them,” the port director said.",
        "“The cranes are only the start of a longer journey for the whole harbour,” he added.",
        QUOTE,
    ]
    doc, quotes = linked([CRANES, NEAR, *block, COST, AFTER, CRITICS])
    assert len(quotes) == 3
    assert best(doc, quotes[2]) == NEAR
