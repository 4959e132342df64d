"""`manage.py benchmark corpus`: body accuracy of the import on the desk's corpus of real pages.

The corpus is 71 real news excerpts (French, English, Korean, Russian) from public web
pages, each line labelled: headline (T), standfirst (S), body paragraph (B), list
item (L), photo caption (C), page text that is not the article (X). The texts stay out of
the repository (public pages, licence unclear): `tests/corpus/manifest.json` holds each
record's address, the query that finds it in the public pages corpus, its labels and the
SHA-256 of every line; `python -m articles.benchmarks.corpus rebuild SAVED.json` writes
the local copy (`tests/corpus/local/pages.txt`, git-ignored) from saved search results
and checks every line.

The stored excerpts are text, not the sites' HTML. Each record is therefore laid into a
realistic page around its own lines — a cookie banner, a header with the outlet's
menu, breadcrumbs, byline and date, figures with captions, a "read also" link inside
the text, a related-articles block, a newsletter prompt and a footer, in the record's
language — and into the select-all paste of that page (what Chromium's `innerText`
gives). The furniture around the article is generated (seeded per record, several
wordings per language); the article and the page text labelled X are the real ones.

Scored with word-overlap F1 (bag of lower-cased words, per page, then averaged): the
HTML path against `trafilatura.extract` alone on the same page, and the paste path
against the raw paste. Title accuracy counts exact headlines.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT / "tests" / "corpus"
LOCAL = CORPUS_DIR / "local" / "pages.txt"
MANIFEST = CORPUS_DIR / "manifest.json"
BODY_LABELS = ("B", "L")
LABELS = "TSBLCX"


@dataclass
class Record:
    """One labelled excerpt: address, language, query id and its (label, line) pairs."""

    url: str
    lang: str
    query: str
    lines: list[tuple[str, str]] = field(default_factory=list)

    @property
    def gold(self) -> str:
        """The article body: its paragraphs and list items, in order."""
        return "\n".join(text for label, text in self.lines if label in BODY_LABELS)

    @property
    def headline(self) -> str:
        """The page's headline, or one made from the address when the excerpt has none."""
        for label, text in self.lines:
            if label == "T":
                return text
        return slug_title(self.url)


def slug_title(url: str) -> str:
    """A headline from the address's last words ("conflit-russo-ukrainien-des-..." -> words)."""
    parts = [p for p in re.split(r"[/?=&]", url.rstrip("/")) if p]
    best = max(parts[2:] or parts, key=lambda p: p.count("-") + p.count("+"))
    words = [w for w in re.split(r"[-+_.]", best) if w and not w.isdigit() and w != "html"]
    text = " ".join(words[:14])
    return (text[:1].upper() + text[1:]) if len(words) >= 3 else "Actualité"


def load(path: Path = LOCAL) -> list[Record]:
    """Read the local corpus file (`@@ url | lang | query` then `LABEL text` lines)."""
    records: list[Record] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("@@ "):
            url, lang, query = (part.strip() for part in raw[3:].rsplit(" | ", 2))
            records.append(Record(url, lang, query))
        elif raw.strip():
            label, _, text = raw.partition(" ")
            if label not in LABELS or not records:
                raise ValueError(f"bad corpus line: {raw[:60]!r}")
            records[-1].lines.append((label, text))
    return records


def line_hash(text: str) -> str:
    """SHA-256 of one line (whitespace runs collapsed)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def manifest(records: list[Record], queries: dict[str, str]) -> dict:
    """The committed description of the corpus: addresses, queries, labels and hashes only."""
    return {
        "queries": queries,
        "records": [
            {
                "url": r.url,
                "lang": r.lang,
                "query": r.query,
                "labels": "".join(label for label, _ in r.lines),
                "sha256": [line_hash(text) for _, text in r.lines],
            }
            for r in records
        ],
    }


def rebuild(saved: Path, out: Path = LOCAL) -> int:
    """Write the local corpus from saved search results (a JSON list of {url, excerpt}).

    Each excerpt's lines are matched to the manifest's hashes in order; lines the
    manifest does not list (the search index's own `date` prefix, blank lines) are
    skipped. Returns the number of records rebuilt; a record whose lines cannot all be
    found is reported on stderr and left out.
    """
    data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    excerpts = {item["url"]: item["excerpt"] for item in json.loads(saved.read_text("utf-8"))}
    chunks, count = [], 0
    for rec in data["records"]:
        excerpt = excerpts.get(rec["url"])
        if excerpt is None:
            print(f"missing: {rec['url']}", file=sys.stderr)
            continue
        candidates = _candidates(excerpt)
        lines = [candidates.get(h) for h in rec["sha256"]]
        if any(line is None for line in lines):
            print(f"lines not found: {rec['url']}", file=sys.stderr)
            continue
        chunks.append(f"@@ {rec['url']} | {rec['lang']} | {rec['query']}")
        chunks += [f"{label} {line}" for label, line in zip(rec["labels"], lines, strict=True)]
        count += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(chunks) + "\n", encoding="utf-8")
    return count


_INDEX_DATE = re.compile(r"^\s*date \S+\s+")
_LIST_MARK = re.compile(r"^(?:[•*-]|\d{1,2}\.)\s+")


def _candidates(excerpt: str) -> dict[str, str]:
    """Every line of a saved excerpt, and its list items, by hash (as the labeller split them)."""
    found: dict[str, str] = {}
    for raw in excerpt.splitlines():
        line = " ".join(_INDEX_DATE.sub("", raw).split())
        if not line:
            continue
        for piece in [line, *line.split(" * ")]:
            piece = _LIST_MARK.sub("", piece.strip()).strip()
            if piece:
                found.setdefault(line_hash(piece), piece)
    return found


# --- the page around the article -------------------------------------------------------

_FURNITURE = {
    "fr": {
        "menu": ["Accueil", "International", "Politique", "Économie", "Société", "Culture",
                 "Sport", "Planète", "Idées", "Vidéos", "Podcasts", "Le fil"],
        "account": ["Se connecter", "S'abonner", "Rechercher", "Menu"],
        "cookie": ["Nous et nos partenaires utilisons des cookies pour mesurer l'audience, "
                   "personnaliser les contenus et les publicités. Vous pouvez accepter, "
                   "refuser ou paramétrer vos choix à tout moment.",
                   "Ce site utilise des cookies. En poursuivant votre navigation, vous "
                   "acceptez leur utilisation dans les conditions prévues par notre "
                   "politique de confidentialité."],
        "cookie_buttons": ["Tout accepter", "Continuer sans accepter", "Paramétrer"],
        "by": "Par", "published": "Publié le", "updated": "Mis à jour le",
        "months": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet"],
        "read_also": "Lire aussi",
        "related": ["Sur le même sujet", "Les plus lus", "À lire aussi"],
        "teasers": ["Guerre en Ukraine : ce que l'on sait de la nouvelle offensive",
                    "Séoul et Washington renforcent leurs exercices conjoints",
                    "Le Kremlin dément toute négociation secrète",
                    "Pyongyang annonce un nouvel essai de moteur",
                    "À Kiev, les alertes aériennes se multiplient",
                    "Sanctions : l'Union européenne prépare un nouveau paquet",
                    "Les dernières images satellites analysées",
                    "Qui sont les généraux russes limogés ?"],
        "newsletter": ["Recevez chaque matin l'essentiel de l'actualité internationale. "
                       "Inscrivez-vous à notre newsletter gratuite.",
                       "Abonnez-vous pour lire la suite et accéder à tous nos articles "
                       "dès 1 € le premier mois."],
        "share": ["Partager", "Facebook", "X", "Copier le lien"],
        "footer": ["Mentions légales", "Politique de confidentialité", "Gestion des cookies",
                   "Nous contacter", "Plan du site", "Qui sommes-nous ?", "Recrutement"],
        "rights": "Tous droits réservés.",
        "authors": ["Claire Dubois", "Antoine Mercier", "la rédaction avec AFP"],
        "crumb": ["International", "Asie", "Europe"],
    },
    "en": {
        "menu": ["Home", "World", "Politics", "Business", "Opinion", "Science", "Sport",
                 "Culture", "Video", "Podcasts", "Newsletters", "Latest"],
        "account": ["Sign in", "Subscribe", "Search", "Menu"],
        "cookie": ["We use cookies and similar technologies to improve your experience, "
                   "measure traffic and personalise ads. By clicking Accept you agree to "
                   "our use of cookies as described in our Cookie Policy.",
                   "This site uses cookies to provide you with a great user experience. "
                   "By using this website you accept our privacy policy."],
        "cookie_buttons": ["Accept all", "Reject all", "Manage preferences"],
        "by": "By", "published": "Published", "updated": "Updated",
        "months": ["January", "February", "March", "April", "May", "June", "July"],
        "read_also": "Read more",
        "related": ["Related stories", "Most read", "More on this story"],
        "teasers": ["What we know about the latest strikes on Kyiv",
                    "Seoul and Washington expand joint drills",
                    "Kremlin denies secret talks with Kyiv",
                    "North Korea tests new solid-fuel engine",
                    "Satellite images show damage at air base",
                    "EU readies new sanctions package",
                    "Inside the race to rebuild Ukraine's grid",
                    "Who are the Russian generals who were fired?"],
        "newsletter": ["Sign up for our morning briefing: the day's top world news in your "
                       "inbox. Enter your email address.",
                       "Subscribe to keep reading. Get unlimited access for $1 a week."],
        "share": ["Share", "Facebook", "X", "Copy link"],
        "footer": ["Terms of Use", "Privacy Policy", "Cookie Settings", "Contact Us",
                   "About Us", "Advertise with us", "Careers"],
        "rights": "All rights reserved.",
        "authors": ["Jane Miller", "David Park", "Staff and agencies"],
        "crumb": ["World", "Asia", "Europe"],
    },
    "ko": {
        "menu": ["홈", "정치", "경제", "사회", "국제", "북한", "문화", "스포츠", "오피니언",
                 "포토", "영상", "전체기사"],
        "account": ["로그인", "회원가입", "검색", "메뉴"],
        "cookie": ["이 웹사이트는 이용자 경험을 개선하기 위해 쿠키를 사용합니다. 계속 이용하시면 "
                   "쿠키 사용에 동의하는 것으로 간주합니다."],
        "cookie_buttons": ["동의", "거부"],
        "by": "", "published": "입력", "updated": "수정",
        "months": [],
        "read_also": "관련기사",
        "related": ["관련기사", "많이 본 뉴스", "이 시각 주요뉴스"],
        "teasers": ["북한, 동해상으로 순항미사일 여러 발 발사", "한미 연합훈련 내일부터 시작",
                    "국정원 \"북한군 추가 파병 가능성\"", "러시아 \"북한과 군사협력 계속\"",
                    "정부, 대북 독자제재 추가 지정", "합참 \"北 도발 대비 태세 유지\""],
        "newsletter": ["뉴스레터를 구독하시고 매일 아침 주요 뉴스를 받아보세요."],
        "share": ["공유", "페이스북", "카카오톡", "링크복사"],
        "footer": ["회사소개", "이용약관", "개인정보처리방침", "청소년보호정책", "고충처리인",
                   "광고문의", "제휴문의"],
        "rights": "무단전재 및 재배포 금지.",
        "authors": ["김민준 기자", "이서연 기자"],
        "crumb": ["정치", "북한"],
    },
    "ru": {
        "menu": ["Главное", "Россия", "Мир", "Экономика", "Политика", "Общество",
                 "Происшествия", "Армия", "Наука", "Спорт", "Культура", "Видео"],
        "account": ["Войти", "Подписаться", "Поиск", "Меню"],
        "cookie": ["Мы используем файлы cookie, чтобы сделать сайт удобнее. Продолжая "
                   "пользоваться сайтом, вы соглашаетесь с политикой конфиденциальности."],
        "cookie_buttons": ["Принять", "Настроить"],
        "by": "", "published": "Опубликовано", "updated": "Обновлено",
        "months": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля"],
        "read_also": "Читайте также",
        "related": ["Читайте также", "Самое читаемое", "Главное за день"],
        "teasers": ["В Курской области отражена атака ВСУ", "Песков прокомментировал "
                    "переговоры с Киевом", "Над Белгородом сбиты ракеты", "Путин провел "
                    "совещание с членами Совбеза", "КНДР провела новое испытание",
                    "В Минобороны рассказали об освобождении села"],
        "newsletter": ["Подпишитесь на нашу рассылку, чтобы получать главные новости дня."],
        "share": ["Поделиться", "ВКонтакте", "Telegram", "Одноклассники"],
        "footer": ["О компании", "Реклама", "Контакты", "Правила использования",
                   "Политика конфиденциальности", "Вакансии"],
        "rights": "Все права защищены.",
        "authors": ["Анна Смирнова", "Игорь Волков"],
        "crumb": ["Мир", "Армия"],
    },
}
_SITES = {"fr": "Le Quotidien", "en": "The Daily Report", "ko": "한빛일보", "ru": "Вести дня"}

# A second wording of the furniture, written after the rules were tuned on the first and
# never tuned on: it says how far the paste cleaner's recognition carries to new words.
_HELDOUT = {
    "fr": {
        "menu": ["À la une", "France", "Monde", "Géopolitique", "Défense", "Tech", "Santé",
                 "Éducation", "Régions", "Le direct", "Les dossiers", "Newsletters"],
        "account": ["Mon espace", "Je m'abonne", "Recherche", "Ouvrir le menu"],
        "cookie": ["Avec votre accord, nous et nos 812 partenaires utilisons des cookies ou "
                   "technologies similaires pour stocker et accéder à des informations "
                   "personnelles comme votre visite sur ce site."],
        "cookie_buttons": ["Accepter et fermer", "Refuser", "En savoir plus"],
        "share": ["Partager sur Facebook", "Partager sur X", "Envoyer par e-mail", "Imprimer"],
        "footer": ["Conditions générales d'utilisation", "Charte de déontologie", "Aide",
                   "Publicité", "Flux RSS", "Accessibilité : partiellement conforme"],
        "related": ["À voir aussi", "Les articles les plus lus", "Dans la même rubrique"],
        "newsletter": ["Cet article est réservé aux abonnés. Il vous reste 80 % à découvrir. "
                       "Déjà abonné ? Se connecter",
                       "La newsletter Monde : chaque soir, l'essentiel en un clic."],
    },
    "en": {
        "menu": ["US", "UK", "International", "Markets", "Climate", "Travel", "Style",
                 "Health", "Weather", "Live TV", "Audio", "Games"],
        "account": ["My account", "Subscribe now", "Search", "Open menu"],
        "cookie": ["We and our 812 partners store and access information on your device, "
                   "such as cookies, and process personal data for personalised ads and "
                   "content, ad and content measurement."],
        "cookie_buttons": ["I accept", "Reject", "More options"],
        "share": ["Share on Facebook", "Share on X", "Share via Email", "Print"],
        "footer": ["Terms of Service", "Accessibility", "Help", "Advertise", "RSS",
                   "Do Not Sell or Share My Personal Information"],
        "related": ["More from World", "Trending", "Editor's picks"],
        "newsletter": ["This article is for subscribers only. Already a subscriber? Log in",
                       "Get our free daily newsletter in your inbox. Sign up"],
    },
    "ko": {
        "menu": ["속보", "IT·과학", "세계", "연예", "라이프", "사설·칼럼", "지역", "랭킹", "기획",
                 "인터뷰", "팩트체크", "구독"],
        "account": ["마이페이지", "구독하기", "통합검색", "전체메뉴"],
        "cookie": ["당사는 서비스 제공을 위해 쿠키를 이용합니다. 자세한 내용은 개인정보처리방침을 "
                   "확인하세요."],
        "cookie_buttons": ["확인", "닫기"],
        "share": ["페이스북 공유", "트위터 공유", "카카오톡 공유", "URL 복사", "글자크기"],
        "footer": ["윤리강령", "편집규약", "저작권규약", "고객센터", "사이트맵", "RSS"],
        "related": ["함께 본 기사", "최신 뉴스", "오늘의 주요뉴스"],
        "newsletter": ["매일 아침 뉴스레터로 만나보세요. 지금 무료로 구독하세요."],
    },
    "ru": {
        "menu": ["Новости", "Политика", "Бизнес", "Технологии", "Здоровье", "Авто",
                 "Недвижимость", "Путешествия", "Регионы", "Мнения", "Спецпроекты", "Архив"],
        "account": ["Личный кабинет", "Оформить подписку", "Найти", "Открыть меню"],
        "cookie": ["Сайт использует файлы cookie и сервисы аналитики. Оставаясь на сайте, "
                   "вы даёте согласие на обработку персональных данных."],
        "cookie_buttons": ["Согласен", "Подробнее"],
        "share": ["Поделиться в ВК", "Поделиться в Telegram", "Скопировать ссылку", "Печать"],
        "footer": ["Редакция", "Правила комментирования", "Соглашение", "Карта сайта",
                   "Обратная связь", "18+"],
        "related": ["Новости партнёров", "Популярное", "Последние новости"],
        "newsletter": ["Подписывайтесь на наш канал в Telegram, чтобы быть в курсе событий."],
    },
}


@dataclass
class Page:
    """One record as a saved page and as its select-all paste."""

    html: str
    paste: str
    title: str
    gold: str


def build(record: Record, *, heldout: bool = False) -> Page:
    """Lay a record into a page and its paste (furniture seeded by the record's address)."""
    seed = int(hashlib.sha256(record.url.encode()).hexdigest()[:8], 16)
    rng = random.Random(seed)  # noqa: S311 - layout variety, not secrets
    fur = _FURNITURE.get(record.lang, _FURNITURE["en"])
    if heldout:
        fur = fur | _HELDOUT.get(record.lang, _HELDOUT["en"])
    site = _SITES.get(record.lang, _SITES["en"])
    title = record.headline
    html: list[str] = []
    text: list[str] = []

    def both(markup: str, *lines: str) -> None:
        html.append(markup)
        text.extend(line for line in lines if line)

    if rng.random() < 0.5:
        cookie = rng.choice(fur["cookie"])
        buttons = fur["cookie_buttons"]
        both(f'<div class="cmp-banner"><p>{escape(cookie)}</p>'
             + "".join(f"<button>{escape(b)}</button>" for b in buttons) + "</div>",
             cookie, *buttons)
    menu = fur["menu"][: rng.randint(7, len(fur["menu"]))]
    account = fur["account"]
    both(f'<header><a class="logo" href="/">{escape(site)}</a><nav><ul>'
         + "".join(f'<li><a href="/{i}/">{escape(m)}</a></li>' for i, m in enumerate(menu))
         + "</ul></nav><div class=tools>"
         + "".join(f'<a href="/u/{i}">{escape(a)}</a>' for i, a in enumerate(account))
         + "</div></header>", site, *menu, *account)
    lines = list(record.lines)
    head = []
    while lines and lines[0][0] == "X":
        head.append(lines.pop(0)[1])
    for line in head:
        both(f'<div class="top-strip">{escape(line)}</div>', line)
    html.append("<main><article>")
    crumb = rng.sample(fur["crumb"], k=min(2, len(fur["crumb"])))
    both('<nav class="breadcrumb">' + " › ".join(
        f'<a href="/c/{i}">{escape(c)}</a>' for i, c in enumerate(crumb)) + "</nav>", *crumb)
    both(f"<h1>{escape(title)}</h1>", title)
    if lines and lines[0][0] == "T":
        lines.pop(0)
    author = rng.choice(fur["authors"])
    day = rng.randint(1, 28)
    months = fur["months"]
    if months:
        date = f"{day} {rng.choice(months)} 2024" if record.lang != "en" else (
            f"{rng.choice(months)} {day}, 2024")
    else:
        date = f"2024.0{rng.randint(1, 9)}.{day:02d}"
    date_line = f"{fur['published']} {date} à {rng.randint(6, 22)}h{rng.randint(10, 59)}" if (
        record.lang == "fr") else f"{fur['published']} {date}"
    byline = f"{fur['by']} {author}".strip()
    body_started = False
    inline_related_at = rng.randint(1, 3)
    paragraphs_seen = 0
    in_list = False
    share = rng.random() < 0.6
    meta_done = False
    for label, line in lines:
        if not meta_done and label not in ("S",):
            both(f'<div class="meta"><span class="author">{escape(byline)}</span>'
                 f'<time datetime="2024-05-{day:02d}">{escape(date_line)}</time></div>',
                 byline, date_line)
            if share:
                both('<div class="share">' + "".join(
                    f"<button>{escape(s)}</button>" for s in fur["share"]) + "</div>",
                    *fur["share"])
            meta_done = True
        if label != "L" and in_list:
            html.append("</ul>")
            in_list = False
        if label == "S":
            both(f'<p class="standfirst">{escape(line)}</p>', line)
        elif label == "B":
            both(f"<p>{escape(line)}</p>", line)
            body_started = True
            paragraphs_seen += 1
            if paragraphs_seen == inline_related_at and rng.random() < 0.5:
                teaser = rng.choice(fur["teasers"])
                both(f'<p class="read-also"><strong>{escape(fur["read_also"])}</strong> '
                     f'<a href="/a/1">{escape(teaser)}</a></p>',
                     f"{fur['read_also']} {teaser}")
        elif label == "L":
            if not in_list:
                html.append("<ul>")
                in_list = True
            both(f"<li>{escape(line)}</li>", line)
            body_started = True
        elif label == "C":
            both(f'<figure><img src="/img/{seed % 997}.jpg" alt=""><figcaption>{escape(line)}'
                 "</figcaption></figure>", line)
        elif label == "X":
            both(f'<div class="{"after" if body_started else "pre"}">{escape(line)}</div>', line)
    if in_list:
        html.append("</ul>")
    if not meta_done:
        both(f'<div class="meta">{escape(byline)} {escape(date_line)}</div>', byline, date_line)
    html.append("</article>")
    if rng.random() < 0.7:
        prompt = rng.choice(fur["newsletter"])
        both(f'<div class="newsletter"><p>{escape(prompt)}</p></div>', prompt)
    heading = rng.choice(fur["related"])
    teasers = rng.sample(fur["teasers"], k=min(len(fur["teasers"]), rng.randint(4, 6)))
    both(f'<aside class="related"><h2>{escape(heading)}</h2><ul>'
         + "".join(f'<li><a href="/a/{i}">{escape(t)}</a></li>' for i, t in enumerate(teasers))
         + "</ul></aside>", heading, *teasers)
    html.append("</main>")
    footer = fur["footer"]
    rights = f"© 2024 {site}. {fur['rights']}"
    both("<footer><ul>" + "".join(f'<li><a href="/f/{i}">{escape(f)}</a></li>'
                                  for i, f in enumerate(footer))
         + f"</ul><p>{escape(rights)}</p></footer>", *footer, rights)
    page = (
        f'<!DOCTYPE html><html lang="{record.lang}"><head><meta charset="utf-8">'
        f"<title>{escape(title)} | {escape(site)}</title>"
        f'<meta property="og:site_name" content="{escape(site)}">'
        f'<meta property="og:title" content="{escape(title)}">'
        f'<link rel="canonical" href="{escape(record.url)}">'
        "</head><body>" + "".join(html) + "</body></html>"
    )
    return Page(page, "\n".join(text) + "\n", title, record.gold)


# --- scoring ----------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def words(text: str) -> Counter:
    """Lower-cased word counts (the overlap metric's bag of words)."""
    return Counter(_WORD.findall(text.lower()))


def prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Word-overlap precision, recall and F1 of one page."""
    p, g = words(predicted), words(gold)
    common = sum((p & g).values())
    if not p or not g:
        return (0.0, 0.0, 0.0) if (p or g) else (1.0, 1.0, 1.0)
    precision, recall = common / sum(p.values()), common / sum(g.values())
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return precision, recall, f1


def _mean(scores: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return tuple(statistics.fmean(s[i] for s in scores) for i in range(3))  # type: ignore[return-value]


def score(records: list[Record]) -> dict:
    """Mean P/R/F1 per system, title accuracy, and the worst pages of each path."""
    import trafilatura

    from articles.ingest import parse_article
    from articles.ingest.html import TRAFILATURA_OPTIONS

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    rows: dict[str, list] = {
        k: [] for k in ("html", "trafilatura", "paste", "raw paste", "html held-out",
                        "trafilatura held-out", "paste held-out", "raw paste held-out")
    }  # fmt: skip
    titles = {"html": 0, "paste": 0}
    printed = sum(1 for r in records if any(label == "T" for label, _ in r.lines))
    worst: dict[str, list] = {"html": [], "paste": []}
    for record in records:
        page = build(record)
        html = parse_article(page.html, kind="html", url=record.url)
        paste = parse_article(page.paste, kind="text")
        alone = trafilatura.extract(page.html, **TRAFILATURA_OPTIONS) or ""
        for name, text in (("html", html.text), ("trafilatura", alone),
                           ("paste", paste.text), ("raw paste", page.paste)):  # fmt: skip
            rows[name].append(prf(text, page.gold))
        if any(label == "T" for label, _ in record.lines):
            # Pages whose excerpt has no headline get one made from their address:
            # not a real headline, so not counted.
            titles["html"] += html.title == page.title
            titles["paste"] += paste.title == page.title
        other = build(record, heldout=True)
        for name, text in (
            ("html held-out", parse_article(other.html, kind="html", url=record.url).text),
            ("trafilatura held-out", trafilatura.extract(other.html, **TRAFILATURA_OPTIONS) or ""),
            ("paste held-out", parse_article(other.paste, kind="text").text),
            ("raw paste held-out", other.paste),
        ):
            rows[name].append(prf(text, other.gold))
        worst["html"].append((rows["html"][-1][2], record.url))
        worst["paste"].append((rows["paste"][-1][2], record.url))
    return {
        "pages": len(records),
        "scores": {name: _mean(values) for name, values in rows.items()},
        "titles": titles,
        "printed_titles": printed,
        "worst": {k: sorted(v)[:8] for k, v in worst.items()},
    }


def score_folder(folder: Path) -> dict:
    """Scores on a folder of real saved pages: `NAME.html` (the page as saved), `NAME.gold.txt`
    (its article body, one paragraph a line, written by a person before looking at any
    output) and, when there is one, `NAME.paste.txt` (the select-all copy of the same page).

    The HTML path against `trafilatura.extract` alone, the paste path against the raw
    paste; pages without a gold body are listed, not scored.
    """
    import trafilatura

    from articles.ingest import parse_article
    from articles.ingest.decode import decode_bytes
    from articles.ingest.html import TRAFILATURA_OPTIONS

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    rows: dict[str, list] = {k: [] for k in ("html", "trafilatura", "paste", "raw paste")}
    worst: dict[str, list] = {"html": [], "paste": []}
    no_gold: list[str] = []
    for page in sorted(folder.glob("*.html")):
        name = page.name[: -len(".html")]
        gold_path = folder / f"{name}.gold.txt"
        if not gold_path.exists():
            no_gold.append(page.name)
            continue
        gold = gold_path.read_text(encoding="utf-8")
        raw = decode_bytes(page.read_bytes())
        ours = parse_article(raw, kind="html").text
        alone = trafilatura.extract(raw, **TRAFILATURA_OPTIONS) or ""
        rows["html"].append(prf(ours, gold))
        rows["trafilatura"].append(prf(alone, gold))
        worst["html"].append((rows["html"][-1][2], name))
        paste_path = folder / f"{name}.paste.txt"
        if paste_path.exists():
            pasted = decode_bytes(paste_path.read_bytes())
            rows["paste"].append(prf(parse_article(pasted, kind="text").text, gold))
            rows["raw paste"].append(prf(pasted, gold))
            worst["paste"].append((rows["paste"][-1][2], name))
    return {
        "pages": len(rows["html"]),
        "pastes": len(rows["paste"]),
        "scores": {name: _mean(values) for name, values in rows.items() if values},
        "worst": {k: sorted(v)[:8] for k, v in worst.items()},
        "no_gold": no_gold,
    }


def run_folder(stdout, folder: Path, verbosity: int = 1) -> None:
    """Print `score_folder`'s figures."""
    if not folder.is_dir():
        stdout.write(f"No folder {folder}.\n")
        return
    result = score_folder(folder)
    stdout.write(f"saved pages: {result['pages']} with a gold body, {result['pastes']} pastes\n")
    for name, (p, r, f1) in result["scores"].items():
        stdout.write(f"{name:21} F1 {f1:.3f}  P {p:.3f}  R {r:.3f}\n")
    for page in result["no_gold"]:
        stdout.write(f"  no gold body (not scored): {page}\n")
    if verbosity >= 2:
        for name, items in result["worst"].items():
            for f1, page in items:
                stdout.write(f"  worst {name}: {f1:.3f} {page}\n")


def run(stdout, options: dict) -> None:
    """Print the corpus scores (needs the local copy of the corpus, or `--folder`)."""
    if options.get("folder"):
        run_folder(stdout, Path(options["folder"]), options.get("verbosity", 1))
        return
    if not LOCAL.exists():
        stdout.write(f"No local corpus at {LOCAL}: rebuild it first (see this module's doc).\n")
        return
    records = load()
    result = score(records)
    langs = Counter(r.lang for r in records)
    by_lang = ", ".join(f"{k} {v}" for k, v in sorted(langs.items()))
    stdout.write(f"corpus: {result['pages']} pages ({by_lang})\n")
    for name, (p, r, f1) in result["scores"].items():
        stdout.write(f"{name:21} F1 {f1:.3f}  P {p:.3f}  R {r:.3f}\n")
    for name, count in result["titles"].items():
        stdout.write(f"headline exact ({name}): {count}/{result['printed_titles']}\n")
    if options.get("verbosity", 1) >= 2:
        for name, items in result["worst"].items():
            for f1, url in items:
                stdout.write(f"  worst {name}: {f1:.3f} {url}\n")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if len(sys.argv) == 3 and sys.argv[1] == "folder":
        run_folder(sys.stdout, Path(sys.argv[2]), verbosity=2)
    elif len(sys.argv) == 3 and sys.argv[1] == "rebuild":
        print(f"{rebuild(Path(sys.argv[2]))} records rebuilt into {LOCAL}")
    elif len(sys.argv) == 2 and sys.argv[1] == "manifest":
        queries = json.loads(MANIFEST.read_text("utf-8"))["queries"] if MANIFEST.exists() else {}
        MANIFEST.write_text(json.dumps(manifest(load(), queries), ensure_ascii=False, indent=1)
                            + "\n", encoding="utf-8")
    else:
        run(sys.stdout, {"verbosity": 2})
