"""Command palette providers: "go to" any unit, coach, stakeholder, cycle or wave by fuzzy name."""

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from okr_cockpit.i18n import N_, _
from okr_cockpit.services.search import Found, find_by_name
from okr_cockpit.ui.folded_matcher import FoldedMatcher
from okr_cockpit.ui.screen_list import SCREENS, ScreenEntry

SCREEN_FOR_ENTITY = {
    "org_unit": "units",
    "coach": "coaches",
    "stakeholder": "stakeholders",
    "cycle": "timeline",
    "rollout_wave": "rollout",
}
VERB = {  # marked; shown as _(VERB[...])
    "org_unit": N_("Go to unit"),
    "coach": N_("Go to coach"),
    "stakeholder": N_("Go to stakeholder"),
    "cycle": N_("Go to cycle"),
    "rollout_wave": N_("Go to wave"),
}


class GoToProvider(Provider):
    async def search(self, query: str) -> Hits:
        if not query.strip():
            return
        found: list[Found] = await self.app.run_in_thread_read(lambda s: find_by_name(s, query, limit=15))
        matcher = FoldedMatcher(query, match_style=self.match_style)
        for item in found:
            title = f"{_(VERB[item.entity])}: {item.name}"
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.app.go_to, item.entity, item.entity_id),
                    help=item.detail,
                )


class ScreensProvider(Provider):
    """Lists the screens, so the palette also works as a menu."""

    async def discover(self) -> Hits:
        for entry in SCREENS:
            show = partial(self.app.action_switch_mode, entry.mode)
            yield DiscoveryHit(self.title(entry), show, help=_(entry.about))

    async def search(self, query: str) -> Hits:
        matcher = FoldedMatcher(query, match_style=self.match_style)
        for entry in SCREENS:
            title = self.title(entry)
            score = max(matcher.match(title), matcher.match(_(entry.about)))
            if score > 0:
                show = partial(self.app.action_switch_mode, entry.mode)
                yield Hit(score, matcher.highlight(title), show, help=_(entry.about))

    @staticmethod
    def title(entry: ScreenEntry) -> str:
        return _("Show {screen}").format(screen=_(entry.name))
