"""The register of the Stakeholders screen: every stakeholder, read in windows; the header marks the sort.

The screen's load keeps the cursor on the same stakeholder across reloads, by id (`WindowedTable`).
"""

from rich.text import Text

from okr_cockpit.i18n import N_, _, format_day, ngettext
from okr_cockpit.services.stakeholders.log import QUADRANT_WORDS, RegisterQuery, StakeholderRow
from okr_cockpit.ui.glyphs import CHANGED_MARK, attitude_label, literal
from okr_cockpit.ui.widgets.windowed_table import WindowedTable, count_words

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


class StakeholderRegister(WindowedTable):
    """Every stakeholder of the register as filtered; the header marks the sorted column."""

    FLEX = {0: 2, 1: 3, 2: 2, 8: 1}  # the text columns take the width left over
    DROP = (7, 3, 8, 5, 9, 1)  # narrow: desired, i/e, owner, interest, contact, role go first

    def __init__(self, **kwargs) -> None:
        super().__init__(zebra_stripes=True, **kwargs)
        self.headers: tuple[str, bool] | None = None
        self.changed: set[int] = set()

    def set_headers(self, sort: str, descending: bool) -> None:
        if self.headers == (sort, descending):
            return
        self.headers = (sort, descending)
        self.clear_columns()
        for key, header, width in REGISTER_COLUMNS:
            label = f"{_(header)}{' ▼' if descending else ' ▲'}" if key == sort else _(header)
            self.add_column(label, key=key, width=max(width, len(label)))

    def row_key(self, row: StakeholderRow) -> int:
        return row.id

    def cells(self, row: StakeholderRow) -> tuple[Text, ...]:
        return register_cells(row, changed=row.id in self.changed)


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
        Text(format_day(row.last_contact) if row.last_contact else "—"),
        Text(str(row.open_follow_ups) if row.open_follow_ups else "·", justify="right"),
    )


def register_info(table: StakeholderRegister, query: RegisterQuery, narrowed: dict[str, str]) -> str:
    """The line above the register: how many, where the cursor is, in which order, filtered how."""
    words = {key: header for key, header, _ in REGISTER_COLUMNS}
    count = ngettext("{total:,} stakeholder", "{total:,} stakeholders", table.total).format(total=table.total)
    parts = [count_words(table, count)]
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
    # A dash, not "·": the neutral attitude's glyph is a "·" ("… — · neutral → + supporter").
    text.append(f" — {attitude_label(row.attitude)} → {attitude_label(row.desired_attitude)}")
    text.append(f" · {_(QUADRANT_WORDS[row.quadrant]).lower()}")
    if row.archived:
        text.append(_(" · archived"), style="bold")
    return text
