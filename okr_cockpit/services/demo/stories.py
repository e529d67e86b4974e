"""Which story the demo tells: the words in the language of the person who runs `demo`."""

from types import ModuleType

from okr_cockpit.i18n import current_language


def story_for(language: str | None = None) -> ModuleType:
    """`story_de` for German, else the English `story` (what the tests and snapshots are made of)."""
    if (language or current_language()) == "de":
        from okr_cockpit.services.demo import story_de

        return story_de
    from okr_cockpit.services.demo import story

    return story
