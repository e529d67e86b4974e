"""The record actions of the Stakeholders screen: the keys that open a form, a confirmation or a view.

`StakeholderActions` is the base of `StakeholdersScreen`; it declares below what the screen provides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from okr_cockpit.i18n import _
from okr_cockpit.services.stakeholders.interactions import complete_follow_up, most_urgent_follow_up
from okr_cockpit.services.stakeholders.log import StakeholderRow, set_archived, stakeholder_record
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.dialogs.overdue_follow_ups import OverdueDialog
from okr_cockpit.ui.dialogs.stakeholder_grid import StakeholderGridDialog
from okr_cockpit.ui.forms.interaction import add_interaction_dialog, edit_interaction_dialog
from okr_cockpit.ui.forms.stakeholder import edit_stakeholder_dialog, new_stakeholder_dialog
from okr_cockpit.ui.screens.base import CockpitScreen

if TYPE_CHECKING:
    from okr_cockpit.ui.widgets.stakeholder_log import InteractionLog
    from okr_cockpit.ui.widgets.stakeholder_table import StakeholderRegister


class StakeholderActions(CockpitScreen):
    """The actions behind the Stakeholders keys; StakeholdersScreen adds layout and loading."""

    select_interaction: int | None  # where the log cursor goes after a save

    @property
    def register(self) -> StakeholderRegister:
        raise NotImplementedError

    @property
    def log_table(self) -> InteractionLog:
        raise NotImplementedError

    def load_log(self, stakeholder_id: int) -> None:
        """Read the stakeholder's log again, around `select_interaction` if set."""
        raise NotImplementedError

    def current_stakeholder(self) -> StakeholderRow | None:
        row = self.register.current()
        if row is None:
            self.notify(_("No stakeholder selected."), severity="warning")
        return row

    def saved(self, result) -> None:
        if result is not None:
            self.reload()

    def action_add_interaction(self) -> None:
        row = self.current_stakeholder()
        if row is not None and self.can_write():
            dialog = add_interaction_dialog(row.id, row.name, today=self.app.today())
            self.app.push_screen(dialog, self.interaction_saved)

    def interaction_saved(self, interaction_id: int | None) -> None:
        if interaction_id is not None:
            self.select_interaction = interaction_id
            self.log_table.focus()
            self.reload()

    def action_edit(self) -> None:
        if self.log_table.has_focus:
            interaction = self.log_table.current()
            row = self.register.current()
            if interaction is not None and row is not None and self.can_write():
                dialog = edit_interaction_dialog(interaction, row.name, today=self.app.today())
                self.app.push_screen(dialog, self.interaction_saved)
            return
        row = self.current_stakeholder()
        if row is not None and self.can_write():
            self.open_stakeholder_form(row.id)

    @work(thread=True, exit_on_error=False)
    def open_stakeholder_form(self, stakeholder_id: int) -> None:
        record = self.app.db.read(lambda s: stakeholder_record(s, stakeholder_id))
        if record is None:
            self.app.call_from_thread(
                self.notify, _("That stakeholder no longer exists."), severity="warning"
            )
            return
        self.app.call_from_thread(self.app.push_screen, edit_stakeholder_dialog(record), self.saved)

    def action_new_stakeholder(self) -> None:
        if self.can_write():
            self.app.push_screen(new_stakeholder_dialog(), self.stakeholder_created)

    def stakeholder_created(self, stakeholder_id: int | None) -> None:
        if stakeholder_id is not None:
            self.reveal("stakeholder", stakeholder_id)

    def action_follow_up_done(self) -> None:
        if not self.can_write():
            return
        if not self.log_table.has_focus:
            self.find_open_follow_up()
            return
        interaction = self.log_table.current()
        if interaction is None or interaction.follow_up_state(self.app.today()) in ("none", "done"):
            self.notify(_("This interaction has no open follow-up."), severity="warning")
            return
        today = self.app.today()
        self.write(
            lambda s: complete_follow_up(
                s, interaction.id, today=today, expected_version=interaction.version
            ),
            done=lambda _result: self.notify(_("Follow-up marked done.")),
        )

    def find_open_follow_up(self) -> None:
        """From the register, `x` goes to the stakeholder's most urgent open follow-up first (read in
        SQL: it may be far down a long log)."""
        row = self.current_stakeholder()
        if row is None:
            return
        stakeholder_id, today = row.id, self.app.today()
        self.load_latest(
            "follow-up",
            lambda s: (stakeholder_id, most_urgent_follow_up(s, stakeholder_id=stakeholder_id, today=today)),
            self.show_open_follow_up,
        )

    def show_open_follow_up(self, found: tuple[int, int | None]) -> None:
        stakeholder_id, interaction_id = found
        row = self.register.current()
        if row is None or row.id != stakeholder_id:
            return  # the user moved on to another stakeholder meanwhile
        if interaction_id is None:
            self.notify(_("No open follow-ups for this stakeholder."), severity="warning")
            return
        self.log_table.focus()
        if not self.log_table.select_key(interaction_id):
            self.select_interaction = interaction_id  # outside the log's window: read around it
            self.load_log(stakeholder_id)
        self.notify(_("Press x again to mark this follow-up done."))

    def action_archive(self) -> None:
        row = self.current_stakeholder()
        if row is None or not self.can_write():
            return
        if row.archived:
            question, yes = _("Restore {name} to the register?").format(name=row.name), _("Restore")
        else:
            question = _(
                "Archive {name}? Hidden from the register (A shows archived); nothing is deleted."
            ).format(name=row.name)
            yes = _("Archive")

        def confirmed(answer: bool | None) -> None:
            if answer:
                self.write(
                    lambda s: set_archived(
                        s, row.id, archived=not row.archived, expected_version=row.version
                    ),
                    done=lambda _result: self.notify(
                        (_("Restored {name}.") if row.archived else _("Archived {name}.")).format(
                            name=row.name
                        )
                    ),
                )

        self.app.push_screen(ConfirmDialog(question, yes=yes), confirmed)

    def action_overdue(self) -> None:
        self.app.push_screen(OverdueDialog(), self.go_to_or_reload)

    def action_grid(self) -> None:
        self.app.push_screen(StakeholderGridDialog(), self.go_to_or_reload)

    def go_to_or_reload(self, stakeholder_id: int | None) -> None:
        if stakeholder_id is None:
            self.reload()  # follow-ups may have been marked done in the dialog
        else:
            self.reveal("stakeholder", stakeholder_id)
            self.register.focus()
