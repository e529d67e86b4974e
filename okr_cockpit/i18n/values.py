"""The words for the values the database stores (states, kinds, roles, attitudes, statuses), in the
user's language: one table for the screens, the report and the exports meant for people."""

from okr_cockpit.i18n import N_, _

VALUE_WORDS = {
    # rollout states
    "not_started": N_("not started"),
    "preparing": N_("preparing"),
    "pilot": N_("pilot"),
    "live": N_("live"),
    "paused": N_("paused"),
    # stakeholder attitudes
    "champion": N_("champion"),
    "supporter": N_("supporter"),
    "neutral": N_("neutral"),
    "sceptic": N_("sceptic"),
    "blocker": N_("blocker"),
    # coach statuses, assignment roles
    "active": N_("active"),
    "on_leave": N_("on leave"),
    "alumni": N_("alumni"),
    "primary": N_("primary"),
    "backup": N_("backup"),
    # unit kinds
    "company": N_("company"),
    "division": N_("division"),
    "department": N_("department"),
    "team": N_("team"),
    # cycles, events and their states
    "planned": N_("planned"),
    "closed": N_("closed"),
    "done": N_("done"),
    "upcoming": N_("upcoming"),
    "overdue": N_("overdue"),
    "unscheduled": N_("unscheduled"),
    "cancelled": N_("cancelled"),
    "priorities": N_("leadership priorities"),
    "drafting": N_("drafting"),
    "alignment": N_("alignment"),
    "check_in": N_("check-in"),
    "mid_cycle_review": N_("mid-cycle review"),
    "review": N_("review"),
    "retrospective": N_("retrospective"),
    "training": N_("training"),
    # wave decisions
    "pending": N_("pending"),
    "go": N_("go"),
    "no_go": N_("no-go"),
    "postponed": N_("postponed"),
    # interaction channels
    "meeting": N_("meeting"),
    "email": N_("email"),
    "workshop": N_("workshop"),
    "steering": N_("steering"),
    "chat": N_("chat"),
    "other": N_("other"),
    # learnings
    "coach_exchange": N_("coach exchange"),
    "health_check": N_("health check"),
    "proposed": N_("proposed"),
    "accepted": N_("accepted"),
    "in_effect": N_("in effect"),
    "dropped": N_("dropped"),
}


def value_word(value: str) -> str:
    """`not_started` → `not started` (German: `nicht gestartet`); an unknown value with its _ as spaces."""
    return _(VALUE_WORDS[value]) if value in VALUE_WORDS else value.replace("_", " ")


KIND_SHORT = {  # event kinds for narrow columns, at most 10 characters in every language
    "priorities": N_("priorities"),
    "drafting": N_("drafting"),
    "alignment": N_("alignment"),
    "check_in": N_("check-in"),
    "mid_cycle_review": N_("mid-review"),
    "review": N_("review"),
    "retrospective": N_("retro"),
    "training": N_("training"),
}


def kind_short(kind: str) -> str:
    """An event kind's short name for the narrow columns (`retro`), in the user's language."""
    return _(KIND_SHORT[kind]) if kind in KIND_SHORT else kind
