"""The demo rollout story in German: the same Northwind Group, told in the words of a German PLO.

Every list has the length of its English counterpart in `story.py`, and the kinds, numbers and
attitudes are the same, so the generator makes the same random choices and the German demo has the
same shape (units, coverage, overdue items) as the English one. People keep their names.
"""

from okr_cockpit.services.demo.story import (  # noqa: F401 - the parts that are not words
    CHANNEL_WEIGHTS,
    COMPANY,
    EMAIL_DOMAIN,
    FIRST_NAMES,
    LAST_NAMES,
)

ORGANISATION: dict[str, dict[str, list[str]]] = {
    "Digital & IT": {
        "Plattform-Engineering": [
            "Cloud-Plattform",
            "Developer Experience",
            "Identitäts- & Zugriffsmanagement",
            "Datenplattform",
        ],
        "Digitale Produkte": [
            "Mobile App",
            "Webshop",
            "Kundenkonten",
            "Suche & Navigation",
            "Zahlungsverkehr",
        ],
        "IT-Betrieb": ["Service Desk", "Arbeitsplatz-IT", "Netzwerk & Sicherheit"],
    },
    "Handel": {
        "E-Commerce": ["Checkout", "Preisgestaltung", "Marktplatz-Partner"],
        "Filialen": ["Filialbetrieb Nord", "Filialbetrieb Süd", "Visual Merchandising"],
        "Kundenservice": ["Kundencenter", "Retouren", "Kundenbindungsprogramm"],
        "Marketing": ["Marke", "Performance-Marketing", "CRM-Kampagnen"],
    },
    "Logistik": {
        "Lager": ["Wareneingang", "Kommissionierung & Verpackung", "Lagerautomatisierung"],
        "Transport": ["Fernverkehr", "Letzte Meile", "Tourenplanung", "Zoll"],
        "Supply-Chain-Planung": ["Bedarfsprognose", "Nachschub", "Lieferantenmanagement"],
    },
    "Produktion": {
        "Fertigung": ["Montagelinie A", "Montagelinie B", "Montagelinie C", "Instandhaltung"],
        "Qualität": ["Qualitätssicherung", "Labor & Prüfung"],
        "Technik": ["Produktentwicklung", "Prozesstechnik", "Werkzeugbau"],
        "Einkauf": ["Strategischer Einkauf", "Operativer Einkauf", "Lieferantenqualität"],
    },
    "Finanzen & Controlling": {
        "Rechnungswesen": ["Hauptbuch", "Kreditoren", "Debitoren"],
        "Controlling": ["Business Controlling", "Konzernberichtswesen", "Treasury", "Steuern"],
    },
    "Personal & Kultur": {
        "HR-Services": ["Entgeltabrechnung", "Recruiting", "HR-Systeme"],
        "Personalentwicklung": ["Führungsakademie", "Onboarding"],
        "Arbeitswelt": ["Facility Management", "Betriebsratsbüro"],
    },
}

WAVE_OF_DIVISION = {
    "Digital & IT": 0,
    "Handel": 1,
    "Logistik": 1,
    "Produktion": 2,
    "Finanzen & Controlling": 2,
    "Personal & Kultur": None,
}
WAVE_OF_DEPARTMENT = {"E-Commerce": 0}
EXEMPT_TEAMS = {
    "Betriebsratsbüro": "Ausgenommen: Der Betriebsrat setzt sich seine Ziele selbst.",
    "Treasury": "Ausgenommen bis zum Abschluss der Bankenmigration.",
}
PAUSED_TEAMS = {
    "Netzwerk & Sicherheit": "Pausiert während des Rechenzentrumsumzugs; Neustart im nächsten Zyklus.",
    "Marktplatz-Partner": "Pausiert: Teamleitung in Elternzeit, noch keine Vertretung.",
}

WAVES = [
    {
        "name": "Welle 1 – Pilot",
        "objective": "Den OKR-Zyklus in Digital & IT und E-Commerce erproben und die erste "
        "Coach-Kohorte aufbauen.",
        "entry_criteria": "Sponsor-Mandat unterschrieben; Coaches zertifiziert; Führungskräfte machen mit.",
        "exit_criteria": "Zwei Zyklen gelaufen; jedes Team hatte Review und Retrospektive; "
        "Playbook v1 veröffentlicht.",
    },
    {
        "name": "Welle 2",
        "objective": "Rollout in Handel und Logistik, erst mit Pilotteams, dann mit allen Teams.",
        "entry_criteria": "Austrittskriterien von Welle 1 erfüllt; 80 % der Teams haben einen Coach; "
        "Betriebsrat informiert.",
        "exit_criteria": "Alle Teams schreiben ihre OKRs selbst; Check-ins mindestens alle zwei Wochen.",
    },
    {
        "name": "Welle 3",
        "objective": "Produktion und Finanzen in den Zyklus holen, angepasst an die Schichtarbeit.",
        "entry_criteria": "Betriebsrat stimmt schichtfreundlichen Check-ins zu; "
        "zweite Coach-Kohorte zertifiziert.",
        "exit_criteria": "Unternehmensweites Alignment in einem Zyklus; Führungsberichte aus dem Cockpit.",
    },
]

WAVE_CRITERIA = [
    [
        ("manual", None, "Sponsor-Mandat unterschrieben", True, "Vom CEO beim Kick-off unterschrieben."),
        ("coaches_certified", None, "", False, ""),
    ],
    [
        ("coach_coverage", 75, "", False, ""),
        ("unit_leads", None, "", False, ""),
        ("sponsor", None, "", False, ""),
        ("manual", None, "Betriebsrat informiert", True, "In der Oktobersitzung vorgestellt."),
    ],
    [
        ("coach_coverage", 80, "", False, ""),
        ("coaches_certified", None, "", False, ""),
        ("sponsor", None, "", False, ""),
        ("manual", None, "Betriebsrat stimmt schichtfreundlichen Check-ins zu", False, "Sitzung im Januar."),
    ],
]
WAVE_RATIONALES = [
    "Sponsor-Mandat unterschrieben; die erste Coach-Kohorte ist zertifiziert.",
    "Eintrittskriterien erfüllt; im Lenkungskreis beschlossen.",
    "",
]

PLO_MEMBERS = [
    ("Anna Berger", "Leiterin OKR Program Lead Office", "anna"),
    ("Ben Okafor", "OKR-Programmmanager", "ben"),
    ("Clara Jensen", "Leiterin OKR-Befähigung", "clara"),
    ("David Lindqvist", "PLO-Analyst", "david"),
]
SPONSOR = ("Helena Marx", "Vorstandsvorsitzende")
COO = ("Georg Winter", "Chief Operating Officer")

STAKEHOLDERS = [
    ("Betriebsrat", "Arbeitnehmervertretung", True, True, 4, 5, "neutral", "supporter"),
    ("Ruth Keller", "Personalvorständin", True, False, 4, 4, "supporter", "champion"),
    ("Ivan Petrov", "Chief Information Officer", True, False, 4, 3, "supporter", "champion"),
    ("Fatima Ahmed", "Finanzvorständin", True, False, 5, 2, "sceptic", "supporter"),
    ("Malik Haddad", "HR-Business-Partner", True, False, 2, 4, "champion", "champion"),
    ("Sven Larsen", "IT-Sicherheitsbeauftragter", True, False, 3, 2, "neutral", "neutral"),
    ("Petra Vogel", "Leiterin interne Kommunikation", True, False, 3, 4, "supporter", "champion"),
    ("Quentin Dubois", "Leiter Strategiebüro", True, False, 4, 5, "champion", "champion"),
    ("Karin Hahn", "Datenschutzbeauftragte", True, False, 3, 3, "sceptic", "neutral"),
    ("Brightpath Consulting", "Externe OKR-Beratung", False, True, 2, 4, "supporter", "supporter"),
    ("Tomás Costa", "Projektleiter bei Brightpath", False, False, 2, 4, "champion", "champion"),
    (
        "Netzwerk der Teamleitungen",
        "Informelles Netzwerk der Teamleitungen",
        True,
        True,
        3,
        5,
        "neutral",
        "supporter",
    ),
    ("Leon Brandt", "Leiter Produktionsplanung", True, False, 3, 2, "blocker", "neutral"),
    ("Yara Silva", "Leiterin Filialen", True, False, 3, 3, "sceptic", "supporter"),
    ("Erik Thiel", "Leiter Kundenservice", True, False, 3, 4, "neutral", "supporter"),
    ("Dana Roth", "Leiterin Controlling", True, False, 3, 2, "sceptic", "neutral"),
    ("Young Professionals Circle", "Mitarbeitendennetzwerk", True, True, 1, 5, "champion", "champion"),
    ("Valentin Graf", "Verbindung zum Aufsichtsrat", True, False, 5, 1, "neutral", "supporter"),
    ("Nora Becker", "Leiterin Personalentwicklung", True, False, 2, 5, "champion", "champion"),
    ("Jakob Sauer", "Vertrauensmann, Produktion", True, False, 3, 4, "sceptic", "neutral"),
    ("Uma Kaya", "Leiterin Lager", True, False, 3, 3, "supporter", "supporter"),
]

SUMMARIES = {
    "positive": [
        "Eröffnet die nächste Betriebsversammlung mit dem Stand des Rollouts",
        "Bietet zwei Führungskräfte als Vorbilder für die nächste Drafting-Session an",
        "Zufrieden mit den Pilotergebnissen; will das Review-Format für den ganzen Bereich",
        "Unterstützt eine zweite Coach-Kohorte; Budgetantrag folgt",
        "Mochte den Playbook-Entwurf; wünscht eine einseitige Fassung für Führungskräfte",
        "Erwähnt OKRs in der Quartals-Mitarbeiterversammlung",
        "Hat die Schirmherrschaft für den Alignment-Tag bestätigt",
    ],
    "neutral": [
        "Rollout-Plan und Wellentermine gemeinsam durchgegangen",
        "Fragte, wie OKRs mit Jahreszielen und Boni zusammenhängen",
        "Coach-Kapazität für die nächste Welle besprochen",
        "Check-in-Kalender für den kommenden Zyklus geteilt",
        "Geklärt, wem die OKRs in geteilten Teams gehören",
        "Stakeholder-Landkarte gemeinsam durchgesehen",
        "Unterschied zwischen OKRs und dem KPI-Dashboard erklärt",
    ],
    "negative": [
        "Sorgt sich um die Termindichte durch Check-ins in der Hochsaison",
        "Sieht OKRs als weitere Berichtsebene; will einen Nutzennachweis",
        "Befürchtet, dass OKR-Daten für Leistungsbeurteilungen genutzt werden",
        "Widerspricht dem Wellentermin wegen der ERP-Umstellung",
        "Möchte, dass der Betriebsrat das Playbook vor der nächsten Welle sieht",
        "Teams berichten, dass Drafting-Sessions überziehen",
    ],
}
FOLLOW_UPS = [
    "Einseitige Playbook-Zusammenfassung schicken",
    "Ergebnisse der Pilot-Retrospektive teilen",
    "Termin mit dem Führungsteam des Bereichs vereinbaren",
    "Datenschutzfragen schriftlich klären",
    "Schichtfreundliche Check-in-Zeiten vorschlagen",
    "Zum nächsten Alignment-Tag einladen",
    "Coach-Kapazitätsplan für die nächste Welle schicken",
    "Frage zu OKRs und Boni schriftlich beantworten",
    "Informationsschreiben an den Betriebsrat entwerfen",
    "Termin im Lenkungskreis buchen",
]

RACI = [
    ("Rollout-Plan", "A C C I I"),
    ("Coach-Zuordnung", "A C I I I"),
    ("Befähigung & Schulung", "A R I I I"),
    ("OKR-Playbook", "A C I C I"),
    ("Führungsprioritäten", "C I R A I"),
    ("OKR-Drafting", "A R I C R"),
    ("Alignment", "A R I R C"),
    ("Check-ins", "A R I C R"),
    ("Review", "A R I R R"),
    ("Retrospektive", "A R I C R"),
    ("Stakeholder-Management", "A I R C I"),
    ("Berichte an die Führung", "A C I I I"),
]

LEARNINGS = [
    (
        "retrospective",
        -1,
        "Check-ins über 30 Minuten verlieren die Aufmerksamkeit des Teams.",
        "Check-ins auf 20 Minuten begrenzen, mit fester Agenda aus drei Fragen.",
        "Pilotteams mit kurzen Check-ins hielten den Rhythmus; die anderen ließen sie ausfallen.",
        "in_effect",
    ),
    (
        "coach_exchange",
        -1,
        "Coaches mit mehr als vier Teams können nicht jeden Termin vorbereiten.",
        "Coach-Kapazität auf vier Teams begrenzen und eine zweite Kohorte gewinnen.",
        "Drei Coaches waren im Pilot überlastet, und Termine fielen aus.",
        "accepted",
    ),
    (
        "health_check",
        0,
        "Teams verwechseln OKRs mit dem KPI-Dashboard.",
        "Eine Seite „KPIs sind keine OKRs“ in Playbook und Schulung aufnehmen.",
        "Die Hälfte der Key-Result-Entwürfe waren Kennzahlen des Tagesgeschäfts.",
        "accepted",
    ),
    (
        "retrospective",
        0,
        "Führungskräfte, die zuerst ihre eigenen OKRs schreiben, beschleunigen das Drafting der Teams.",
        "Führungsprioritäten und Drafting der Führung zwei Wochen vor Zyklusbeginn.",
        "Im Pilot warteten die Teams auf Richtung; der Alignment-Tag verschob sich.",
        "proposed",
    ),
    (
        "coach_exchange",
        -1,
        "Ein gemeinsames OKR-Tool wurde gewünscht, bevor der Prozess sich eingespielt hatte.",
        "In Welle 2 ein OKR-Softwaretool einführen.",
        "Verworfen: Die Tabellenvorlage reicht, bis der Prozess stabil ist.",
        "dropped",
    ),
    (
        "health_check",
        0,
        "Schichtteams können nicht an Check-ins mitten in der Woche teilnehmen.",
        "Check-ins bei der Schichtübergabe für Produktion und Logistik anbieten.",
        "Nötig vor Welle 3; mit dem Betriebsrat grundsätzlich abgestimmt.",
        "proposed",
    ),
]

LARGE_AREAS = (  # noqa: SIM905
    "Analytik Abrechnung Katalog Compliance Inhalte Verträge Lieferung Vertrieb Energie Außendienst "
    "Infrastruktur Insights Integration Bestand Marketing Onboarding Betrieb Partner Zahlungen "
    "Einkauf Produkt Qualität Regional Risiko Verkauf Sicherheit Service Beschaffung Support Nachhaltigkeit"
).split()
LARGE_REGIONS = [
    "Nord",
    "Süd",
    "Ost",
    "West",
    "Mitte",
    "Nordics",
    "Iberien",
    "Benelux",
    "Alpen",
    "Baltikum",
]

DIVISION_LEAD_TITLE = "Geschäftsführung {name}"
DEPARTMENT_LEAD_TITLE = "Leitung {name}"
TEAM_LEAD_TITLE = "Teamleitung"
COACH_TITLES = ["Agile Coach", "OKR-Coach", "Product Owner", "Scrum Master"]
SPONSOR_ROLE = "Executive Sponsor"
EXEMPT_NOTE = "Ausgenommen: Das Team wird umstrukturiert."
PAUSED_NOTE = "Pausiert auf Wunsch der Teamleitung; Neustart im nächsten Zyklus."
PILOT_NOTE = "Pilotteam für das neue Check-in-Format."
DONE_NOTES = [
    "",
    "",
    "",
    "Gute Energie; zwei Key Results umformuliert.",
    "Führungskräfte waren als Vorbilder dabei.",
    "Überzogen; die Agenda wird gestrafft.",
    "Konfidenzwerte in der Vorlage aktualisiert.",
]
CANCEL_NOTES = [
    "Abgesagt: Überschneidung mit der Inventur.",
    "Abgesagt: Coach krank, keine Vertretung.",
    "Abgesagt: Team im Release-Freeze.",
]
PAUSED_CANCEL_NOTE = "Abgesagt: Das Team hat den Rollout pausiert."
NO_DATE_NOTE = "Termin wird mit dem Team abgestimmt."
EVENT_NOTES = {
    "priorities": "Das Führungsteam legt die Prioritäten für {name} fest.",
    "training": "OKR-Grundlagen für Teams, die in diesem Zyklus starten.",
    "alignment": "Alignment-Tag: alle Abhängigkeiten an einer Wand.",
    "coach_exchange": "Coach-Austausch: Check-ins moderieren.",
    "mid_cycle_review": "Der Lenkungskreis schaut auf die Konfidenz.",
    "review": "Review der Zyklusergebnisse durch die Führung.",
    "retrospective": "Retrospektive von PLO und Coach-Community: was wir im nächsten Zyklus ändern.",
    "unscheduled_training": "Schichtfreundliche OKR-Schulung für Welle 3: Termin wird abgestimmt.",
}
LARGE_DIVISION = "Bereich {area}"
LARGE_TEAM = "{department} · Team {letter}"
