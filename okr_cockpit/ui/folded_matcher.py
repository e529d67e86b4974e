"""The palette's fuzzy matcher over folded text: "strasse" finds "Straße", "öffentlich" "Öffentlich…"."""

from textual.content import Content
from textual.fuzzy import Matcher
from textual.style import Style

from okr_cockpit.db.folding import fold


class FoldedMatcher:
    """Textual's `Matcher`, comparing `fold`ed query and candidate; highlights the original text.

    The candidate is shown literally (Textual's own `highlight` would read a name like "[b]" as markup).
    """

    def __init__(self, query: str, *, match_style: Style | None = None) -> None:
        self._matcher = Matcher(fold(query), match_style=match_style)

    def match(self, candidate: str) -> float:
        return self._matcher.match(fold(candidate))

    def highlight(self, candidate: str) -> Content:
        content = Content(candidate)
        # fold works letter by letter, so each folded position maps back to the letter it came from.
        source = [index for index, letter in enumerate(candidate) for _ in fold(letter)]
        score, offsets = self._matcher.fuzzy_search.match(self._matcher.query, fold(candidate))
        if not score:
            return content
        for offset in sorted({source[offset] for offset in offsets}):
            if not candidate[offset].isspace():
                content = content.stylize(self._matcher.match_style, offset, offset + 1)
        return content
