"""Synthetic German news text for large test archives (see the generate_articles command).

Deterministic for a given seed, so two runs build the same archive. The vocabulary is
small on purpose: enough variety for search and related articles to have something to
rank, cheap enough to produce 100,000 articles in seconds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

PLACES = [
    "Berlin",
    "Hamburg",
    "München",
    "Köln",
    "Frankfurt",
    "Stuttgart",
    "Leipzig",
    "Dresden",
    "Bremen",
    "Hannover",
    "Nürnberg",
    "Rostock",
    "Kiel",
    "Mainz",
    "Erfurt",
    "Potsdam",
    "Magdeburg",
    "Schwerin",
    "Saarbrücken",
    "Freiburg",
    "Brüssel",
    "Wien",
    "Zürich",
    "Straßburg",
]
PEOPLE = [
    "die Bürgermeisterin",
    "der Landrat",
    "die Ministerin",
    "der Vereinsvorstand",
    "die Gewerkschaft",
    "der Stadtrat",
    "die Opposition",
    "der Verband",
    "die Trainerin",
    "der Kapitän",
    "die Schulleitung",
    "der Betriebsrat",
    "die Polizei",
    "die Feuerwehr",
    "der Bundesrat",
    "die Kommission",
]
TOPICS = [
    ("Verkehr", ["Radweg", "Straßenbahn", "Autobahn", "Bahnhof", "Tempolimit", "Baustelle", "Pendler"]),
    ("Wohnen", ["Miete", "Neubau", "Wohnung", "Bauland", "Sanierung", "Mietspiegel", "Quartier"]),
    ("Energie", ["Windpark", "Solardach", "Strompreis", "Wärmepumpe", "Stadtwerke", "Netzausbau"]),
    ("Bildung", ["Schule", "Kita", "Lehrkräfte", "Ganztag", "Abitur", "Hochschule", "Ausbildung"]),
    ("Gesundheit", ["Klinik", "Pflege", "Hausarzt", "Notaufnahme", "Impfung", "Krankenkasse"]),
    ("Fußball", ["Abstieg", "Derby", "Torjäger", "Trainer", "Transfer", "Tabelle", "Heimspiel"]),
    ("Handel", ["Zoll", "Export", "Mittelstand", "Lieferkette", "Hafen", "Industrie", "Auftrag"]),
    ("Kultur", ["Theater", "Festival", "Museum", "Premiere", "Konzert", "Ausstellung", "Bühne"]),
    ("Haushalt", ["Etat", "Schulden", "Steuer", "Rücklage", "Zuschuss", "Defizit", "Kämmerer"]),
    ("Umwelt", ["Hochwasser", "Hitze", "Wald", "Artenschutz", "Deich", "Trinkwasser", "Moor"]),
    ("Digitales", ["Glasfaser", "Datenschutz", "Onlinedienst", "Rechenzentrum", "Funkloch", "KI-System"]),
    ("Sicherheit", ["Einsatz", "Kontrolle", "Brand", "Unfall", "Ermittlung", "Prozess", "Urteil"]),
]
VERBS = [
    "beschließt",
    "plant",
    "streitet über",
    "kritisiert",
    "fordert",
    "verschiebt",
    "eröffnet",
    "prüft",
    "stoppt",
    "verteidigt",
    "feiert",
    "verliert",
    "gewinnt",
    "investiert in",
    "diskutiert über",
]
ADJECTIVES = [
    "neue",
    "umstrittene",
    "teure",
    "lang erwartete",
    "geplante",
    "überraschende",
    "marode",
    "erste",
    "zweite",
    "kleine",
    "große",
    "schnelle",
    "verspätete",
    "gemeinsame",
]
QUANTITIES = ["drei", "zwölf", "zwanzig", "hundert", "mehrere tausend", "rund 40", "knapp 900", "über 1500"]
# Sentence openers that put the verb second ("Zugleich sind …"), as German main clauses want.
CONNECTORS = [
    "Zugleich",
    "Dabei",
    "Nach Angaben der Verwaltung",
    "Wie es hieß,",
    "Unterdessen",
    "Zudem",
    "Nach wochenlangen Beratungen",
    "Laut einer ersten Schätzung",
]


@dataclass(frozen=True)
class SyntheticArticle:
    title: str
    lead: str
    headings: list[str]
    paragraphs: list[str]
    topics: list[str]


def _capitalize(text: str) -> str:
    """Upper-case the first letter only ("die Ministerin" → "Die Ministerin"); str.capitalize would lower the rest."""
    return text[:1].upper() + text[1:]


class ArticleWriter:
    """Writes plausible, repetitive German news articles from the word lists above."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def article(self, number: int) -> SyntheticArticle:
        rng = random.Random(self.seed * 1_000_003 + number)  # noqa: S311 - test data, not security
        topic, nouns = rng.choice(TOPICS)
        place = rng.choice(PLACES)
        noun = rng.choice(nouns)
        title = f"{place}: {_capitalize(rng.choice(PEOPLE))} {rng.choice(VERBS)} {noun}-Pläne"
        lead = (
            f"In {place} sorgt das Thema {noun} für Gesprächsstoff. "
            f"{_capitalize(rng.choice(PEOPLE))} {rng.choice(VERBS)} {rng.choice(QUANTITIES)} Vorschläge, "
            f"die Entscheidung über {topic.lower()}politische Fragen soll noch in diesem Monat fallen."
        )
        paragraphs = [self._paragraph(rng, place, nouns) for _ in range(rng.randint(4, 6))]
        headings = [f"Streit um {rng.choice(nouns)}", f"Wie es beim Thema {noun} weitergeht"]
        return SyntheticArticle(title=title, lead=lead, headings=headings, paragraphs=paragraphs, topics=[topic, place])

    @staticmethod
    def _paragraph(rng: random.Random, place: str, nouns: list[str]) -> str:
        sentences = []
        for _ in range(rng.randint(3, 5)):
            sentences.append(
                f"{_capitalize(rng.choice(PEOPLE))} {rng.choice(VERBS)} die {rng.choice(ADJECTIVES)} Lösung für "
                f"{rng.choice(nouns)} und {rng.choice(nouns)} in {place}. {rng.choice(CONNECTORS)} sind "
                f"{rng.choice(QUANTITIES)} Menschen betroffen."
            )
        return " ".join(sentences)
