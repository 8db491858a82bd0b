"""The demo live blog: the 21st matchday of the invented league, told by Mara Keßler as it happens."""

TITLE = "Liveticker: FSV Waldenstein gegen den 1. FC Kranichsfeld"
SLUG = "liveticker-waldenstein-kranichsfeld"
SECTION = "sport"
AUTHOR = "mara-kessler"
TOPICS = ["Fußball-Bundesliga", "1. FC Kranichsfeld", "Abstiegskampf"]
LEAD = (
    "Kellerduell am 21. Spieltag: Beide Mannschaften haben 20 Punkte, der Sieger verschafft sich Luft im "
    "Abstiegskampf. Wir berichten live aus dem Waldstadion – Minute für Minute."
)
BACKGROUND = (
    "Der FSV Waldenstein und der 1. FC Kranichsfeld stehen punktgleich auf den Rängen 14 und 15. Für "
    "Kranichsfelds Trainer Ole Sandhagen ist es das zweite Spiel im Amt, Neuzugang Elias Lindqvist steht "
    "erstmals in der Startelf."
)
STARTED_MINUTES_AGO = 100

# (minutes ago, headline, text, pinned)
ENTRIES = [
    (
        100,
        "Die Aufstellungen sind da",
        "Ole Sandhagen vertraut der Elf, die gegen Moorbach gewonnen hat – mit einer Ausnahme: Elias Lindqvist "
        "beginnt zum ersten Mal von Anfang an. Waldenstein muss auf den gelbgesperrten Kapitän Dario Pelzer "
        "verzichten.",
        False,
    ),
    (
        91,
        "",
        "Anpfiff im ausverkauften Waldstadion. 18.400 Zuschauer, davon gut 2.000 aus Kranichsfeld, die schon "
        "vor dem Spiel für ordentlich Lärm gesorgt haben.",
        False,
    ),
    (
        78,
        "Tor für Kranichsfeld! 0:1",
        "Lindqvist behauptet den Ball an der Mittellinie, spielt steil auf Kofi Asante-Behr, und der schiebt "
        "flach ins lange Eck. Der Gästeblock bebt.",
        True,
    ),
    (
        66,
        "",
        "Waldenstein wird stärker. Ein Kopfball von Jannis Orlowski streicht knapp über die Latte, "
        "Kranichsfelds Torhüter Philipp Grundmann wäre wohl nicht mehr herangekommen.",
        False,
    ),
    (
        57,
        "Halbzeit: 0:1",
        "Eine umkämpfte erste Hälfte mit wenigen Torchancen. Kranichsfeld führt, weil es die eine große "
        "Gelegenheit genutzt hat. Waldenstein hatte mehr Ballbesitz, aber kaum Ideen im letzten Drittel.",
        False,
    ),
    (
        41,
        "Ausgleich! 1:1",
        "Nach einer Ecke von links steigt Orlowski am höchsten und köpft zum Ausgleich ein. Grundmann war "
        "diesmal chancenlos. Das Spiel ist wieder offen.",
        True,
    ),
    (
        33,
        "Gelb-Rot für Tessmer",
        "Kranichsfelds Kapitän Marvin Tessmer sieht nach einem taktischen Foul an der Mittellinie die zweite "
        "Gelbe Karte. Die Gäste müssen die letzte halbe Stunde zu zehnt überstehen.",
        True,
    ),
    (
        24,
        "",
        "Sandhagen reagiert: Lindqvist geht, Verteidiger Tom Ahlgrimm kommt. Kranichsfeld stellt auf eine "
        "Fünferkette um und wirft sich in jeden Schuss.",
        False,
    ),
    (
        12,
        "Riesenchance für Waldenstein",
        "Grundmann pariert aus kurzer Distanz gegen den eingewechselten Luca Heinemann, den Nachschuss setzt "
        "Orlowski an den Pfosten. Im Waldstadion hält es niemanden mehr auf den Sitzen.",
        False,
    ),
    (
        4,
        "Nachspielzeit",
        "Fünf Minuten gibt es obendrauf. Kranichsfeld verteidigt mit allem, was es hat; Waldenstein rennt an. "
        "Wir bleiben dran.",
        False,
    ),
]
