"""The demo newsroom: invented journalists with short bylines."""

DEMO_AUTHORS = [
    {
        "slug": "anna-berger",
        "name": "Anna Berger",
        "role": "Redakteurin Politik",
        "bio": "Anna Berger berichtet aus dem Regierungsviertel über Haushalt, Parlament und Außenpolitik.",
    },
    {
        "slug": "jonas-wendt",
        "name": "Jonas Wendt",
        "role": "Chef vom Dienst",
        "bio": "Jonas Wendt koordiniert den Nachrichtentisch und schreibt über Wirtschaft, Verkehr und Wissenschaft.",
    },
    {
        "slug": "mara-kessler",
        "name": "Mara Keßler",
        "role": "Sportredakteurin",
        "bio": "Mara Keßler begleitet Fußball, Handball und Wintersport – am liebsten direkt vom Spielfeldrand.",
    },
    {
        "slug": "leon-hartmann",
        "name": "Leon Hartmann",
        "role": "Redakteur Leute & Unterhaltung",
        "bio": "Leon Hartmann kennt die roten Teppiche von Berlin bis Hamburg und schreibt über Stars und Sternchen.",
    },
]

SECTIONS = [
    ("politik", "Politik", "Aus Bundestag, Ländern, Europa und der Welt."),
    (
        "nachrichten",
        "Nachrichten",
        "Was Deutschland bewegt: Wirtschaft, Gesellschaft, Verkehr und Wissenschaft.",
    ),
    ("sport", "Sport", "Fußball, Handball, Wintersport und alles, was sonst noch zählt."),
    ("klatsch", "Klatsch", "Stars, Shows und Geschichten vom roten Teppich."),
]
