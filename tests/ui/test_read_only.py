"""Read-only cockpits: every edit key on every screen explains itself, and nothing is written."""

import hashlib

import pytest

EDIT_KEYS = {
    "2": ["a", "e", "m", "d", "t", "b", "u"],
    "3": ["a", "d", "b", "e", "n", "S"],
    "4": ["a", "e", "x", "X", "d", "n", "E", "p"],
    "5": ["a", "e", "x", "n", "d"],
    "6": ["r", "a", "c", "i", "space", "n", "e", "d", "J", "K"],
    "7": ["n", "a", "e", "enter", "d", "v", "c", "J", "K", "u"],
}


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("screen_key", sorted(EDIT_KEYS))
async def test_every_edit_key_explains_read_only(make_cockpit, demo_path, screen_key):
    before = digest(demo_path)
    app = make_cockpit(demo_path, read_only=True)
    silent: list[str] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(screen_key)
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key in EDIT_KEYS[screen_key]:
            app.clear_notifications()
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
            messages = [n.message for n in app._notifications]
            if not any("read-only" in m for m in messages):
                silent.append(key)
            while len(app.screen_stack) > 1:  # a dialog opened by mistake must not stay
                await pilot.press("escape")
                await pilot.pause()
    assert silent == [], f"keys on screen {screen_key} that said nothing about read-only: {silent}"
    assert digest(demo_path) == before
