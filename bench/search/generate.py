"""Generator of realistic German news articles for the search benchmark (self-contained, seeded).

Articles mix a small set of recurring story lines (so queries have many matches, as real news has)
with a long tail of names, places and compounds (so the vocabulary grows like a real archive's).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

ARCHIVE_HOURS = 3 * 365 * 24
FIRST_NAMES = [
    "Anna",
    "Lena",
    "Jonas",
    "Mara",
    "Leon",
    "Sophie",
    "Paul",
    "Emilia",
    "Felix",
    "Hannah",
    "Lukas",
    "Clara",
    "Jan",
    "Marie",
    "Tim",
    "Laura",
    "Niklas",
    "Sarah",
    "David",
    "Julia",
    "Moritz",
    "Lea",
    "Tobias",
    "Katharina",
    "Stefan",
    "Miriam",
    "Andreas",
    "Petra",
    "Thomas",
    "Sabine",
    "Karin",
    "Jürgen",
    "Ursula",
    "Dieter",
]
SYLLABLES = [
    "berg",
    "mann",
    "stein",
    "feld",
    "hof",
    "bach",
    "wald",
    "brück",
    "haus",
    "schmidt",
    "lind",
    "eck",
    "horn",
    "dorf",
    "au",
    "hain",
    "mühl",
    "kamp",
    "wies",
    "roth",
]
PREFIXES = [
    "Alten",
    "Neu",
    "Ober",
    "Unter",
    "Gross",
    "Klein",
    "Hoch",
    "Nieder",
    "Ross",
    "Weiß",
    "Schwarz",
    "Stern",
    "Falken",
    "Eichen",
    "Linden",
    "Birken",
]
NOUNS = [
    "Steuer",
    "Haushalt",
    "Rente",
    "Schule",
    "Bahn",
    "Strom",
    "Gas",
    "Miete",
    "Wohnung",
    "Klima",
    "Grenze",
    "Wahl",
    "Recht",
    "Reform",
    "Streik",
    "Lohn",
    "Kosten",
    "Energie",
    "Wasser",
    "Hilfe",
    "Krieg",
    "Frieden",
    "Sanktion",
    "Zoll",
    "Handel",
    "Markt",
    "Preis",
    "Gesetz",
    "Gericht",
    "Polizei",
    "Feuer",
    "Sturm",
    "Verkehr",
    "Straße",
    "Brücke",
    "Hafen",
    "Flug",
    "Auto",
    "Kinder",
    "Pflege",
    "Klinik",
    "Arzt",
    "Impf",
    "Daten",
    "Netz",
    "Kunst",
    "Musik",
    "Film",
    "Spiel",
    "Liga",
    "Trainer",
    "Stadion",
    "Turnier",
    "Sieg",
    "Verband",
    "Bund",
    "Land",
    "Stadt",
    "Gemeinde",
    "Verwaltung",
    "Schulden",
    "Bremse",
]
HEADS = [
    "erhöhung",
    "senkung",
    "streit",
    "debatte",
    "gesetz",
    "paket",
    "plan",
    "reform",
    "krise",
    "bericht",
    "verband",
    "bündnis",
    "minister",
    "ministerin",
    "kommission",
    "gipfel",
    "konferenz",
    "verhandlung",
    "einigung",
    "entscheidung",
    "pläne",
    "zahlen",
    "lücke",
    "bremse",
    "politik",
    "markt",
]
SUBJECTS = [
    "Die Bundesregierung",
    "Die Koalition",
    "Die Opposition",
    "Der Bundestag",
    "Der Bundesrat",
    "Die Gewerkschaft",
    "Der Verband",
    "Die Landesregierung",
    "Das Ministerium",
    "Die Kommission",
    "Der Stadtrat",
    "Die Polizei",
    "Das Gericht",
    "Der Verein",
    "Die Europäische Union",
]
VERBS = [
    "kündigte an",
    "lehnte ab",
    "forderte",
    "kritisierte",
    "verteidigte",
    "prüft",
    "beschloss",
    "plant",
    "warnte vor",
    "begrüßte",
    "verschob",
    "legte vor",
]
ADVERBS = ["am Dienstag", "überraschend", "nach langen Verhandlungen", "erneut", "in der Nacht", "vorerst", "deutlich"]
COUNTRIES = [
    "Ukraine",
    "Russland",
    "Frankreich",
    "Polen",
    "Italien",
    "China",
    "Japan",
    "Nordkorea",
    "Südkorea",
    "Israel",
    "Türkei",
    "Brasilien",
    "Kanada",
    "Österreich",
    "Schweiz",
    "Dänemark",
    "Schweden",
    "Norwegen",
    "Spanien",
    "Portugal",
    "Griechenland",
    "Ungarn",
    "Tschechien",
    "Indien",
]
STORIES = [
    ("Politik", ["Bundeshaushalt", "Schuldenbremse"], "Haushalt", "Mehrwertsteuererhöhung"),
    ("Politik", ["Ukraine-Krieg", "Sanktionen"], "Ukraine", "Sanktionspaket"),
    ("Politik", ["Wahlrecht", "Bundestag"], "Wahlrechtsreform", "Wahlkreise"),
    ("Wirtschaft", ["Zollstreit", "Handel"], "Gegenzölle", "Handelskonflikt"),
    ("Wirtschaft", ["Energie", "Strompreise"], "Strompreise", "Netzentgelte"),
    ("Nachrichten", ["Bahnstreik", "Deutsche Bahn"], "Bahnstreik", "Lokführer"),
    ("Nachrichten", ["Hochwasser", "Unwetter"], "Hochwasser", "Starkregen"),
    ("Nachrichten", ["Künstliche Intelligenz", "Bildung"], "Künstliche Intelligenz", "KI-Assistenten"),
    ("Sport", ["Fußball-Bundesliga", "Abstiegskampf"], "Bundesliga", "Trainerwechsel"),
    ("Sport", ["Handball-WM", "Nationalmannschaft"], "Handball-WM", "Viertelfinale"),
    ("Kultur", ["Film", "Berlinale"], "Berlinale", "Premiere"),
    ("Klatsch", ["Hochzeit", "Promis"], "Traumhochzeit", "Verlobung"),
]


@dataclass
class GeneratedArticle:
    number: int
    section: str
    title: str
    lead: str
    body: str
    topics: list[str]
    author: str
    hours_ago: float


class ArticleGenerator:
    def __init__(self, seed: int = 5) -> None:
        self.random = random.Random(seed)
        r = self.random
        self.surnames = sorted({(r.choice(PREFIXES) + r.choice(SYLLABLES)).capitalize() for _ in range(6000)})
        self.places = sorted({r.choice(PREFIXES) + r.choice(SYLLABLES) for _ in range(4000)})
        self.compounds = sorted({r.choice(NOUNS) + r.choice(HEADS) for _ in range(3000)})

    def person(self) -> str:
        return f"{self.random.choice(FIRST_NAMES)} {self.random.choice(self.surnames)}"

    def sentence(self, story) -> str:
        r = self.random
        _, _, keyword, compound = story
        templates = [
            lambda: f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(ADVERBS)} die {r.choice(self.compounds)}.",
            lambda: f"In {r.choice(self.places)} sagte {self.person()}, die Lage bei {keyword} sei ernst.",
            lambda: f"Nach Angaben von {self.person()} geht es um {r.randint(2, 900)} Millionen Euro.",
            lambda: f"Die {compound} sorgt in {r.choice(COUNTRIES)} und {r.choice(self.places)} für Streit.",
            lambda: f"„Wir brauchen jetzt Klarheit bei der {r.choice(self.compounds)}“, sagte {self.person()}.",
            lambda: f"Kritiker sehen in der {r.choice(self.compounds)} einen Fehler, Befürworter eine Chance.",
            lambda: (
                f"{r.choice(SUBJECTS)} will bis {r.choice(['Freitag', 'Ende des Monats', 'zum Sommer'])} "
                f"über {keyword} entscheiden."
            ),
            lambda: f"Auch in {r.choice(COUNTRIES)} wird über {r.choice(self.compounds)} diskutiert.",
        ]
        return r.choice(templates)()

    def article(self, number: int, count: int = 1) -> GeneratedArticle:
        r = self.random
        story = r.choice(STORIES)
        section, topics, keyword, compound = story
        place = r.choice(self.places)
        title = r.choice(
            [
                f"{keyword}: {r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(self.compounds)}",
                f"{compound} in {place}: {self.person()} unter Druck",
                f"{keyword} – was die {r.choice(self.compounds)} für {place} bedeutet",
            ]
        )
        lead = " ".join(self.sentence(story) for _ in range(2))
        paragraphs = [" ".join(self.sentence(story) for _ in range(r.randint(4, 7))) for _ in range(r.randint(6, 9))]
        extra_topic = r.choice(self.compounds)
        return GeneratedArticle(
            number=number,
            section=section,
            title=title,
            lead=lead,
            body="\n\n".join(paragraphs),
            topics=[*topics, extra_topic],
            author=self.person(),
            # The archive grows in time: later numbers (ids) are newer, as in a real newsroom.
            hours_ago=max(0.5, (1 - number / max(count, 1)) * ARCHIVE_HOURS + r.uniform(-12, 12)),
        )

    def articles(self, count: int):
        for number in range(count):
            yield self.article(number, count)
