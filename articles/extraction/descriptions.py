"""Descriptive mentions: a role head noun and a country, resolved over the registry.

`South Korea's spy agency`, `les services de renseignement de Séoul`, `l'agence
d'espionnage sud-coréenne`, `the North's ruling party`, `le président ukrainien`: no alias
covers them, but the head noun names a role (intelligence service, defence ministry,
ruling party, president...) and an adjective, demonym, capital or possessive names a
country. The registry entry with that role and country is the source, when there is
exactly one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from articles.textnorm import strip_accents

# Role codes, with the label admins see. Stored on Source.role.
ROLES: dict[str, str] = {
    "intelligence": "Intelligence service",
    "military_intelligence": "Military intelligence",
    "defence_ministry": "Defence ministry",
    "foreign_ministry": "Foreign ministry",
    "military": "Army / armed forces",
    "joint_chiefs": "Joint chiefs / general staff",
    "air_force": "Air force",
    "ruling_party": "Ruling party",
    "head_of_state": "President / head of state",
    "presidency": "Presidential office",
    "government": "Government",
    "spokesperson": "Spokesperson",
    "state_news_agency": "State news agency",
    "news_agency": "News agency",
    "newspaper": "Newspaper",
}

# Head nouns (accents stripped, lower case) -> role. Longest first when matching.
_HEADS: dict[str, str] = {
    # intelligence
    "intelligence service": "intelligence", "intelligence services": "intelligence",
    "intelligence agency": "intelligence", "intelligence agencies": "intelligence",
    "spy agency": "intelligence", "spy service": "intelligence", "spy agencies": "intelligence",
    "intelligence": "intelligence", "national intelligence service": "intelligence",
    "service de renseignement": "intelligence", "services de renseignement": "intelligence",
    "service du renseignement": "intelligence", "services du renseignement": "intelligence",
    "agence de renseignement": "intelligence", "agence du renseignement": "intelligence",
    "agences de renseignement": "intelligence", "renseignement": "intelligence",
    "agence d'espionnage": "intelligence", "services secrets": "intelligence",
    "service secret": "intelligence", "espionnage": "intelligence",
    "military intelligence": "military_intelligence",
    "renseignement militaire": "military_intelligence",
    "service de renseignement militaire": "military_intelligence",
    # ministries
    "defence ministry": "defence_ministry", "defense ministry": "defence_ministry",
    "ministry of defence": "defence_ministry", "ministry of defense": "defence_ministry",
    "ministere de la defense": "defence_ministry", "defence department": "defence_ministry",
    "foreign ministry": "foreign_ministry", "ministry of foreign affairs": "foreign_ministry",
    "ministere des affaires etrangeres": "foreign_ministry", "diplomatie": "foreign_ministry",
    # forces
    "army": "military", "military": "military", "armed forces": "military",
    "armee": "military", "forces armees": "military", "militaires": "military",
    "joint chiefs of staff": "joint_chiefs", "general staff": "joint_chiefs",
    "etat-major": "joint_chiefs", "etat-major interarmees": "joint_chiefs",
    "chefs d'etat-major interarmees": "joint_chiefs",
    "air force": "air_force", "armee de l'air": "air_force",
    # as _norm leaves them ("l'air" -> "air")
    "armee de air": "air_force", "forces aeriennes": "air_force",
    # politics
    "ruling party": "ruling_party", "parti au pouvoir": "ruling_party",
    "parti unique": "ruling_party",
    "president": "head_of_state", "leader": "head_of_state", "dirigeant": "head_of_state",
    "chef de l'etat": "head_of_state", "numero un": "head_of_state",
    "presidency": "presidency", "presidence": "presidency",
    "presidential office": "presidency",
    "government": "government", "gouvernement": "government", "authorities": "government",
    "autorites": "government", "regime": "government",
    # media
    "state news agency": "state_news_agency", "official news agency": "state_news_agency",
    "agence officielle": "state_news_agency", "agence d'etat": "state_news_agency",
    "agence de presse officielle": "state_news_agency",
    "news agency": "news_agency", "agence de presse": "news_agency",
    "newspaper": "newspaper", "daily": "newspaper", "quotidien": "newspaper",
    "journal": "newspaper",
}

# Country words (accents stripped, lower case): adjectives in every gender and number,
# demonyms, capitals, possessives as normalised (`south korea's` -> `south korea s`).
_COUNTRY_WORDS: dict[str, str] = {}


def _add(code: str, *words: str) -> None:
    for w in words:
        _COUNTRY_WORDS[strip_accents(w.casefold())] = code


_add("KR", "sud-coréen", "sud-coréenne", "sud-coréens", "sud-coréennes", "south korean",
     "south korea", "south korea's", "seoul", "séoul", "de séoul", "de la corée du sud",
     "the south's", "s. korean", "south koreans", "corée du sud")
_add("KP", "nord-coréen", "nord-coréenne", "nord-coréens", "nord-coréennes", "north korean",
     "north korea", "north korea's", "pyongyang", "de pyongyang", "de la corée du nord",
     "the north's", "n. korean", "du nord", "corée du nord")
_add("RU", "russe", "russes", "russian", "russia", "russia's", "moscou", "moscow",
     "de moscou", "de la russie", "du kremlin")
_add("UA", "ukrainien", "ukrainienne", "ukrainiens", "ukrainiennes", "ukrainian",
     "ukraine", "ukraine's", "kiev", "kyiv", "de kiev", "de kyiv", "de l'ukraine")
_add("US", "américain", "américaine", "américains", "américaines", "us", "u.s.",
     "american", "united states", "washington", "de washington", "des etats-unis",
     "the us", "the u.s.")
_add("JP", "japonais", "japonaise", "japanese", "japan", "japan's", "tokyo", "de tokyo",
     "du japon")
_add("TW", "taïwanais", "taïwanaise", "taiwanais", "taiwanaise", "taiwanese", "taiwan",
     "taïwan", "taiwan's", "taipei", "de taipei")
_add("IL", "israélien", "israélienne", "israéliens", "israéliennes", "israeli", "israel",
     "israël", "israel's")
_add("IR", "iranien", "iranienne", "iraniens", "iraniennes", "iranian", "iran", "iran's",
     "téhéran", "tehran")
_add("CN", "chinois", "chinoise", "chinese", "china", "china's", "pékin", "beijing",
     "de pékin", "de la chine")

# A person described by their institution is not the institution speaking
# ("a South Korean intelligence official", "un responsable du renseignement").
_PERSON_HEADS = frozenset(
    {"official", "officials", "responsable", "responsables", "source", "sources", "expert",
     "experts", "analyst", "analysts", "analyste", "analystes", "depute", "deputes",
     "lawmaker", "lawmakers", "diplomat", "diplomats", "diplomate", "diplomates", "officer",
     "officers", "officier", "officiers", "agent", "agents", "member", "members", "membre",
     "membres", "chercheur", "researcher", "employee", "employe", "staff", "soldier",
     "soldiers", "soldat", "soldats", "defector", "transfuge", "former", "ancien",
     "ex-chef", "ex"}
)

_TOKEN = re.compile(r"[\w'’.-]+", re.UNICODE)
_MAX_HEAD_WORDS = max(len(h.split()) for h in _HEADS)
_MAX_COUNTRY_WORDS = max(len(c.split()) for c in _COUNTRY_WORDS)


def _norm(text: str) -> list[str]:
    words = [w.strip(".").replace("’", "'") for w in _TOKEN.findall(strip_accents(text.casefold()))]
    out = []
    for w in words:
        # "korea's" -> "korea's"; "l'agence" -> "agence"
        if len(w) > 2 and w[1] == "'" and w[0] in "ldjs":
            w = w[2:]
        if w:
            out.append(w)
    return out


def _longest(
    words: list[str], table: dict[str, str], max_words: int
) -> tuple[str | None, int, int]:
    for size in range(min(max_words, len(words)), 0, -1):
        for k in range(len(words) - size + 1):
            hit = table.get(" ".join(words[k : k + size]))
            if hit:
                return hit, k, k + size
    return None, 0, 0


@lru_cache(maxsize=8192)
def role_and_country(mention: str) -> tuple[str | None, str | None]:
    """(role code, ISO country) read from a descriptive mention, each None if absent.

    The country is the longest country phrase; the role the longest head-noun phrase in
    the words left once it is taken out (`le ministère russe de la Défense` ->
    defence_ministry, RU).
    """
    words = _norm(mention)[:20]
    if any(w in _PERSON_HEADS for w in words):
        return None, None
    country, a, b = _longest(words, _COUNTRY_WORDS, _MAX_COUNTRY_WORDS)
    rest = words[:a] + words[b:] if country else words
    role = _longest(rest, _HEADS, _MAX_HEAD_WORDS)[0]
    if role is None and country:
        role = _longest(words, _HEADS, _MAX_HEAD_WORDS)[0]
    return role, country
