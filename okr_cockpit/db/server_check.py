"""`okr-cockpit check` on a PostgreSQL database: the server, the schema, the role's privileges and
the last change, read without changing anything (a read-only connection)."""

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from okr_cockpit.db.engine import Database, make_engine
from okr_cockpit.db.location import Location
from okr_cockpit.db.open import OLDEST_SERVER, describe_server_error
from okr_cockpit.db.schema import stored_revision
from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import _

PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")


def check_server(location: Location):
    """A CheckReport (services/maintenance.py) for the database at `location`."""
    from okr_cockpit.services.audit import latest_change
    from okr_cockpit.services.maintenance import (
        ERROR,
        OK,
        WARN,
        CheckReport,
        Finding,
        _schema_finding,
        change_finding,
    )

    engine = make_engine(location, read_only=True)
    findings = []
    try:
        with engine.connect() as connection:
            version = connection.execute(text("SHOW server_version")).scalar_one()
            role = connection.execute(text("SELECT current_user")).scalar_one()
            major = engine.dialect.server_version_info[0]
            ok = major >= OLDEST_SERVER
            findings.append(
                Finding(
                    OK,
                    _("PostgreSQL {version}, connected as role {role}.").format(version=version, role=role),
                )
                if ok
                else Finding(
                    ERROR,
                    _("PostgreSQL {version}: okr-cockpit needs {oldest} or newer.").format(
                        version=version, oldest=OLDEST_SERVER
                    ),
                )
            )
        revision = stored_revision(engine)
        findings.append(_schema_finding(revision))
        if revision is not None:
            findings.append(privilege_finding(engine, role, Finding, OK, WARN))
            db = Database(engine, read_only=True)
            findings.append(change_finding(db.read(latest_change)))
    except DBAPIError as error:
        raise CockpitError(describe_server_error(error.orig, location)) from error
    finally:
        engine.dispose()
    return CheckReport(location.shown, tuple(findings))


def privilege_finding(engine, role: str, finding, ok: str, warn: str):
    missing = []
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            for privilege in PRIVILEGES:
                if table.name == "audit_entry" and privilege in ("UPDATE", "DELETE"):
                    continue  # append-only: nobody needs these
                query = text("SELECT has_table_privilege(:table, :privilege)")
                if not connection.execute(query, {"table": table.name, "privilege": privilege}).scalar():
                    missing.append(_("{privilege} on {table}").format(privilege=privilege, table=table.name))
    if missing:
        more = _(" and {count} more").format(count=len(missing) - 4) if len(missing) > 4 else ""
        shown = ", ".join(missing[:4]) + more
        return finding(
            warn,
            _("Role {role} cannot change everything (read-only for it): lacks {shown}.").format(
                role=role, shown=shown
            ),
        )
    return finding(ok, _("Role {role} may read and change every table.").format(role=role))
