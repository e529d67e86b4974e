"""Where one row stands in a sorted, filtered list, for lists that scroll by windows read from SQL."""

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session


def position_of(
    session: Session, ids: Select, *, order_by: Sequence[ColumnElement], wanted: int
) -> int | None:
    """The 0-based place of the row whose id is `wanted` among `ids` (a select of one id column,
    joined and filtered as the list is) sorted by `order_by`, or None when the filter leaves it out.

    Numbered in SQL (ROW_NUMBER) so only one number comes back, not every id.
    """
    numbered = ids.add_columns(func.row_number().over(order_by=order_by).label("n")).subquery()
    id_column = next(iter(numbered.c))
    found = session.execute(select(numbered.c.n).where(id_column == wanted)).scalar()
    return None if found is None else found - 1
