"""The footer follows the keys in force: it changes with the focused pane and with the screen."""

from textual.widgets._footer import FooterKey


def footer_descriptions(app) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey)]


async def test_footer_follows_the_focused_pane_and_the_screen(make_cockpit, demo_path):
    app = make_cockpit(demo_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("6")
        await app.workers.wait_for_complete()
        await pilot.pause()
        matrix_keys = footer_descriptions(app)
        await pilot.press("tab")
        await app.workers.wait_for_complete()
        await pilot.pause()
        learning_keys = footer_descriptions(app)
        await pilot.press("1")
        await pilot.pause()
        overview_keys = footer_descriptions(app)
    assert "New activity" in matrix_keys
    assert "New activity" not in learning_keys and learning_keys != matrix_keys
    assert "Reload" in overview_keys and "New activity" not in overview_keys
