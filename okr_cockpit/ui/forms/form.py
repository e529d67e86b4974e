"""A modal form built from field specs; saves through a service in a thread worker.

Validation errors appear under the field they name, which is scrolled into view and focused;
every other error and notice is shown at the top, and the key hint at the bottom, so neither is
ever scrolled away or cut off however small the terminal. A stale edit opens the ConflictDialog.
Field names match the table's column names so a conflict can say which fields changed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy.orm import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static, TextArea

from okr_cockpit.db.engine import LockWait
from okr_cockpit.errors import CockpitError, ConflictError, MergedChangeError, ValidationError
from okr_cockpit.i18n import N_, _, format_day
from okr_cockpit.services.audit import Change, Names, describe_value, last_change_of
from okr_cockpit.services.labels import value_names
from okr_cockpit.services.records import same_value
from okr_cockpit.services.undo import revert_step
from okr_cockpit.services.validation import date_from_text
from okr_cockpit.ui.dialogs.confirm import ConfirmDialog
from okr_cockpit.ui.dialogs.conflict import (
    DISCARD,
    OVERWRITE,
    RELOAD,
    RESTORE,
    ConflictDialog,
    describe_changes,
)
from okr_cockpit.ui.dialogs.picker import Choice, ChoiceSearch, PickerDialog
from okr_cockpit.ui.failures import ReportsFailures
from okr_cockpit.ui.messages import DatabaseChanged
from okr_cockpit.ui.widgets.checkbox import MarkedCheckbox


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: str = "text"  # text | multiline | int | date | select | bool | pick
    options: tuple[tuple[str, str], ...] = ()  # select: (label, value)
    search: ChoiceSearch | None = None  # pick: how to find choices
    none_label: str | None = None  # pick: offer "no one"/"none" under this label
    placeholder: str = ""


# save(session, values) -> result; values hold every field, "version" (None = overwrite) and "original":
# the fields' values when the form was opened, so that an edit writes only what this user changed
# (pass it on as `original=` to the service; see records.update_row).
SaveFunction = Callable[[Session, dict[str, Any]], Any]

# How long a save waits for another user's write lock before it gives up (the user can stop sooner).
LOCK_WAIT_SECONDS = 60.0
HINT = N_("ctrl+s save · esc cancel · enter on a field saves")  # marked; shown as _(HINT)
WAITING = N_("Waiting for another user's save… yours follows by itself when it is done.")
WAITING_HINT = N_("esc stops waiting (the form stays open)")


def field_text(field: FormField, value: Any) -> str:
    """What a text field shows for a value: a date in the user's format (`04.05.2026` in German; the
    services read both that and ISO), anything else as text."""
    if value is None:
        return ""
    if field.kind == "date":
        day = value if isinstance(value, date) else date_from_text(str(value))
        return format_day(day) if day is not None else str(value)
    return str(value)


class FormDialog(ReportsFailures, ModalScreen[Any]):
    """Dismisses with the save function's result, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="form.save"),
        Binding("escape", "cancel", N_("Cancel"), id="form.cancel"),
    ]
    # The messages are docked above and the hint below the fields, which scroll in what is left.
    DEFAULT_CSS = """
    FormDialog { align: center middle; }
    FormDialog > Vertical { width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1; }
    FormDialog #form-top { dock: top; height: auto; }
    FormDialog #form-body { height: auto; max-height: 1fr; }
    FormDialog #form-hint { dock: bottom; }
    FormDialog #form-error, FormDialog #form-notice { display: none; }
    FormDialog #form-error.shown, FormDialog #form-notice.shown { display: block; }
    FormDialog .label { margin-top: 1; color: $text-muted; }
    FormDialog Checkbox { margin-top: 1; }
    FormDialog .error { color: $error; display: none; }
    FormDialog .error.shown { display: block; }
    FormDialog TextArea { height: 4; }
    FormDialog .pick { width: 100%; content-align: left middle; }
    FormDialog #form-error { color: $error; }
    FormDialog #form-hint { color: $text-muted; }
    FormDialog #form-notice { color: $warning; text-style: bold; }
    """

    def __init__(
        self,
        title: str,
        fields: list[FormField],
        save: SaveFunction,
        *,
        values: dict[str, Any] | None = None,
        pick_labels: dict[str, str] | None = None,
        intro: str = "",
        record: tuple[str, int] | None = None,
    ) -> None:
        super().__init__()
        # (entity, id) of the record being edited: the form then says when someone else changes it.
        self.record = record
        self.seen_change_id: int | None = None
        self.title_text = title
        self.fields = fields
        self.save = save
        self.values: dict[str, Any] = dict(values or {})
        self.opened = {field.name: self.values.get(field.name) for field in fields}
        self.pick_labels = dict(pick_labels or {})
        self.intro = intro
        self.lock_wait: LockWait | None = None  # while a save runs

    def compose(self) -> ComposeResult:
        box = Vertical()
        box.border_title = self.title_text
        with box:
            with Vertical(id="form-top"):
                if self.intro:
                    yield Static(self.intro, markup=False)
                yield Static("", id="form-error", markup=False)
                yield Static("", id="form-notice", markup=False)
            with VerticalScroll(id="form-body"):
                for field in self.fields:
                    if field.kind != "bool":  # a checkbox carries its own label
                        yield Static(_(field.label), classes="label")
                    yield self.make_input(field)
                    yield Static("", id=f"error-{field.name}", classes="error", markup=False)
            yield Static(_(HINT), id="form-hint")

    def make_input(self, field: FormField):
        value = self.values.get(field.name)
        wid = f"field-{field.name}"
        if field.kind == "multiline":
            return TextArea(str(value or ""), id=wid)
        if field.kind == "select":
            options = [(_(label), val) for label, val in field.options]
            initial = value if any(v == value for _, v in options) else options[0][1]
            return Select(options, value=initial, allow_blank=False, id=wid)
        if field.kind == "bool":
            return MarkedCheckbox(_(field.label), bool(value), id=wid)
        if field.kind == "pick":
            label = self.pick_labels.get(field.name) or _(field.none_label or "(none)")
            return Button(_("{label}  ⏎ change").format(label=label), id=wid, classes="pick")
        text = field_text(field, value)
        return Input(
            text,
            placeholder=_(field.placeholder) if field.placeholder else self.placeholder_for(field),
            id=wid,
        )

    @staticmethod
    def placeholder_for(field: FormField) -> str:
        return {"date": _("YYYY-MM-DD"), "int": _("a whole number")}.get(field.kind, "")

    def on_mount(self) -> None:
        if self.app.db.read_only:
            # Whoever opened the form, a read-only cockpit explains instead of failing at save.
            self.app.notify(self.app.read_only_message, severity="warning")
            self.dismiss(None)
            return
        first = self.query(f"#field-{self.fields[0].name}").first() if self.fields else None
        if first is not None:
            first.focus()
        self.shown_at_start = self.collect()  # what escape compares with before it discards
        if self.record is not None:
            self.watch_record(first_look=True)

    def on_database_changed(self, _message: DatabaseChanged) -> None:
        if self.record is not None:
            self.watch_record(first_look=False)

    @work(thread=True, exclusive=True, group="form-watch", exit_on_error=False)
    def watch_record(self, *, first_look: bool) -> None:
        """Say (never touching the fields) when someone else changes the record while it is edited."""
        entity, entity_id = self.record  # type: ignore[misc]
        change = self.app.db.read(lambda session: last_change_of(session, entity, entity_id))
        if first_look or change is None:
            self.seen_change_id = change.id if change else 0
        elif change.id != self.seen_change_id and change.id not in self.app.db.own_audit_ids:
            self.app.call_from_thread(self.show_notice, change)

    def show_notice(self, change: Change) -> None:
        when = change.at.astimezone().strftime("%H:%M:%S")
        notice = (
            _(
                "{user} deleted this record at {when} while you were editing; "
                "saving will show what changed and let you choose."
            )
            if change.action == "delete"
            else _(
                "{user} changed this record at {when} while you were editing; "
                "saving will show what changed and let you choose."
            )
        )
        self.set_top("#form-notice", notice.format(user=change.user, when=when))

    def set_top(self, selector: str, text: str) -> None:
        """Show `text` in one of the lines above the fields (hidden while empty)."""
        line = self.query_one(selector, Static)
        line.update(text)
        line.set_class(bool(text), "shown")

    def collect(self) -> dict[str, Any]:
        """The form's values: text as typed (services parse and validate), picks as ids."""
        values = {**self.values, "original": dict(self.opened)}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            if field.kind == "multiline":
                values[field.name] = widget.text
            elif field.kind != "pick":  # picks already hold the chosen id in self.values
                values[field.name] = widget.value
        return values

    @on(Button.Pressed, ".pick")
    def open_picker(self, event: Button.Pressed) -> None:
        name = (event.button.id or "").removeprefix("field-")
        field = next(f for f in self.fields if f.name == name)
        assert field.search is not None

        def picked(choice: Choice | None) -> None:
            if choice is None:
                return
            self.values[name] = choice.id
            self.pick_labels[name] = choice.label if choice.id is not None else ""
            shown = choice.label if choice.id is not None else _(field.none_label or "(none)")
            event.button.label = _("{label}  ⏎ change").format(label=shown)

        self.app.push_screen(PickerDialog(_(field.label), field.search, allow_none=field.none_label), picked)

    @on(Input.Submitted)
    def submit_from_input(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self.lock_wait is not None:  # one save at a time; the running one may be waiting for the lock
            return
        self.clear_errors()
        self.start_save(self.collect())

    def action_cancel(self) -> None:
        if self.lock_wait is not None:
            # Escape while a save waits stops the wait, not the form: the user keeps what they typed.
            self.lock_wait.cancelled.set()
            return
        if self.changed_since_opened():

            def answered(discard: bool | None) -> None:
                if discard:
                    self.dismiss(None)

            question = _("Discard your changes to this form?")
            self.app.push_screen(ConfirmDialog(question, yes=_("Discard"), no=_("Keep editing")), answered)
            return
        self.dismiss(None)

    def changed_since_opened(self) -> bool:
        shown = getattr(self, "shown_at_start", None)
        if shown is None:
            return False
        now = self.collect()
        return any(not same_value(now.get(f.name), shown.get(f.name)) for f in self.fields)

    def start_save(self, values: dict[str, Any], *, restore: int | None = None) -> None:
        self.lock_wait = LockWait(
            LOCK_WAIT_SECONDS, on_wait=lambda: self.app.call_from_thread(self.show_waiting)
        )
        self.run_save(values, self.lock_wait, restore)

    def show_waiting(self) -> None:
        self.set_top("#form-error", _(WAITING))
        self.query_one("#form-hint", Static).update(_(WAITING_HINT))

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def run_save(self, values: dict[str, Any], lock_wait: LockWait, restore: int | None) -> None:
        db = self.app.db
        outcome: Callable[[], Any] | None = None  # stays None if the save failed unexpectedly
        try:
            outcome = self.write_save(db, values, lock_wait, restore)
        finally:
            # One step on the UI thread, so nobody sees the outcome beside a stale "waiting" line.
            self.app.call_from_thread(self.finish_save, outcome)

    def finish_save(self, outcome: Callable[[], Any] | None) -> None:
        self.lock_wait = None
        self.query_one("#form-hint", Static).update(_(HINT))
        self.set_top("#form-error", "")
        if outcome is not None:
            outcome()

    def write_save(
        self, db, values: dict[str, Any], lock_wait: LockWait, restore: int | None = None
    ) -> Callable[[], Any]:
        """Runs in the save worker; returns what the UI thread does with the outcome. `restore`: the
        audit entry of a deletion to revert in the same transaction first."""
        def save(session: Session) -> Any:
            if restore is not None:  # the record was deleted meanwhile: bring it back, then apply the edit
                revert_step(session, [restore])
            return self.save(session, values)

        try:
            result = db.write(save, lock_wait=lock_wait)
        except MergedChangeError as error:
            entity, entity_id = error.entity, error.entity_id
            change = db.read(lambda session: last_change_of(session, entity, entity_id))
            return partial(self.show_error, self.merged_message(error, change), error.field)
        except ValidationError as error:
            return partial(self.show_error, str(error), error.field)
        except ConflictError as error:
            entity, entity_id = error.entity, error.entity_id
            picked = [(f.name, v.get(f.name)) for f in self.fields if f.kind == "pick"
                      for v in (self.opened, values, error.current or {})]  # fmt: skip
            change, names = db.read(
                lambda session: (last_change_of(session, entity, entity_id), value_names(session, picked))
            )
            return partial(self.show_conflict, error, values, change, names)
        except CockpitError as error:
            return partial(self.show_error, str(error), None)
        return partial(self.dismiss, result)

    def merged_message(self, error: MergedChangeError, change: Change | None) -> str:
        """The refusal, then what someone else saved meanwhile that makes this user's change not fit."""
        fields = {f.name: f for f in self.fields}
        theirs = []
        for name, value in error.theirs.items():
            field = fields.get(name)
            if field is None:
                continue
            if field.kind == "pick":
                theirs.append(_(field.label))  # an id would tell the user nothing
                continue
            shown = next((label for label, option in field.options if option == value), value)
            theirs.append(f"{_(field.label)}: {describe_value(_(shown))}")
        who = change.user if change is not None else _("Someone else")
        what = "; ".join(theirs) or _("this record")
        return _("{error} {who} changed {what} meanwhile; change yours to fit it, or cancel.").format(
            error=error, who=who, what=what
        )

    def clear_errors(self) -> None:
        for error in self.query(".error"):
            error.update("")
            error.remove_class("shown")
        self.set_top("#form-error", "")

    def show_error(self, message: str, field_name: str | None) -> None:
        target = self.query(f"#error-{field_name}").first() if field_name else None
        if target is None:
            self.set_top("#form-error", message)
            return
        target.update(message)
        target.add_class("shown")
        field_widget = self.query_one(f"#field-{field_name}")
        field_widget.focus(scroll_visible=False)
        # After the refresh that lays out the now shown error line: bring field and error into view.
        self.call_after_refresh(self.scroll_to_error, target)

    def scroll_to_error(self, error_line: Static) -> None:
        body = self.query_one("#form-body", VerticalScroll)
        body.scroll_to_widget(error_line, animate=False, top=False)

    def show_conflict(
        self,
        error: ConflictError,
        mine: dict[str, Any],
        change: Change | None = None,
        names: Names | None = None,
    ) -> None:
        labels = {f.name: _(f.label) for f in self.fields}
        description = describe_changes(error, self.opened, labels, change=change, mine=mine, names=names)
        deleted = error.current is None
        deletion = change.id if deleted and change is not None and change.action == "delete" else None

        def chosen(choice: str | None) -> None:
            if choice == OVERWRITE:
                self.start_save({**mine, "version": None})
            elif choice == RESTORE and deletion is not None:
                self.start_save({**mine, "version": None}, restore=deletion)
            elif choice == RELOAD and error.current is not None:
                self.reload_from(error.current, names or {})
            elif choice == DISCARD:
                self.dismiss(None)

        dialog = ConflictDialog(description, deleted=deleted, restorable=deletion is not None)
        self.app.push_screen(dialog, chosen)

    def reload_from(self, current: dict[str, Any], names: Names) -> None:
        """Put the stored values into the form; the user's own edits to other fields are kept."""
        reloaded: list[str] = []
        for field in self.fields:
            if field.name not in current:
                continue
            value = self.opened[field.name] = current[field.name]  # what is stored is the new baseline
            if value == self.values.get(field.name):
                continue
            self.values[field.name] = value
            widget = self.query_one(f"#field-{field.name}")
            if field.kind == "multiline":
                widget.text = str(value or "")
            elif field.kind in ("select", "bool"):
                widget.value = value
            elif field.kind == "pick":
                name = names.get((field.name, value), _("(changed by someone else)"))
                self.pick_labels[field.name] = name if value is not None else ""
                label = name if value is not None else _(field.none_label or "(none)")
                widget.label = _("{label}  ⏎ change").format(label=label)
            else:
                widget.value = field_text(field, value)
            reloaded.append(field.name)
        shown = getattr(self, "shown_at_start", None)
        if shown is not None:  # a field that now shows what is stored is no edit to discard
            now = self.collect()
            shown.update({name: now[name] for name in reloaded})
        self.values["version"] = current.get("version")
        self.set_top("#form-notice", "")
        if self.record is not None:
            self.watch_record(first_look=True)  # what was just loaded is now the baseline
        self.set_top(
            "#form-error",
            _("Loaded what they saved into the fields they changed; your edits to other fields are kept. "
              "Save to apply them, or Escape to leave."),
        )  # fmt: skip
