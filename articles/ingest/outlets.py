"""The outlets this desk reads: names as written, web domains, and the time zone of their clocks.

One place for the time-zone defaults: a date printed without a zone is read in
the outlet's zone when the outlet is known, else in the zone of the article's
language (French outlets print Paris time), else UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from articles.ingest.folding import fold


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news outlet: the name to show, other spellings, its domains and its clock."""

    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    timezone: str


OUTLETS: tuple[Outlet, ...] = (
    Outlet("franceinfo", ("France Info", "francetvinfo"), ("francetvinfo.fr",), "Europe/Paris"),
    Outlet("France Télévisions", ("France Televisions",), ("france.tv",), "Europe/Paris"),
    Outlet("France 24", ("France24",), ("france24.com",), "Europe/Paris"),
    Outlet("Le Monde", (), ("lemonde.fr",), "Europe/Paris"),
    Outlet("Le Figaro", (), ("lefigaro.fr",), "Europe/Paris"),
    Outlet("Libération", ("Liberation",), ("liberation.fr",), "Europe/Paris"),
    Outlet("Ouest-France", ("Ouest France",), ("ouest-france.fr",), "Europe/Paris"),
    Outlet("20 Minutes", ("20minutes",), ("20minutes.fr",), "Europe/Paris"),
    Outlet("Le Parisien", (), ("leparisien.fr",), "Europe/Paris"),
    Outlet("RFI", ("Radio France Internationale",), ("rfi.fr",), "Europe/Paris"),
    Outlet("AFP", ("Agence France-Presse", "Agence France-Presse (AFP)"), ("afp.com",), "UTC"),
    Outlet("Reuters", ("Thomson Reuters",), ("reuters.com",), "UTC"),
    Outlet("AP", ("Associated Press", "The Associated Press", "AP News"), ("apnews.com",),
           "America/New_York"),
    Outlet("BBC News", ("BBC",), ("bbc.com", "bbc.co.uk"), "Europe/London"),
    Outlet("The Guardian", ("Guardian",), ("theguardian.com",), "Europe/London"),
    Outlet("CNN", (), ("cnn.com", "edition.cnn.com"), "America/New_York"),
    Outlet("Yonhap News Agency", ("Yonhap", "Yonhap News"), ("yna.co.kr", "en.yna.co.kr"),
           "Asia/Seoul"),
    Outlet("NK News", ("NK News.org",), ("nknews.org",), "Asia/Seoul"),
    Outlet("The Korea Herald", ("Korea Herald",), ("koreaherald.com",), "Asia/Seoul"),
    Outlet("The Korea Times", ("Korea Times",), ("koreatimes.co.kr",), "Asia/Seoul"),
    Outlet("TASS", ("TASS Russian News Agency",), ("tass.com", "tass.ru"), "Europe/Moscow"),
    Outlet("Kyiv Independent", ("The Kyiv Independent",), ("kyivindependent.com",),
           "Europe/Kyiv"),
)

# Zone of a date printed without one, when the outlet is unknown.
LANGUAGE_TIMEZONES: dict[str, str] = {
    "fr": "Europe/Paris",
    "ko": "Asia/Seoul",
    "ru": "Europe/Moscow",
    "uk": "Europe/Kyiv",
    "ja": "Asia/Tokyo",
}
DEFAULT_TIMEZONE = "UTC"


def _key(name: str) -> str:
    return " ".join(fold(name).replace("-", " ").split())


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Outlet]:
    table: dict[str, Outlet] = {}
    for outlet in OUTLETS:
        for name in (outlet.name, *outlet.aliases):
            table[_key(name)] = outlet
    return table


def find_outlet(name: str) -> Outlet | None:
    """The outlet a name designates (`Libération`, `liberation`, `Associated Press`), if known."""
    if not name or len(name) > 60:
        return None
    return _by_name().get(_key(name))


def find_outlet_folded(folded: str) -> Outlet | None:
    """`find_outlet` for a name already folded (lower case, no accents): one dict look-up."""
    if not folded or len(folded) > 60:
        return None
    table = _by_name()
    if (
        "-" not in folded
        and "  " not in folded
        and folded.isprintable()
        and folded[0] != " "
        and folded[-1] != " "
    ):
        # Already one space between words (every other space is unprintable): the common
        # case of a paste's line, looked up without rebuilding it.
        return table.get(folded)
    return table.get(" ".join(folded.replace("-", " ").split()))


def outlet_for_url(url: str | None) -> Outlet | None:
    """The outlet whose domain serves `url`, if known."""
    if not url:
        return None
    host = url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    for outlet in OUTLETS:
        for domain in outlet.domains:
            if host == domain or host.endswith("." + domain):
                return outlet
    return None


def default_timezone(outlet: Outlet | None = None, language: str = "") -> ZoneInfo:
    """The zone of a date printed without one: the outlet's, else its language's, else UTC."""
    if outlet is not None:
        return ZoneInfo(outlet.timezone)
    return ZoneInfo(LANGUAGE_TIMEZONES.get(language, DEFAULT_TIMEZONE))
