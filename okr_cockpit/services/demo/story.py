"""The words of the demo rollout story: Northwind Group's organisation, people, waves and stakeholders.

Kept apart from the generator in `demo.py` so the story can be read (and improved) as text. This is the
English story; `story_de.py` tells the same one in German (same lists, same lengths, so the same random
choices), and `stories.story_for(language)` picks one when the demo is generated.
"""

COMPANY = "Northwind Group"
EMAIL_DOMAIN = "northwind.example"

# division -> department -> teams. The small demo uses exactly this tree (60 teams).
ORGANISATION: dict[str, dict[str, list[str]]] = {
    "Digital & IT": {
        "Platform Engineering": [
            "Cloud Platform",
            "Developer Experience",
            "Identity & Access",
            "Data Platform",
        ],
        "Digital Products": ["Mobile App", "Web Shop", "Customer Accounts", "Search & Discovery", "Payments"],
        "IT Operations": ["Service Desk", "Workplace IT", "Network & Security"],
    },
    "Retail": {
        "E-Commerce": ["Checkout", "Pricing", "Marketplace Partners"],
        "Stores": ["Store Operations North", "Store Operations South", "Visual Merchandising"],
        "Customer Service": ["Contact Centre", "Returns", "Loyalty Programme"],
        "Marketing": ["Brand", "Performance Marketing", "CRM Campaigns"],
    },
    "Logistics": {
        "Warehousing": ["Inbound", "Picking & Packing", "Warehouse Automation"],
        "Transport": ["Linehaul", "Last Mile", "Fleet Planning", "Customs"],
        "Supply Chain Planning": ["Demand Forecasting", "Replenishment", "Supplier Management"],
    },
    "Manufacturing": {
        "Production": ["Assembly Line A", "Assembly Line B", "Assembly Line C", "Maintenance"],
        "Quality": ["Quality Assurance", "Lab & Testing"],
        "Engineering": ["Product Engineering", "Process Engineering", "Tooling"],
        "Procurement": ["Strategic Sourcing", "Purchasing Operations", "Supplier Quality"],
    },
    "Finance & Controlling": {
        "Accounting": ["General Ledger", "Accounts Payable", "Accounts Receivable"],
        "Controlling": ["Business Controlling", "Group Reporting", "Treasury", "Tax"],
    },
    "People & Culture": {
        "HR Services": ["Payroll", "Recruiting", "HR Systems"],
        "Learning & Development": ["Leadership Academy", "Onboarding"],
        "Workplace": ["Facilities", "Works Council Office"],
    },
}

# Which wave each division (or a single department) joins; later entries win.
WAVE_OF_DIVISION = {
    "Digital & IT": 0,
    "Retail": 1,
    "Logistics": 1,
    "Manufacturing": 2,
    "Finance & Controlling": 2,
    "People & Culture": None,
}
WAVE_OF_DEPARTMENT = {"E-Commerce": 0}
# Teams kept out of the rollout on purpose (legal or practical reasons), with the note saying why.
EXEMPT_TEAMS = {
    "Works Council Office": "Exempt: the works council sets its own goals.",
    "Treasury": "Exempt until the bank migration is done.",
}
# Live teams that paused, with the reason.
PAUSED_TEAMS = {
    "Network & Security": "Paused during the data-centre move; restart next cycle.",
    "Marketplace Partners": "Paused: team lead on parental leave, no deputy yet.",
}

WAVES = [
    {
        "name": "Wave 1 – Pilot",
        "objective": "Prove the OKR cycle in Digital & IT and E-Commerce and build the first coach cohort.",
        "entry_criteria": "Sponsor mandate signed; coaches certified; leaders agreed to take part.",
        "exit_criteria": "Two cycles run; every team held its review and retrospective; playbook v1 out.",
    },
    {
        "name": "Wave 2",
        "objective": "Roll out to Retail and Logistics with pilot teams first, then every team.",
        "entry_criteria": "Wave 1 exit criteria met; 80% of teams have a coach; works council informed.",
        "exit_criteria": "All teams drafting their own OKRs; check-ins held at least every two weeks.",
    },
    {
        "name": "Wave 3",
        "objective": "Bring Manufacturing and Finance into the cycle, adapted for shift work.",
        "entry_criteria": "Works council agrees to shift-friendly check-ins; second coach cohort certified.",
        "exit_criteria": "Company-wide alignment in one cycle; leadership reporting from the cockpit.",
    },
]

# Each wave's readiness criteria: (kind, threshold, text, met, note). Wave 2 is ready, Wave 3 is not.
WAVE_CRITERIA = [
    [
        ("manual", None, "Sponsor mandate signed", True, "Signed by the CEO in the kick-off."),
        ("coaches_certified", None, "", False, ""),
    ],
    [
        ("coach_coverage", 75, "", False, ""),
        ("unit_leads", None, "", False, ""),
        ("sponsor", None, "", False, ""),
        ("manual", None, "Works council informed", True, "Presented in the October meeting."),
    ],
    [
        ("coach_coverage", 80, "", False, ""),
        ("coaches_certified", None, "", False, ""),
        ("sponsor", None, "", False, ""),
        ("manual", None, "Works council agrees to shift-friendly check-ins", False, "Meeting in January."),
    ],
]
WAVE_RATIONALES = [
    "Sponsor mandate signed; the first coach cohort is certified.",
    "Entry criteria met; agreed in the steering committee.",
    "",
]

# Word lists stay as split strings: one name per line would make the story unreadable.
FIRST_NAMES = (  # noqa: SIM905
    "Anna Ben Clara David Emma Felix Greta Hugo Ida Jonas Katja Lars Mia Nils Olivia Paul Rosa Samir Tara "
    "Umut Vera Wim Xenia Yusuf Zoe Amelie Bruno Chiara Dario Elif Finn Hanna Ivan Jana Kofi Lena Malik Nora "
    "Oskar Priya Quentin Ruth Sven Tomás Ulla Viktor Wanda Yara Arjun Birgit Carlos Dana Erik Fatima Georg "
    "Helena Ines Jakob Karin Leon Maja Noah Petra Rafael Sofia Theo Uma Valentin"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Berger Okafor Jensen Lindqvist Schmidt Novak Rossi Müller Kowalski Haddad Nguyen Andersen Fischer Costa "
    "Weber Yilmaz Larsen Moreau Becker Dubois Hoffmann Silva Kaya Bauer Petrov Meyer Santos Wagner Ahmed "
    "Keller Vogel Lang Brandt Engel Frank Graf Hahn Jung Kraus Lorenz Marx Neumann Otto Peters Roth "
    "Sauer Thiel Winter"
).split()

# The Program Lead Office: name, title, os user (used in the audit history).
PLO_MEMBERS = [
    ("Anna Berger", "Head of OKR Program Lead Office", "anna"),
    ("Ben Okafor", "OKR Program Manager", "ben"),
    ("Clara Jensen", "OKR Enablement Lead", "clara"),
    ("David Lindqvist", "PLO Analyst", "david"),
]
SPONSOR = ("Helena Marx", "Chief Executive Officer")
COO = ("Georg Winter", "Chief Operating Officer")

# Named stakeholders beyond the division leaders: name, role, internal, group, influence, interest,
# attitude, desired attitude. Division leaders are added from the tree.
STAKEHOLDERS = [
    ("Works Council", "Employee representation", True, True, 4, 5, "neutral", "supporter"),
    ("Ruth Keller", "Chief HR Officer", True, False, 4, 4, "supporter", "champion"),
    ("Ivan Petrov", "Chief Information Officer", True, False, 4, 3, "supporter", "champion"),
    ("Fatima Ahmed", "Chief Financial Officer", True, False, 5, 2, "sceptic", "supporter"),
    ("Malik Haddad", "HR Business Partner", True, False, 2, 4, "champion", "champion"),
    ("Sven Larsen", "IT Security Officer", True, False, 3, 2, "neutral", "neutral"),
    ("Petra Vogel", "Head of Internal Communications", True, False, 3, 4, "supporter", "champion"),
    ("Quentin Dubois", "Head of Strategy Office", True, False, 4, 5, "champion", "champion"),
    ("Karin Hahn", "Data Protection Officer", True, False, 3, 3, "sceptic", "neutral"),
    ("Brightpath Consulting", "External OKR consultancy", False, True, 2, 4, "supporter", "supporter"),
    ("Tomás Costa", "Brightpath engagement lead", False, False, 2, 4, "champion", "champion"),
    ("Team Leads Network", "Informal network of team leads", True, True, 3, 5, "neutral", "supporter"),
    ("Leon Brandt", "Head of Production Planning", True, False, 3, 2, "blocker", "neutral"),
    ("Yara Silva", "Head of Stores", True, False, 3, 3, "sceptic", "supporter"),
    ("Erik Thiel", "Head of Customer Service", True, False, 3, 4, "neutral", "supporter"),
    ("Dana Roth", "Head of Controlling", True, False, 3, 2, "sceptic", "neutral"),
    ("Young Professionals Circle", "Employee network", True, True, 1, 5, "champion", "champion"),
    ("Valentin Graf", "Supervisory board liaison", True, False, 5, 1, "neutral", "supporter"),
    ("Nora Becker", "Head of Learning & Development", True, False, 2, 5, "champion", "champion"),
    ("Jakob Sauer", "Shop steward, Manufacturing", True, False, 3, 4, "sceptic", "neutral"),
    ("Uma Kaya", "Head of Warehousing", True, False, 3, 3, "supporter", "supporter"),
]

CHANNEL_WEIGHTS = {"meeting": 5, "email": 4, "workshop": 2, "steering": 1, "chat": 3, "other": 1}

# Summaries by mood: what a PLO member would note after talking to someone.
SUMMARIES = {
    "positive": [
        "Agreed to open the next all-hands with the rollout status",
        "Offered two leaders as role models for the next drafting session",
        "Happy with the pilot results; wants the review format for the whole division",
        "Supports a second coach cohort; budget request to follow",
        "Liked the playbook draft; asked for a one-page version for leaders",
        "Will mention OKRs in the quarterly town hall",
        "Confirmed sponsorship of the alignment day",
    ],
    "neutral": [
        "Walked through the rollout plan and the wave dates",
        "Asked how OKRs relate to the annual targets and bonuses",
        "Discussed coach capacity for the next wave",
        "Shared the check-in calendar for the coming cycle",
        "Clarified who owns the OKRs in shared teams",
        "Reviewed the stakeholder map together",
        "Explained the difference between OKRs and the KPI dashboard",
    ],
    "negative": [
        "Worried about meeting load from check-ins during peak season",
        "Sees OKRs as yet another reporting layer; wants proof of value",
        "Concerned that OKR data could be used for performance reviews",
        "Objected to the wave timing because of the ERP cut-over",
        "Asked for the works council to see the playbook before the next wave",
        "Teams report drafting sessions run over time",
    ],
}
FOLLOW_UPS = [
    "Send the one-page playbook summary",
    "Share pilot retrospective results",
    "Set up a meeting with the division's leadership team",
    "Clarify data protection questions in writing",
    "Propose shift-friendly check-in slots",
    "Invite to the next alignment day",
    "Send coach capacity plan for the next wave",
    "Answer the question on OKRs and bonuses in writing",
    "Draft the works council information letter",
    "Book a slot in the steering committee",
]

# Activity -> letters for (plo, coaches, sponsor, leaders, teams); exactly one A each.
RACI = [
    ("Rollout plan", "A C C I I"),
    ("Coach assignment", "A C I I I"),
    ("Enablement & training", "A R I I I"),
    ("OKR playbook", "A C I C I"),
    ("Leadership priorities", "C I R A I"),
    ("OKR drafting", "A R I C R"),
    ("Alignment", "A R I R C"),
    ("Check-ins", "A R I C R"),
    ("Review", "A R I R R"),
    ("Retrospective", "A R I C R"),
    ("Stakeholder management", "A I R C I"),
    ("Leadership reporting", "A C I I I"),
]

# (source, cycle offset from the active cycle, lesson, change, rationale, status)
LEARNINGS = [
    (
        "retrospective",
        -1,
        "Check-ins longer than 30 minutes lose the team's attention.",
        "Time-box check-ins to 20 minutes with a fixed three-question agenda.",
        "Pilot teams with short check-ins kept the rhythm; the others skipped them.",
        "in_effect",
    ),
    (
        "coach_exchange",
        -1,
        "Coaches with more than four teams cannot prepare every event.",
        "Cap coach capacity at four teams and recruit a second cohort.",
        "Three coaches were over capacity in the pilot and events were cancelled.",
        "accepted",
    ),
    (
        "health_check",
        0,
        "Teams confuse OKRs with the KPI dashboard.",
        "Add a 'KPIs are not OKRs' page to the playbook and the training.",
        "Half the draft key results were business-as-usual metrics.",
        "accepted",
    ),
    (
        "retrospective",
        0,
        "Leaders who draft their own OKRs first make team drafting faster.",
        "Leadership priorities and leader drafting happen two weeks before the cycle starts.",
        "Teams waited for direction in the pilot; the alignment day slipped.",
        "proposed",
    ),
    (
        "coach_exchange",
        -1,
        "A shared OKR tool was requested before the process had settled.",
        "Introduce an OKR software tool in Wave 2.",
        "Dropped: the spreadsheet template is enough until the process is stable.",
        "dropped",
    ),
    (
        "health_check",
        0,
        "Shift teams cannot attend mid-week check-ins.",
        "Offer check-ins at shift handover for Manufacturing and Logistics.",
        "Needed before Wave 3; agreed with the works council in principle.",
        "proposed",
    ),
]

# Words to grow the large demo beyond the hand-written tree.
LARGE_AREAS = (  # noqa: SIM905
    "Analytics Billing Catalogue Compliance Content Contracts Delivery Distribution Energy Field "
    "Infrastructure Insights Integration Inventory Marketing Onboarding Operations Partners Payments "
    "Procurement Product Quality Regional Risk Sales Security Service Sourcing Support Sustainability"
).split()
LARGE_REGIONS = [
    "North",
    "South",
    "East",
    "West",
    "Central",
    "Nordic",
    "Iberia",
    "Benelux",
    "Alpine",
    "Baltic",
]

# Titles and notes the builders write (kept here so a story in another language can replace them).
DIVISION_LEAD_TITLE = "Managing Director {name}"
DEPARTMENT_LEAD_TITLE = "Head of {name}"
TEAM_LEAD_TITLE = "Team Lead"
COACH_TITLES = ["Agile Coach", "OKR Coach", "Product Owner", "Scrum Master"]
SPONSOR_ROLE = "Executive sponsor"
EXEMPT_NOTE = "Exempt: the team is being restructured."
PAUSED_NOTE = "Paused at the team lead's request; restart next cycle."
PILOT_NOTE = "Pilot team for the new check-in format."
DONE_NOTES = [
    "",
    "",
    "",
    "Good energy; two key results reworded.",
    "Leaders joined as role models.",
    "Ran over time; agenda to be tightened.",
    "Confidence levels updated in the template.",
]
CANCEL_NOTES = [
    "Cancelled: clashed with the inventory count.",
    "Cancelled: coach ill, no backup.",
    "Cancelled: team in a release freeze.",
]
PAUSED_CANCEL_NOTE = "Cancelled: the team has paused the rollout."
NO_DATE_NOTE = "Date to be agreed with the team."
EVENT_NOTES = {
    "priorities": "Leadership team sets the priorities for {name}.",
    "training": "OKR basics for teams joining this cycle.",
    "alignment": "Alignment day: dependencies on one wall.",
    "coach_exchange": "Coach exchange: moderating check-ins.",
    "mid_cycle_review": "Steering committee looks at confidence.",
    "review": "Leadership review of the cycle's results.",
    "retrospective": "PLO and coach community retrospective: what to change next cycle.",
    "unscheduled_training": "Shift-friendly OKR training for Wave 3: date to be agreed.",
}
LARGE_DIVISION = "{area} Division"
LARGE_TEAM = "{department} · Team {letter}"
