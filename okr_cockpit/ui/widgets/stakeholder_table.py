"""The register of the Stakeholders screen: one page of stakeholders, sorted column marked in the header.

It shows the page the service loaded and keeps the cursor on the same stakeholder across reloads, by id.
"""

from rich.text import Text

from okr_cockpit.i18n import N_, _
from okr_cockpit.services.stakeholders.log import QUADRANT_WORDS, RegisterPage, RegisterQuery, StakeholderRow
from okr_cockpit.ui.glyphs import CHANGED_MARK, attitude_label, literal
from okr_cockpit.ui.widgets.list_keys import CursorTable

# (sort key, header, width)
REGISTER_COLUMNS = (
    ("name", N_("name"), 18),
    ("role", N_("role"), 10),
    ("unit", N_("unit"), 10),
    ("internal", N_("i/e"), 3),
    ("influence", N_("infl"), 4),
    ("interest", N_("intr"), 4),
    ("attitude", N_("attitude"), 14),  # "+ Unterstützer" in German
    ("desired_attitude", N_("desired"), 14),
    ("owner", N_("owner"), 10),
    ("last_contact", N_("contact"), 10),
    ("open_follow_ups", N_("open"), 4),
)
SORT_KEYS = tuple(key for key, _, _ in REGISTER_COLUMNS)
ARCHIVED_MARK = "⌂"  # an archived stakeholder, shown only when archived ones are asked for


def number_id(key) -> int | None:
    value = getattr(key, "value", key)
    return int(value) if value is not None else None


class StakeholderRegister(CursorTable):
    """One page of stakeholders; the header marks the sorted column."""

    FLEX = {0: 2, 1: 3, 2: 2, 8: 1}  # the text columns take the width left over
    DROP = (7, 3, 8, 5, 9, 1)  # narrow: desired, i/e, owner, interest, contact, role go first

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.rows_by_id: dict[int, StakeholderRow] = {}
        self.headers: tuple[str, bool] | None = None

    def set_headers(self, sort: str, descending: bool) -> None:
        if self.headers == (sort, descending):
            return
        self.headers = (sort, descending)
        self.clear(columns=True)
        for key, header, width in REGISTER_COLUMNS:
            label = f"{_(header)}{' ▼' if descending else ' ▲'}" if key == sort else _(header)
            self.add_column(label, key=key, width=max(width, len(label)))

    def show_page(self, page: RegisterPage, *, selected: int | None, changed: set[int]) -> None:
        self.clear()
        self.rows_by_id = {row.id: row for row in page.rows}
        for row in page.rows:
            self.add_row(*register_cells(row, changed=row.id in changed), key=str(row.id))
        if selected in self.rows_by_id:
            self.move_cursor(row=self.get_row_index(str(selected)), animate=False)

    def current(self) -> StakeholderRow | None:
        if not self.row_count:
            return None
        key, _ = self.coordinate_to_cell_key((self.cursor_row, 0))
        return self.rows_by_id.get(number_id(key))


def register_cells(row: StakeholderRow, *, changed: bool = False) -> tuple[Text, ...]:
    name = Text()
    if changed:
        name.append(f"{CHANGED_MARK} ")
    if row.archived:
        name.append(f"{ARCHIVED_MARK} ", style="dim")
    name.append_text(literal(row.name))
    return (
        name,
        literal(row.role),
        literal(row.unit or "—"),
        Text("int" if row.internal else "ext"),
        Text(str(row.influence), justify="right"),
        Text(str(row.interest), justify="right"),
        Text(attitude_label(row.attitude)),
        Text(attitude_label(row.desired_attitude)),
        literal(row.owner or "—"),
        Text(row.last_contact.isoformat() if row.last_contact else "—"),
        Text(str(row.open_follow_ups) if row.open_follow_ups else "·", justify="right"),
    )


def page_hint(offset: int, shown: int, total: int, what: str) -> str:
    """`1–100 of 2000 stakeholders · ] next page`."""
    if shown:
        text = _("{first:,}–{last:,} of {total:,} {what}").format(
            first=offset + 1, last=offset + shown, total=total, what=what
        )
    else:
        text = _("0 of {total:,} {what}").format(total=total, what=what)
    if offset + shown < total:
        text += _(" · ] next page")
    if offset:
        text += _(" · [ previous")
    return text


def register_info(page: RegisterPage, query: RegisterQuery, narrowed: dict[str, str]) -> str:
    """The line above the register: which rows, in which order, filtered how."""
    words = {key: header for key, header, _ in REGISTER_COLUMNS}
    parts = [page_hint(page.offset, len(page.rows), page.total, _("stakeholders"))]
    column = _(words[query.sort]) if query.sort in words else query.sort
    parts.append(_("sort {column} {arrow}").format(column=column, arrow="▼" if query.descending else "▲"))
    if query.text.strip():
        parts.append(_("filter “{text}”").format(text=query.text.strip()))
    parts += [f"{kind}: {label}" for kind, label in narrowed.items()]
    if query.include_archived:
        parts.append(_("archived shown"))
    if query.text.strip() or narrowed:
        parts.append(_("esc clears"))
    return " · ".join(parts)


def detail_text(row: StakeholderRow) -> Text:
    """One line on the selected stakeholder, above its log."""
    text = literal(row.name)
    text.stylize("bold")
    for part in (row.role, row.unit):
        if part:
            text.append(" · ")
            text.append_text(literal(part))
    text.append(f" · {attitude_label(row.attitude)} → {attitude_label(row.desired_attitude)}")
    text.append(f" · {_(QUADRANT_WORDS[row.quadrant]).lower()}")
    if row.archived:
        text.append(_(" · archived"), style="bold")
    return text
