"""Every table as an SQLAlchemy Core `Table`, exported once: services write `unit.c.name`, not aliases.

Core tables because services read rows as tuples and write with insert()/update() (see DESIGN.md:
tuples are ~8x faster than ORM objects).
"""

from sqlalchemy import Table

from okr_cockpit.db import models as m


def _table(model) -> Table:
    return model.__table__


unit = _table(m.OrgUnit)
person = _table(m.Person)
coach = _table(m.Coach)
assignment = _table(m.Assignment)
wave = _table(m.RolloutWave)
criterion = _table(m.WaveCriterion)
cycle = _table(m.Cycle)
event = _table(m.CycleEvent)
stakeholder = _table(m.Stakeholder)
interaction = _table(m.Interaction)
activity = _table(m.RaciActivity)
cell = _table(m.RaciCell)
learning = _table(m.Learning)
audit = _table(m.AuditEntry)
setting = _table(m.Setting)
