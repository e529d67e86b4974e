"""One optional-reference check for every form: None, '' and 0 mean none; a gone id names the field."""

import pytest

from okr_cockpit.db.models import Person, RolloutWave
from okr_cockpit.errors import ValidationError
from okr_cockpit.services.records import insert_row
from okr_cockpit.services.stakeholders.log import clean_stakeholder
from okr_cockpit.services.validation import optional_reference

person = Person.__table__


@pytest.mark.parametrize("none", [None, "", 0, "0"])
def test_none_empty_and_zero_mean_no_reference(db, none):
    assert (
        db.read(lambda s: optional_reference(s, none, table=person, field="owner_id", what="Owner")) is None
    )
    # The stakeholder form once refused 0 ("no longer exists") where the others took it as none.
    cleaned = db.read(
        lambda s: clean_stakeholder(
            s,
            {
                "name": "Works council",
                "attitude": "neutral",
                "desired_attitude": "supporter",
                "owner_id": none,
            },
        )
    )
    assert cleaned["owner_id"] is None


def test_an_existing_id_is_taken_and_a_gone_or_bad_one_names_the_field(db):
    anna = db.write(lambda s: insert_row(s, Person, {"name": "Anna"}))
    assert (
        db.read(lambda s: optional_reference(s, str(anna), table=person, field="owner_id", what="Owner"))
        == anna
    )
    with pytest.raises(ValidationError, match="That owner no longer exists") as gone:
        db.read(lambda s: optional_reference(s, anna + 99, table=person, field="owner_id", what="Owner"))
    assert gone.value.field == "owner_id"
    with pytest.raises(ValidationError, match="Wave is not a valid choice"):
        db.read(
            lambda s: optional_reference(s, "x", table=RolloutWave.__table__, field="wave_id", what="Wave")
        )
