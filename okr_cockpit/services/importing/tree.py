"""Whole-tree checks of a units import, on the tree as it would be afterwards (database + file).

Row by row a file can look fine and still break the tree: a unit below its own descendant, a team
above a department, a team with coaches turned into a department. The rules are the Org units
screen's (`org_units.check_kind_under`), applied to every parent link the file sets or touches.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from okr_cockpit.db.tables import assignment, unit
from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import _
from okr_cockpit.i18n.values import value_word
from okr_cockpit.services.importing.rows import Problem
from okr_cockpit.services.org.units import check_kind_under

Node = tuple[str, Any]  # ("id", database id) or ("new", lower-case external id)
# One checked row of a units file: (row, (external id, parent's lower-case external id, values)).
Checked = tuple[Any, tuple[str, str | None, dict[str, Any]]]


@dataclass
class UnitGraph:
    node_of: dict[str, Node]  # lower-case external id -> node
    parent_of: dict[Node, Node | None]
    kind_of: dict[Node, str]
    line_of: dict[Node, int]  # nodes the file sets -> their line


def build_graph(
    session: Session, existing: dict[str, dict], checked: list[Checked], sets_parent: bool
) -> UnitGraph:
    node_of: dict[str, Node] = {key: ("id", row["id"]) for key, row in existing.items()}
    parent_of: dict[Node, Node | None] = {}
    kind_of: dict[Node, str] = {}
    for unit_id, parent_id, kind in session.execute(select(unit.c.id, unit.c.parent_id, unit.c.kind)):
        parent_of[("id", unit_id)] = ("id", parent_id) if parent_id else None
        kind_of[("id", unit_id)] = kind
    line_of = {}
    for row, (key, _parent, values) in checked:
        node = node_of.setdefault(key.lower(), ("new", key.lower()))
        kind_of[node] = values["kind"]
        line_of[node] = row.line
        parent_of.setdefault(node, None)
    if sets_parent:  # a second pass: a parent may come later in the file
        for _row, (key, parent, _values) in checked:
            parent_of[node_of[key.lower()]] = node_of.get(parent) if parent else None
    return UnitGraph(node_of, parent_of, kind_of, line_of)


def loop_lines(graph: UnitGraph) -> list[int]:
    """Lines whose unit would end up below itself."""
    lines = []
    for start, line in graph.line_of.items():
        node, steps = graph.parent_of.get(start), 0
        while node is not None and steps <= len(graph.parent_of):
            if node == start:
                lines.append(line)
                break
            node, steps = graph.parent_of.get(node), steps + 1
    return lines


def nesting_problems(session: Session, graph: UnitGraph, existing: dict[str, dict]) -> list[Problem]:
    problems = []
    for child, parent in graph.parent_of.items():
        if parent is None or (child not in graph.line_of and parent not in graph.line_of):
            continue
        try:
            check_kind_under(graph.kind_of[child], graph.kind_of.get(parent))
        except ValidationError as error:
            if child in graph.line_of:
                problems.append(Problem(graph.line_of[child], str(error)))
            else:  # the file changes the parent's kind over a unit that stays where it is
                kinds = graph.kind_of[child], graph.kind_of[parent]
                message = _("A {inner} below it would then be inside a {outer}; move it first.").format(
                    inner=value_word(kinds[0]), outer=value_word(kinds[1])
                )
                problems.append(Problem(graph.line_of[parent], message))
    coached = set(session.execute(select(assignment.c.unit_id).distinct()).scalars())
    for key, row in existing.items():
        node = graph.node_of[key]
        if row["id"] in coached and node in graph.line_of and graph.kind_of[node] != "team":
            problems.append(
                Problem(graph.line_of[node], _("Coaches are assigned to this team, so it must stay a team."))
            )
    return problems


def tree_problems(
    session: Session, existing: dict[str, dict], checked: list[Checked], sets_parent: bool
) -> list[Problem]:
    graph = build_graph(session, existing, checked, sets_parent)
    loops = loop_lines(graph)
    problems = [Problem(line, _("The parent would make the unit its own ancestor.")) for line in loops]
    if not loops:  # kinds along a loop say nothing useful
        problems += nesting_problems(session, graph, existing)
    return problems
