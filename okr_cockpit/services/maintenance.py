"""Looking after a database file that a group shares: `init --shared`, `check` and `backup`.

Why the permissions matter: SQLite in WAL mode creates `-wal` and `-shm` files next to the
database whenever someone opens it. They get the group of the folder only if the folder has the
setgid bit, and the mode of the database file. A folder without setgid, or a file that is not
group-writable, locks the next coach out — or opens the file read-only for them.
"""

import grp
import os
import pwd
import sqlite3
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from okr_cockpit.db.engine import Database, to_url
from okr_cockpit.db.files import copy_database
from okr_cockpit.db.open import (
    SQLITE_MAGIC,
    check_location,
    in_wal_mode,
    open_database,
    read_only_connection,
    read_only_engine,
)
from okr_cockpit.db.schema import (
    CURRENT,
    HEAD_REVISION,
    OLDER,
    UNKNOWN,
    classify_revision,
    stored_revision,
    unknown_schema_message,
)
from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import _
from okr_cockpit.services.audit import latest_change

SHARED_DIR_MODE = 0o2770  # setgid: new files inherit the group; rwx for owner and group only
SHARED_FILE_MODE = 0o660
COMPANIONS = ("-wal", "-shm")
# SQLite's locking is unreliable on these (the SQLite FAQ: "network filesystems").
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "davfs",
        "sshfs",
        "fuse.sshfs",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.gcsfuse",
        "fuse.glusterfs",
        "fuse.cephfs",
        "fuse.davfs2",
    }
)
LOCAL_FUSE = frozenset({"fuse.fuse-overlayfs", "fuse.lxcfs", "fuse.portal"})

OK, WARN, ERROR = "ok", "warn", "error"


@dataclass(frozen=True)
class Finding:
    level: str  # ok | warn | error
    text: str


@dataclass(frozen=True)
class CheckReport:
    path: Path
    findings: tuple[Finding, ...]

    @property
    def healthy(self) -> bool:
        return all(finding.level == OK for finding in self.findings)

    def lines(self) -> list[str]:
        marks = {OK: "✓ ok  ", WARN: "▲ warn", ERROR: "✖ fail"}
        return [f"{marks[f.level]}  {f.text}" for f in self.findings]


# -- init --shared --------------------------------------------------------------------------
def group_id(group: str) -> int:
    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        raise CockpitError(_("There is no group called {group}.").format(group=group)) from None


def init_shared(group: str, path: Path) -> list[str]:
    """Create (or repair) a database that everyone in `group` can open and write. Returns what was done."""
    gid = group_id(group)
    path = path.expanduser().absolute()
    folder = path.parent
    if not folder.parent.is_dir():
        raise CockpitError(_("The folder {parent} does not exist.").format(parent=folder.parent))
    done = []
    if not folder.exists():
        folder.mkdir()
        done.append(_("Created {folder}.").format(folder=folder))
    elif others := sorted(p.name for p in folder.iterdir() if not p.name.startswith(path.name)):
        # The folder's mode and group change: never do that to a home or a project folder.
        raise CockpitError(
            _(
                "{folder} holds other files ({value}); give the shared database a "
                "folder of its own, e.g. {value2}."
            ).format(folder=folder, value=", ".join(others[:3]), value2=folder / "okr" / path.name)
        )
    _chgrp(folder, gid, group)
    os.chmod(folder, SHARED_DIR_MODE)
    done.append(
        _("{folder}: group {group}, mode {mode:o} (setgid, group-writable).").format(
            folder=folder, group=group, mode=SHARED_DIR_MODE
        )
    )
    existed = path.exists()
    old_umask = os.umask(0o007)  # files created while migrating stay group-usable
    try:
        opened = open_database(str(path), initialize=True)
        opened.db.dispose()
    finally:
        os.umask(old_umask)
    done.append(
        (_("Upgraded the database {path}.") if existed else _("Created the database {path}.")).format(
            path=path
        )
        if not existed or opened.backup
        else _("The database {path} already existed; its permissions were set.").format(path=path)
    )
    for target in (path, *(Path(f"{path}{suffix}") for suffix in COMPANIONS)):
        if target.exists():
            _chgrp(target, gid, group)
            os.chmod(target, SHARED_FILE_MODE)
            done.append(
                _("{name}: group {group}, mode {mode:o}.").format(
                    name=target.name, group=group, mode=SHARED_FILE_MODE
                )
            )
    done.append(
        _(
            "Everyone in {group} should work with `umask 007` (e.g. in ~/.profile) so that files they create "
            "there stay usable by the group; SQLite gives -wal and -shm the database's own mode."
        ).format(group=group)
    )
    return done


def _chgrp(target: Path, gid: int, group: str) -> None:
    try:
        os.chown(target, -1, gid)
    except PermissionError:
        raise CockpitError(
            _("Cannot give {target} to group {group}: you must own it and be in {group}.").format(
                target=target, group=group
            )
        ) from None


# -- check ----------------------------------------------------------------------------------
def check_database(path: Path, *, mounts: str | None = None) -> CheckReport:
    """Integrity, schema, journal mode, permissions, filesystem and the last change of the file."""
    path = path.expanduser().absolute()
    try:
        check_location(path, must_exist=True)
    except CockpitError as error:
        return CheckReport(path, (Finding(ERROR, str(error)),))
    findings = [*_sqlite_findings(path), *permission_findings(path), filesystem_finding(path, mounts)]
    return CheckReport(path, tuple(findings))


def _sqlite_findings(path: Path) -> list[Finding]:
    try:
        # The same read-only access as the app: no -wal/-shm left behind, a snapshot where needed.
        with read_only_connection(path, timeout=2) as connection:
            problems = [row[0] for row in connection.execute("PRAGMA quick_check(20)")]
            revision = stored_revision(connection)
    except sqlite3.Error as error:
        return [Finding(ERROR, _("SQLite cannot read the file: {error}.").format(error=error))]
    findings = [
        Finding(OK, _("Integrity (quick_check): ok."))
        if problems == ["ok"]
        else Finding(
            ERROR,
            _("Integrity (quick_check) found damage: {problems}").format(problems="; ".join(problems[:5])),
        )
    ]
    findings.append(
        Finding(OK, _("Journal mode: WAL."))
        if in_wal_mode(path)
        else Finding(WARN, _("Journal mode: rollback; open it once with okr-cockpit to switch to WAL."))
    )
    findings.append(_schema_finding(revision))
    if revision is not None and problems == ["ok"]:
        findings.append(_last_change_finding(path))
    return findings


def _schema_finding(revision: str | None) -> Finding:
    if revision is None:
        return Finding(ERROR, _("This is not an okr-cockpit database (no schema version)."))
    kind, head = classify_revision(revision), int(HEAD_REVISION)
    if kind == UNKNOWN:
        return Finding(ERROR, unknown_schema_message(revision))
    if kind == CURRENT:
        return Finding(OK, _("Schema version {head} (current).").format(head=head))
    if kind == OLDER:
        return Finding(
            WARN,
            _("Schema version {stored}; opening it upgrades it to {head} (after a backup).").format(
                stored=int(revision), head=head
            ),
        )
    return Finding(
        WARN,
        _("Schema version {stored} is newer than this okr-cockpit ({head}): it opens read-only.").format(
            stored=int(revision), head=head
        ),
    )


def _last_change_finding(path: Path) -> Finding:
    engine, _ = read_only_engine(to_url(str(path)), path)
    db = Database(engine, read_only=True)
    try:
        change = db.read(latest_change)
    except CockpitError as error:
        return Finding(WARN, _("Could not read the audit log: {error}").format(error=error))
    finally:
        db.dispose()
    return change_finding(change)


def change_finding(change) -> Finding:
    """The last change as `check` tells it, on either backend: who, what and when (UTC)."""
    if change is None:
        return Finding(OK, _("No changes recorded yet."))
    when = change.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    sentence = f"{change.who} {change.sentence().split(' ', 1)[1]}"
    return Finding(OK, _("Last change: {sentence} on {when}.").format(sentence=sentence, when=when))


def permission_findings(path: Path) -> list[Finding]:
    """Problems that lock other coaches out of a shared file; a private file only needs its owner."""
    folder = path.parent
    file_stat, folder_stat = path.stat(), folder.stat()
    findings = []
    if not os.access(path, os.W_OK) or not os.access(folder, os.W_OK):
        findings.append(
            warn(
                _("You ({user}) cannot write it: it opens read-only for you.").format(
                    user=_user_name(os.geteuid())
                )
            )
        )
    # A sticky world-writable folder (/tmp, 1777) is everyone's scratch space, not a group's folder.
    scratch = folder_stat.st_mode & stat.S_ISVTX and folder_stat.st_mode & stat.S_IWOTH
    shared_folder = folder_stat.st_mode & stat.S_IWGRP and not scratch
    if not (file_stat.st_mode & stat.S_IWGRP or shared_folder):
        return [
            *findings,
            Finding(
                OK, _("Private to {user} (not group-writable).").format(user=_user_name(file_stat.st_uid))
            ),
        ]
    group = _group_name(file_stat.st_gid)
    if scratch:
        return [
            *findings,
            warn(
                _(
                    "{folder} is a scratch folder everyone can write, so the -wal/-shm files get the group "
                    "of whoever opens the database first: give a shared database a folder of its own "
                    "(`okr-cockpit init --shared {group} FOLDER/cockpit.db`)."
                ).format(folder=folder, group=group)
            ),
        ]
    problems = []
    if not folder_stat.st_mode & stat.S_ISGID:
        problems.append(
            _(
                "{folder} lacks the setgid bit, so new -wal/-shm files get their creator's group: "
                "run `chmod g+s {folder}`."
            ).format(folder=folder)
        )
    if not folder_stat.st_mode & stat.S_IWGRP:
        problems.append(
            _(
                "{folder} is not group-writable, so others cannot create the -wal/-shm files: "
                "run `chmod g+w {folder}`."
            ).format(folder=folder)
        )
    if folder_stat.st_gid != file_stat.st_gid:
        problems.append(
            _("{folder} belongs to group {group_name}, the database to {group}.").format(
                folder=folder, group_name=_group_name(folder_stat.st_gid), group=group
            )
        )
    for target in (path, *(Path(f"{path}{suffix}") for suffix in COMPANIONS)):
        if not target.exists():
            continue
        mode = target.stat()
        if mode.st_gid != file_stat.st_gid:
            problems.append(
                _("{name} belongs to group {group_name}, not {group}: run `chgrp {group} {target}`.").format(
                    name=target.name, group_name=_group_name(mode.st_gid), group=group, target=target
                )
            )
        if not mode.st_mode & stat.S_IWGRP:
            problems.append(
                _("{name} is not group-writable: run `chmod g+w {target}`.").format(
                    name=target.name, target=target
                )
            )
    if not problems:
        return [
            *findings,
            Finding(
                OK, _("Shared with group {group}: folder setgid, files group-writable.").format(group=group)
            ),
        ]
    return [*findings, *(warn(problem) for problem in problems)]


def warn(text: str) -> Finding:
    return Finding(WARN, text)


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def filesystem_of(path: Path, mounts: str) -> tuple[str, str]:
    """(mount point, filesystem type) of the mount that holds `path`, from /proc/mounts text."""
    target = str(path.resolve())
    best = ("/", "unknown")
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best[0]):
            best = (point, parts[2])
    return best


def filesystem_finding(path: Path, mounts: str | None = None) -> Finding:
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text()
        except OSError:
            return Finding(WARN, _("Could not tell which filesystem holds the file (no /proc/mounts)."))
    point, kind = filesystem_of(path, mounts)
    if kind in NETWORK_FILESYSTEMS or (kind.startswith("fuse") and kind not in LOCAL_FUSE):
        return Finding(
            WARN,
            _(
                "The file is on a network filesystem ({kind} at {point}): SQLite's locking is "
                "unsafe there and edits can be lost; keep it on a local disk of the host."
            ).format(kind=kind, point=point),
        )
    return Finding(OK, _("Local filesystem ({kind} at {point}).").format(kind=kind, point=point))


# -- backup ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int


def backup_target(dest: Path, source: Path) -> Path:
    """A folder gets a dated file name; an existing file is never overwritten."""
    dest = dest.expanduser().absolute()
    if dest.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        dest = dest / f"{source.stem}-{stamp}.db"
    if dest.exists():
        raise CockpitError(_("{dest} already exists; choose another name.").format(dest=dest))
    if not dest.parent.is_dir():
        raise CockpitError(_("The folder {parent} does not exist.").format(parent=dest.parent))
    return dest


def backup_database(source: Path, dest: Path) -> BackupResult:
    """A consistent copy while others keep writing (SQLite's backup API), verified by integrity_check."""
    source = source.expanduser().absolute()
    check_location(source, must_exist=True)
    with source.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise CockpitError(_("{source} is not an SQLite database.").format(source=source))
    target = backup_target(dest, source)
    partial = target.with_name(target.name + ".partial")
    try:
        copy_database(source, partial)
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise CockpitError(
            _("The backup failed: {error}. Nothing was written to {target}.").format(
                error=error, target=target
            )
        ) from error
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(target, target.stat().st_size)
