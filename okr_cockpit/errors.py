"""The errors whose message is fit to show a user as it is."""


class CockpitError(Exception):
    """Something the user can act on; `str(error)` is one sentence for them."""


class ValidationError(CockpitError):
    """Input refused by a service. `field` names the form field it belongs to, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


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
