"""The errors whose message is fit to show a user as it is."""


class CockpitError(Exception):
    """Something the user can act on; `str(error)` is one sentence for them."""


class ValidationError(CockpitError):
    """Input refused by a service. `field` names the form field it belongs to, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class MergedChangeError(ValidationError):
    """The user's change is valid alone but not together with another user's change saved meanwhile.

    `field` is one the user changed (where the form shows the message); `theirs` holds the other
    user's values, field -> value as stored now. Nothing was written.
    """

    def __init__(
        self, cause: ValidationError, *, field: str | None, entity: str, entity_id: int, theirs: dict
    ) -> None:
        super().__init__(str(cause), field=field)
        self.cause = cause  # the service's own refusal of the merged row (a warning type is kept)
        self.entity = entity
        self.entity_id = entity_id
        self.theirs = theirs


class ConflictError(CockpitError):
    """The row changed (or vanished) since the user read it; nothing was written."""

    def __init__(
        self, message: str, *, entity: str, entity_id: int, current: dict | None, fields: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.entity = entity
        self.entity_id = entity_id
        # The row as it is now (None when it was deleted), so a dialog can show what changed.
        self.current = current
        # The fields both users changed to different values; empty when the whole record is in question.
        self.fields = fields


class SchemaError(CockpitError):
    """The database file's schema cannot be used by this version of the app."""


class NewerSchemaError(SchemaError):
    """The file was written by a newer okr-cockpit; this one may only read it."""
