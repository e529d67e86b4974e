"""The Coaches screen's dialog flows: assign (warns over capacity), unassign, switch, edit, new, suggest.

`CoachActions` is the base of `CoachesScreen`, so the screen module keeps to layout and loading; it
declares below what the screen provides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.timer import Timer

from okr_cockpit.i18n import N_, _, format_number, ngettext
from okr_cockpit.services.coaching.coaches import (
    Assigned,
    RosterRow,
    assign_coach,
    coach_row,
    switch_role,
    unassign,
)
from okr_cockpit.services.coaching.suggest import Suggestion, accept_proposals, suggest_assignments
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.dialogs.picker import Choice, PickerDialog
from okr_cockpit.ui.dialogs.suggest_dialog import SuggestDialog
from okr_cockpit.ui.forms.coach import (
    coach_search,
    edit_coach_dialog,
    new_coach_dialog,
    over_capacity_question,
    team_search,
)
from okr_cockpit.ui.screens.base import CockpitScreen
from okr_cockpit.ui.widgets.coach_detail import ROLE_LABELS, AssignmentDetail
from okr_cockpit.ui.widgets.coach_roster import CoachRoster
from okr_cockpit.ui.widgets.coach_uncovered import UncoveredTeams

if TYPE_CHECKING:
    from okr_cockpit.ui.screens.coaches.screen import CoachesData, ViewState


NOW_ROLE = {
    "primary": N_("{coach} is now primary coach of {team}."),
    "backup": N_("{coach} is now backup coach of {team}."),
}


def now_role(coach: str, role: str, team: str) -> str:
    """`Lena Engel is now primary coach of Checkout.` in the user's language."""
    template = NOW_ROLE.get(role, NOW_ROLE["backup"])
    return _(template).format(coach=coach, team=team)


class CoachActions(CockpitScreen):
    """The actions behind the Coaches keys; CoachesScreen adds layout and loading."""

    data: CoachesData | None
    state: ViewState
    working_toast: Timer | None
    working_said: bool

    # -- what is selected ------------------------------------------------------------------
    def selected_team(self) -> tuple[int, str, int | None] | None:
        """(id, name, division if known) of the team the user means: in Uncovered teams, a coach's team
        in the detail, or the detail's team."""
        focused = self.focused
        if isinstance(focused, UncoveredTeams):
            team = focused.current()
            return (team.unit_id, team.name, team.division_id) if team else None
        detail = self.query_one(AssignmentDetail)
        if isinstance(focused, AssignmentDetail) and detail.kind == "coach":
            row = detail.current()
            return (row.unit_id, row.team, None) if row else None
        data = self.data.detail if self.data else None
        if data is not None and data.kind == "team" and not isinstance(focused, CoachRoster):
            return (data.target_id, data.name, None)
        return None

    def selected_assignment(self):
        detail = self.query_one(AssignmentDetail)
        row = detail.current() if self.focused is detail else None
        if row is None:
            self.notify(
                _("Select an assignment in the detail pane first (tab moves there)."), severity="warning"
            )
        return row

    # -- assign ----------------------------------------------------------------------------
    def action_assign(self) -> None:
        if not self.can_write():
            return
        if isinstance(self.focused, CoachRoster):
            coach = self.focused.current()
            if coach is None:
                self.notify(_("Select a coach first."), severity="warning")
                return

            def team_picked(choice: Choice | None) -> None:
                if choice is not None and choice.id is not None:
                    self.assign_checked(coach, choice.id, choice.label)

            self.app.push_screen(
                PickerDialog(_("Assign {name} to a team").format(name=coach.name), team_search), team_picked
            )
            return
        team = self.selected_team()
        if team is None:
            self.notify(_("Select a team (Uncovered teams) or a coach (roster) first."), severity="warning")
            return
        unit_id, team_name, division_id = team
        seen: dict[int, RosterRow] = {}

        def coach_picked(choice: Choice | None) -> None:
            if choice is not None and choice.id in seen:
                self.assign_checked(seen[choice.id], unit_id, team_name)

        search = coach_search(self.app.today(), seen, division_id)
        self.app.push_screen(
            PickerDialog(_("Coach for {team} (load shown)").format(team=team_name), search), coach_picked
        )

    def assign_checked(self, coach: RosterRow, unit_id: int, team_name: str) -> None:
        """Warn before going over capacity; the service checks again when it writes."""
        if coach.load < coach.capacity:
            self.run_assign(coach, unit_id, team_name, over=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_assign(coach, unit_id, team_name, over=True)

        question = over_capacity_question(coach, team_name)
        self.app.push_screen(ConfirmDialog(question, yes=_("Assign anyway"), no=_("Cancel")), answered)

    def run_assign(self, coach: RosterRow, unit_id: int, team_name: str, *, over: bool) -> None:
        today = self.app.today()

        def done(result: Assigned) -> None:
            message = now_role(coach.name, result.role, team_name)
            if result.demoted:
                message += _(" {name} (not active) became backup.").format(name=result.demoted)
            self.notify(message)

        self.write(
            lambda session: assign_coach(
                session=session,
                coach_id=coach.coach_id,
                unit_id=unit_id,
                role=None,
                today=today,
                allow_over_capacity=over,
            ),
            done=done,
        )

    # -- unassign, switch ------------------------------------------------------------------
    def action_unassign(self) -> None:
        if not self.can_write():
            return
        detail = self.query_one(AssignmentDetail)
        marked = [detail.rows_by_id[int(key)] for key in detail.marked()]
        if marked:
            self.unassign_marked(detail, marked)
            return
        row = self.selected_assignment()
        if row is None:
            return
        self.delete_record(
            label=_("{coach} on {team}").format(coach=row.coach, team=row.team),
            delete=lambda session, version: unassign(
                session=session, assignment_id=row.assignment_id, expected_version=version
            ),
            version=row.version,
            question=_("Unassign {coach} ({role}) from {team}?").format(
                coach=row.coach,
                role=_(ROLE_LABELS[row.role]) if row.role in ROLE_LABELS else row.role,
                team=row.team,
            ),
            yes=_("Unassign"),
            done=lambda _result: self.notify(
                _("{coach} no longer coaches {team}.").format(coach=row.coach, team=row.team)
            ),
        )

    def unassign_marked(self, detail: AssignmentDetail, rows: list) -> None:
        count = len(rows)

        def apply(session) -> int:
            for row in rows:  # each with the version the user saw: a changed one refuses them all
                unassign(session=session, assignment_id=row.assignment_id, expected_version=row.version)
            return count

        def done(_count: int) -> None:
            detail.clear_marks()
            done_words = ngettext(
                "Removed {count:,} assignment.", "Removed {count:,} assignments.", count
            )
            self.notify(done_words.format(count=count))

        self.confirm_bulk(
            ngettext(
                "Unassign {count:,} marked assignment?", "Unassign {count:,} marked assignments?", count
            ).format(count=count),
            yes=_("Unassign"),
            apply=apply,
            names=[f"{row.coach} — {row.team}" for row in rows],
            done=done,
        )

    def action_switch_role(self) -> None:
        if not self.can_write():
            return
        row = self.selected_assignment()
        if row is None:
            return
        today = self.app.today()
        new_role = "backup" if row.role == "primary" else "primary"

        def done(swapped: str | None) -> None:
            message = now_role(row.coach, new_role, row.team)
            if swapped:
                message += _(" {name} became backup.").format(name=swapped)
            self.notify(message)

        self.write(
            lambda session: switch_role(
                session=session, assignment_id=row.assignment_id, expected_version=row.version, today=today
            ),
            done=done,
        )

    # -- edit and new coach ----------------------------------------------------------------
    def action_edit(self) -> None:
        if not self.can_write():
            return
        coach_id = None
        if isinstance(self.focused, AssignmentDetail) and (row := self.focused.current()):
            coach_id = row.coach_id
        elif (current := self.query_one(CoachRoster).current()) is not None:
            coach_id = current.coach_id
        if coach_id is None:
            self.notify(_("Select a coach first."), severity="warning")
            return
        self.open_edit(coach_id)

    @work(thread=True, group="coach-edit", exit_on_error=False)
    def open_edit(self, coach_id: int) -> None:
        today = self.app.today()
        # Read the coach fresh, so the form starts from the stored version.
        row = self.app.db.read(lambda session: coach_row(session, coach_id=coach_id, today=today))
        if row is not None:
            self.app.call_from_thread(self.app.push_screen, edit_coach_dialog(row), self.form_closed)

    def form_closed(self, result: Any) -> None:
        if result is not None:
            self.reload()

    def action_new_coach(self) -> None:
        if not self.can_write():
            return

        def created(coach_id: int | None) -> None:
            if coach_id is not None:
                self.notify(_("Coach added."))
                self.reveal("coach", coach_id)

        self.app.push_screen(new_coach_dialog(), created)

    # -- suggest ---------------------------------------------------------------------------
    def action_suggest(self) -> None:
        if self.can_write():
            # Said only when the work takes long enough to notice, and taken back when it is done,
            # so no "working…" toast lingers over the dialog it led to.
            self.working_toast = self.set_timer(0.3, self.say_working)
            self.compute_suggestion(self.state.scope_id)

    def say_working(self) -> None:
        self.working_toast = None
        self.notify(_("Working out a suggestion…"))
        self.working_said = True

    def done_working(self) -> None:
        if self.working_toast is not None:
            self.working_toast.stop()
            self.working_toast = None
        if self.working_said:
            self.working_said = False
            self.app.clear_notifications()

    @work(thread=True, exclusive=True, group="suggest", exit_on_error=False)
    def compute_suggestion(self, scope_id: int | None) -> None:
        today = self.app.today()
        suggestion = self.app.db.read(
            lambda session: suggest_assignments(session, today=today, scope_id=scope_id)
        )
        self.app.call_from_thread(self.offer_suggestion, suggestion)

    def offer_suggestion(self, suggestion: Suggestion) -> None:
        self.done_working()
        scope = self.data.scope_name if self.data and self.data.scope_name else ""
        if not suggestion.uncovered:
            self.notify(_("Every team that needs a coach has a primary coach."))
            return
        if not suggestion.proposals:
            self.notify(_("No active coach has a free place: nothing to suggest."), severity="warning")
            return
        today = self.app.today()

        def accepted(proposals) -> None:
            if not proposals:
                return
            self.write(
                lambda session: accept_proposals(session=session, proposals=proposals, today=today),
                done=lambda count: self.notify(
                    ngettext(
                        "Assigned {count} primary coach.", "Assigned {count} primary coaches.", count
                    ).format(count=format_number(count))
                ),
            )

        self.app.push_screen(SuggestDialog(suggestion, scope=scope), accepted)
