"""Recognise one line of a pasted page: page furniture, metadata, caption, or article text.

Rules look at a single line; where a line sits in the page (before the
headline, after the last paragraph) is decided in `text.py`. Every rule that
drops a line is bounded to short lines unless it cannot match a sentence
(cookie banners are long), so a real paragraph is never dropped by a keyword.
All patterns are anchored or bounded: no nested quantifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC

from articles.ingest.dates import parse_date_line
from articles.ingest.folding import fold as fold_text
from articles.ingest.outlets import find_outlet, find_outlet_folded

# Kinds of line.
PROSE = "prose"  # a sentence or paragraph of the article
SHORT = "short"  # a line that is not a sentence: headline, subhead, menu item, link
DROP = "drop"  # furniture, dropped wherever it is
DATE = "date"
BYLINE = "byline"
PUBLISHER = "publisher"
READING = "reading"
CAPTION = "caption"
CREDIT = "credit"  # a photo credit alone on its line
RELATED = "related"  # "Lire aussi", "Related": the short lines after it are links
END = "end"  # "Sur le même sujet", "Most read", comments: the article is over

# Reasons shown to researchers in `dropped`.
R_REPEAT = "repeated paragraph"
R_URL = "image file name or link"
R_SHARE = "share buttons"
R_NAV = "navigation or menu"
R_AD = "advertising"
R_RELATED = "related link"
R_COOKIE = "cookie banner"
R_NEWSLETTER = "newsletter or subscription prompt"
R_COMMENTS = "comment count or comments section"
R_AUDIO = "audio player"
R_FOOTER = "footer"
R_CREDITS = "reporting credits"
R_DATE = "publication date (kept as metadata)"
R_BYLINE = "byline (kept as authors)"
R_PUBLISHER = "publisher (kept as metadata)"
R_READING = "reading time (kept as metadata)"
R_CAPTION = "photo caption (kept in captions)"
R_PHOTO_CREDIT = "photo credit"
R_TITLE = "headline (kept as title)"
R_LEAD_REPEATED = "lead (kept as lead; its text is in the first paragraph)"
R_HEADER = "page header before the headline"
R_TAIL = "after the article (related links, footer)"
R_LABEL = "label near the headline"
R_NO_WORDS = "no words"
R_RELATIVE_DATE = "relative date"
R_PROMO = "promotion"
R_AUTHOR_BOX = "author box"

_SHARE = {
    "partager", "partage", "partagez", "partager l'article", "partager cet article",
    "partager sur facebook", "partager sur twitter", "partager sur x", "partager sur linkedin",
    "partager sur whatsapp", "partager par e mail", "partager par email", "envoyer par e mail",
    "envoyer par email", "copier le lien", "lien copie", "imprimer", "imprimer l'article",
    "share", "share this", "share this article", "share this story", "share on facebook",
    "share on twitter", "share on x", "share on linkedin", "share on whatsapp",
    "share via email", "share by email", "share full article", "copy link", "link copied",
    "copied", "print", "email", "e mail", "mail", "facebook", "twitter", "x", "whatsapp",
    "linkedin", "telegram", "reddit", "bluesky", "threads", "instagram", "youtube",
    "tiktok", "flipboard", "messenger", "pinterest", "gift this article", "gift article",
    "offrir l'article", "offrir cet article", "ajouter a mes favoris", "ajouter aux favoris",
    "sauvegarder", "enregistrer", "save", "save article", "saved", "favoris", "suivre",
    "follow", "follow us", "suivez nous", "lire plus tard", "lire dans l'application",
    "s'abonner a la chaine", "reagir", "commenter", "comment", "add comment",
    "ouvrir dans l'application", "voir sur la carte", "signaler", "repondre", "report",
    "reply", "like", "j'aime", "plein ecran", "fermer", "close",
    "agrandir", "zoom", "retour", "back", "back to top", "haut de page", "retour en haut",
    # Korean, Russian, Ukrainian
    "공유", "공유하기", "페이스북", "카카오톡", "카카오스토리", "트위터", "링크복사", "url복사",
    "스크랩", "인쇄", "поделиться", "вконтакте", "одноклассники", "телеграм",
    "скопировать ссылку", "ссылка скопирована", "поділитися", "копіювати посилання",
    "распечатать", "друк", "в избранное",
}  # fmt: skip
_NAV = {
    "this article is more than month old", "this article is more than months old",
    "this article is more than year old", "this article is more than years old",
    "menu", "rechercher", "recherche", "search", "accueil", "home", "homepage",
    "skip to content", "skip to main content", "aller au contenu", "aller au contenu principal",
    "mon compte", "my account", "se connecter", "connexion", "log in", "login", "sign in",
    "sign out", "register", "se deconnecter", "s'inscrire", "inscription", "edition",
    "editions", "edition du jour", "en direct", "direct", "live", "videos", "video",
    "podcasts", "podcast", "newsletters", "services", "jeux", "meteo", "horoscope",
    "programme tv", "replay", "toute l'actualite", "a la une", "l'actu", "actualites",
    "actualite", "news", "latest", "latest news", "top stories", "world", "monde",
    "international", "politique", "economie", "societe", "culture", "sport", "sports",
    "business", "opinion", "opinions", "idees", "debats", "tribunes", "planete", "sciences",
    "science", "tech", "technology", "health", "sante", "asia", "asie", "europe", "africa",
    "afrique", "americas", "ameriques", "moyen orient", "middle east", "asia pacific",
    "asie pacifique", "asie et pacifique", "north korea", "coree du nord", "en continu",
    "le fil", "fil info", "fil d'actu", "les essentiels", "plus", "more", "voir plus",
    "see more", "voir tout", "see all", "view all", "tout voir", "lire la suite",
    "continue reading", "suite", "next", "previous", "precedent", "suivant", "page suivante",
    "sections", "all sections", "rubriques", "themes", "tags", "mots cles", "topics",
    "subjects", "sujets", "explore", "explorer", "francais", "english", "fr", "en",
    "nation", "defense", "north korea news", "korea", "national", "diplomacy", "military",
    "politics", "world news", "europe news", "asia news", "ukraine war", "russia ukraine war",
    "guerre en ukraine", "guerre en ukraine l'actualite",
    "홈", "메뉴", "검색", "로그인", "로그아웃", "회원가입", "전체기사", "전체메뉴", "정치", "경제",
    "사회", "국제", "북한", "문화", "스포츠", "오피니언", "포토", "영상", "연예", "생활",
    "главная", "главное", "меню", "поиск", "войти", "выйти", "регистрация", "новости",
    "россия", "мир", "политика", "экономика", "общество", "происшествия", "армия", "наука",
    "спорт", "культура", "видео", "фото", "в мире", "головна", "новини", "пошук", "увійти",
    "україна", "світ", "політика", "економіка", "суспільство", "війна", "відео",
}  # fmt: skip
_AD = {
    "advertisement scroll to continue", "publicite scroll to continue", "scroll to continue",
    "continuer la lecture", "la suite sous cette publicite",
    "publicite", "pub", "annonce", "contenu sponsorise", "sponsorise", "contenu partenaire",
    "advertisement", "advertising", "ad", "ads", "sponsored", "sponsored content",
    "skip advertisement", "advertisement skip advertisement", "paid content", "promoted",
    "partner content", "la suite apres cette publicite", "la suite apres la publicite",
    "article continues below", "story continues below", "story continues below advertisement",
    "continue reading below", "ad feedback", "supported by",
}  # fmt: skip
_AUDIO = {
    "ecouter", "ecouter cet article", "ecouter l'article", "listen", "listen to this article",
    "listen to article", "listen to this story", "play", "pause", "lecture", "ecouter plus tard",
    "ecouter le podcast", "audio", "video", "regarder", "regarder la video", "watch",
    "watch video", "watch the video", "voir la video", "play video",
}  # fmt: skip
_RELATED = {
    "lire aussi", "a lire aussi", "lire egalement", "a lire egalement", "voir aussi",
    "a voir aussi", "sur le meme sujet", "dans la meme rubrique", "a decouvrir", "a lire",
    "read more", "read also", "also read", "related", "related articles", "related stories",
    "related content", "see also", "read next", "more on this story", "more on this topic",
    "more stories", "recommended", "recommended stories", "you may also like",
    "vous aimerez aussi", "nos articles", "les articles les plus lus", "plus d'articles",
    "en lien avec", "articles lies", "ces articles peuvent vous interesser",
    "a lire sur le meme sujet", "related coverage", "related topics", "related news",
    "latest from", "explore more", "sujets associes", "decouvrir",
    "관련기사", "관련 기사", "함께 본 기사", "читайте также", "по теме", "на тему",
    "читайте також", "по темі", "дивіться також", "смотрите также",
}  # fmt: skip
_END = {
    "sur le meme sujet", "dans la meme rubrique", "les plus lus", "les plus partages",
    "les plus commentes", "les articles les plus lus", "most read", "most viewed",
    "most popular", "top stories", "more on this story", "related topics", "related stories",
    "related articles", "related content", "related coverage", "related news", "read next",
    "you may also like", "vous aimerez aussi", "ces articles peuvent vous interesser",
    "commentaires", "comments", "reactions", "voir les commentaires", "view comments",
    "show comments", "leave a comment", "join the conversation", "contribuer",
    "a lire sur le meme sujet", "more stories", "latest news", "latest stories", "trending",
    "trending now", "en ce moment", "a decouvrir", "recommended", "recommended stories",
    "explore more", "sujets associes", "mots cles", "tags", "topics", "keywords",
    "plus d'articles", "nos services", "nos applications", "footer", "newsletters",
    "en continu", "le fil", "l'actualite a ne pas manquer", "a ne pas manquer",
    "don't miss", "editor's picks", "le choix de la redaction", "more from",
    "관련기사", "많이 본 뉴스", "많이 본 기사", "이 시각 주요뉴스", "주요뉴스", "댓글",
    "читайте также", "самое читаемое", "главное за день", "комментарии", "по теме",
    "читайте також", "найпопулярніше", "коментарі", "новини по темі", "популярное",
}  # fmt: skip
_FOOTER = {
    "mentions legales", "politique de confidentialite", "gestion des cookies",
    "parametres des cookies", "parametrer les cookies", "cookies", "contact",
    "nous contacter", "contactez nous", "plan du site", "cgu", "cgv",
    "conditions generales d'utilisation", "conditions generales de vente", "aide", "faq",
    "qui sommes nous", "charte", "charte de deontologie", "accessibilite",
    "accessibilite partiellement conforme", "recrutement", "annonceurs", "publicite",
    "terms of use", "terms of service", "terms and conditions", "privacy policy",
    "privacy", "cookie policy", "cookie settings", "manage cookies", "do not sell my data",
    "do not sell or share my personal information", "contact us", "about us", "about",
    "help", "sitemap", "site map", "accessibility", "careers", "advertise with us",
    "corrections", "all rights reserved", "tous droits reserves", "rss", "flux rss",
    "accept", "accept all", "tout accepter", "reject all", "tout refuser",
    "continuer sans accepter",
    "j'accepte", "i agree", "ok", "parametrer", "personnaliser", "manage preferences",
    "회사소개", "이용약관", "개인정보처리방침", "청소년보호정책", "광고문의", "제휴문의",
    "고충처리인", "기사제보", "구독신청", "동의", "거부", "о компании", "о нас", "реклама",
    "контакты", "правила использования", "политика конфиденциальности", "вакансии",
    "пользовательское соглашение", "принять", "настроить", "про нас", "контакти",
    "політика конфіденційності", "умови використання", "прийняти",
}  # fmt: skip

_EXACT: dict[str, str] = {}
for _words, _reason in (
    (_NAV, R_NAV), (_FOOTER, R_FOOTER), (_AD, R_AD), (_SHARE, R_SHARE), (_AUDIO, R_AUDIO),
):  # fmt: skip
    for _word in _words:
        _EXACT[_word] = _reason

_KEY_JUNK = re.compile(r"[^\w']+")
_HAS_DIGIT = re.compile(r"\d")
LONG_LINE = 5000
_DIGITS = re.compile(r"\d+")

_URLISH = re.compile(
    r"(?:https?://|www\.)\S*|\S*\.(?:jpe?g|png|gif|webp|svg|avif|bmp|tiff?|mp4|m3u8)\b\S*",
    re.IGNORECASE,
)
_RELATED_PREFIX = re.compile(
    r"^(?:>>|►|▶|→|»|\+)?\s?(?:a lire aussi|lire aussi|a lire egalement|lire egalement|"
    r"voir aussi|a voir aussi|read more|read also|also read|see also|related|more on)\b"
)
# Rubric labels before a link ("VIDEO. ...", "Analyse | ..."): only with their separator,
# since "Direct talks between..." or "Analyse des images..." can open a sentence.
_LABEL_PREFIX = re.compile(
    r"^(?:en direct|direct|live|video|videos|reportage|podcast|infographie|decryptage|"
    r"temoignage|enquete|analyse|entretien|interview|recit|portrait|exclusif|exclusive|"
    r"replay|diaporama|photos|carte|map|explainer|watch)\s?[:|›>»—–]"
)
_UPPER_LABEL = re.compile(
    r"^(?:VID[EÉ]O|VIDEO|DIRECT|LIVE|INFO|PODCAST|RECIT|RÉCIT|ENQU[EÊ]TE|REPORTAGE)S?\.\s"
)
_ARROW_PREFIX = re.compile(r"^(?:>>|►|▶|→|➜|➤)")
_COOKIE_B = re.compile(
    r"\b(?:accept\w*|consent\w*|partenaires|partners|parametr\w*|personnalis\w*|"
    r"privacy|confidentialite|vie privee|navigation|browsing|preferences|tiers|third part\w*|"
    r"동의\w*|соглаша\w*|конфиденциальн\w*|погоджу\w*|згод\w*|конфіденційн\w*)"
)
_NEWSLETTER = re.compile(
    r"\b(?:newsletters?|inscrivez vous|abonnez vous|s'abonner|je m'abonne|s'inscrire|"
    r"sign up|subscribe\w*|subscription|abonnement|abonne|abonnes|offre d'essai|"
    r"free trial|unlock|debloquer|your inbox|votre boite|boite mail|e mail address|"
    r"adresse e mail|adresse email|recevez|receive our|get our|connectez vous|log in to|"
    r"create an account|creez un compte|already a subscriber|deja abonne|"
    r"premium|soutenez|support our journalism|support independent|unlimited access|"
    r"acces illimite|full access|lire la suite de l'article|continue reading with|"
    r"뉴스레터|구독\w*|подпиш\w*|рассылк\w*|підпиш\w*|розсилк\w*|передплат\w*)\b"
)
_COMMENT_COUNT = re.compile(
    r"^(?:\d[\d\s.,]*\s?k?\s?(?:commentaires?|comments?|reactions?|partages?|shares?|"
    r"vues?|views?|likes?|j'aime|replies|reponses?)|(?:commentaires?|comments?|reactions?|"
    r"reagir|voir les commentaires|view comments|show comments)\s?\(?\s?\d[\d\s.,]*\)?)$"
)
_COMMENTS_SECTION = re.compile(
    r"^(?:\d+\s)?(?:commentaires?|comments?|reactions?)\b|^(?:voir|lire|afficher|view|show|"
    r"read)\s(?:les\s|all\s|the\s)?(?:\d+\s)?(?:commentaires|comments)"
)
_AUDIO_RE = re.compile(
    r"^(?:ecouter|listen|lecture audio|audio|play|regarder|watch)\b.{0,60}$"
    r"|^\d{1,2}:\d{2}(?:\s?/\s?\d{1,2}:\d{2})?$"
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\b|our standards\b|nos engagements\b)"
    r"|\b(?:tous droits reserves|all rights reserved|trust principles|все права защищены|"
    r"всі права захищені|무단전재|재배포 금지)\b"
)
_CREDITS = re.compile(
    r"^(?:reporting by|additional reporting by|writing by|editing by|edited by|"
    r"compiled by|with reporting from|reporting from|redaction|edition|propos recueillis par)\b"
    r"|^\(?(?:avec|with) (?:afp|reuters|ap|agences|agencies)\)?\.?$"
)
# Tried only on lines that have the word: `.{0,200}` makes it the slow alternative.
_CREDITS_CONTRIBUTED = re.compile(r"^.{0,200}\bcontributed (?:to this )?report(?:ing)?\.?$")
_READING = re.compile(
    r"^(?:temps de lecture|duree de lecture|lecture|reading time|read time|temps estime)\s?:?\s?"
    r"(\d{1,3})\s?(?:min(?:ute)?s?|mn)\b\.?(?:\s?(?:de lecture|read))?$"
    r"|^(\d{1,3})\s?(?:-\s?)?(?:min(?:ute)?s?|mn)\.?(?:\s?(?:de lecture|read|reading))?$"
)
_BYLINE = re.compile(
    r"^(?:texte par|textes par|propos recueillis par|par|by|written by|auteur|auteurs|author"
    r"|authors|texte)\s?:?\s",
    re.I,
)
# "Avec notre correspondant à Séoul, Frédéric Ojardias" (RFI), "De notre envoyée spéciale..."
_CORRESPONDENT = re.compile(
    r"^(?:avec|de|par) (?:notre|nos) (?:correspondante?s?|envoyee?s? speciale?s?|"
    r"envoyes? speciaux|bureau)\b[^,]{0,60}, (.{3,60})$"
)
# A credit after the caption's last sentence, without brackets: "... 27 décembre 2025. AP"
_TRAILING_CREDIT = re.compile(r"[.!?]\s((?:[^\s.!?]+\s){0,6}[^\s.!?]+)$")
_PARTICLES = frozenset(
    {"de", "du", "des", "van", "von", "da", "di", "le", "la", "al", "bin", "el", "d'", "der"}
)
_BYLINE_CUT = re.compile(
    r"\s(?:publie|published|posted|updated|mis a jour|modifie|le \d|on \d|\d{1,2}[/.]\d|"
    r"\d{1,2}\s(?:janv|fev|mars|avr|mai|juin|juil|aout|sept|oct|nov|dec|jan|feb|mar|apr|may|"
    r"jun|jul|aug|sep)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s\d|\||—|–|·)"
)
_NAME_SPLIT = re.compile(r"\s?,\s?|\s(?:et|and|&)\s")
_PAREN = re.compile(r"\s?\([^()]{0,80}\)")
_ROLE = re.compile(
    r"\b(?:correspondant|correspondante|envoye|envoyee|journaliste|redacteur|redactrice|"
    r"correspondent|reporter|editor|staff writer|writer|chief|bureau|special|contributor|"
    r"analyst|presenter|envoy|"
    r"a seoul|in seoul|a moscou|in moscow|a kyiv|in kyiv|a kiev|a pekin|in beijing|a tokyo|"
    r"in tokyo|a paris|in paris|in london|a londres|in washington|a washington)\b"
)
_WITH_AGENCY = re.compile(
    r"^(.{2,40}?)\s(?:avec|et|with|and)\s(?:l')?(?:afp|reuters|ap|agences|agencies|ats|belga|"
    r"yonhap|associated press)\.?$"
)
_AGENCY_TOKENS = re.compile(
    r"\b(?:afp|reuters|ap|kcna|kns|yonhap|epa|efe|getty|getty images|sputnik|ria novosti|tass|"
    r"anadolu|ukrinform|pool|handout|xinhua|maxppp|abaca|sipa|hans lucas|shutterstock|"
    r"alamy|bloomberg|nk news|rodong sinmun|nurphoto|zuma|dr|ministry|press service|"
    r"photo|photos|illustration|archives|file|kremlin|kcna via|via)\b"
)
_PHOTO_LABEL = re.compile(
    r"(?:^|\s)(?:photo|photograph|picture|image|credit|credits|credit photo|credits photo|"
    r"photo credit|source|illustration)\s?:\s?([^:]{2,80})$"
)
_CREDIT_LABEL = re.compile(
    r"^(?:photo|image|photograph|credit|crédit|credits|crédits)\s?:\s?", re.I
)
_IMAGE_SOURCE = re.compile(
    r"^(?:image source|source de l'image|media source|video source)\s?[,:]\s?"
)
_IMAGE_CAPTION = re.compile(r"^(?:image caption|legende|caption|legende de l'image)\s?[,:]\s?")
# How photo and video captions open, in the desk's languages.
_CAPTION_CUE = re.compile(
    r"^(?:(?:this|an?)\s)?(?:handout\s)?(?:image|photo|photograph|picture|still|screenshot|"
    r"screen ?grab|video ?grab|frame ?grab|footage)s?\s(?:captured|taken|made|grabbed|"
    r"released|provided|obtained|distributed|published|from|shows?|showing)\b"
    r"|^in this (?:image|photo|photograph|picture|handout|undated|file)\b"
    r"|^(?:capture d'ecran|image tiree d'une video|image extraite d'une video|"
    r"photo d'illustration|cette (?:image|photo)\s(?:tiree|diffusee|publiee|fournie|prise)|"
    r"photo (?:prise|diffusee|publiee|fournie)|sur cette (?:image|photo))\b"
    r"|^(?:кадр из видео|скриншот|фото из открытых источников|кадр з відео)"
    r"|^사진\s?="
)
# Tried only on lines that have the word: `.{0,200}` makes it the slow alternative.
_CAPTION_CUE_KO = re.compile(r".{0,200}[/\[(]\s?사진\s?=")
_MID_SENTENCE = re.compile(r"[.!?]\s+[A-ZА-ЯЁ]")
# Words of reported speech: a line with them is a sentence of the article, not a caption.
_REPORTING = re.compile(
    r"\b(?:said|says|told|according to|a declare|a affirme|a indique|selon|заявил\w*|сообщил\w*)\b"
)


def _one_sentence(text: str) -> bool:
    return _MID_SENTENCE.search(text.rstrip(".!? ")) is None and not _REPORTING.search(fold(text))


_LICENSING = re.compile(
    r"\s?(?:purchase licensing rights|acheter les droits)(?:, opens new tab)?$", re.IGNORECASE
)
# "... on December 13, 2025. KCNA via REUTERS/File Photo": Reuters credits close the caption.
_REUTERS_CREDIT = re.compile(
    r"(?:^|[.!?]\s)([A-Z][\w.-]{0,30}(?:\s[\w.-]{1,30}){0,4}\s)?(REUTERS(?:/[^/]{1,40}){0,2})$"
)
_BREADCRUMB = re.compile(r"\s(?:›|»|>|/|\|)\s")
_SENTENCE_END = re.compile(r"(?:[.…]|[.!?…]\s?[»\"”’'\)])$")

# Cheap necessary conditions checked before the unanchored searches. Python's `re` tries
# every alternative at every word start, so `_NEWSLETTER.search` cost 2 µs on each short
# line of a paste and `_AGENCY_TOKENS.search` 1 µs; a set look-up on the line's words
# rules most lines out first. Each set names, for every alternative of its pattern, one
# word the alternative can only match as a whole word (or, for `\w*` endings, as the
# start of one), so a line passing over the test can never match the pattern.
_NEWSLETTER_WORDS = frozenset({
    "newsletter", "newsletters", "inscrivez", "abonnez", "abonner", "abonne", "inscrire",
    "sign", "subscription", "abonnement", "abonnes", "essai", "trial", "unlock", "debloquer",
    "inbox", "boite", "address", "adresse", "recevez", "receive", "get", "connectez", "log",
    "account", "compte", "subscriber", "premium", "soutenez", "support", "unlimited",
    "illimite", "access", "suite", "continue", "뉴스레터",
})  # fmt: skip
_NEWSLETTER_STEMS = ("subscribe", "구독", "подпиш", "рассылк", "підпиш", "розсилк", "передплат")
_AGENCY_FIRST_WORDS = frozenset({
    "afp", "reuters", "ap", "kcna", "kns", "yonhap", "epa", "efe", "getty", "sputnik", "ria",
    "tass", "anadolu", "ukrinform", "pool", "handout", "xinhua", "maxppp", "abaca", "sipa",
    "hans", "shutterstock", "alamy", "bloomberg", "nk", "rodong", "nurphoto", "zuma", "dr",
    "ministry", "press", "photo", "photos", "illustration", "archives", "file", "kremlin", "via",
})  # fmt: skip
_WITH_AGENCY_ENDS = ("afp", "reuters", "ap", "agences", "agencies", "ats", "belga", "yonhap",
                     "associated press")  # fmt: skip


def _key_words(key: str) -> list[str]:
    """The `\\w+` runs of a key (a key holds only word characters, apostrophes and spaces)."""
    return key.replace("'", " ").split() if "'" in key else key.split()


def _newsletter(key: str, words: list[str]) -> bool:
    """`_NEWSLETTER.search(key)`, with the word test first; `words` are the key's runs."""
    if _NEWSLETTER_WORDS.isdisjoint(words) and "subscribe" not in key and (
        key.isascii() or not any(stem in key for stem in _NEWSLETTER_STEMS)
    ):
        return False
    return _NEWSLETTER.search(key) is not None


def _names_agency(folded: str, plain_words: list[str] | None) -> bool:
    """`_AGENCY_TOKENS.search(folded)`; `plain_words` are folded's word runs when known."""
    if plain_words is not None and _AGENCY_FIRST_WORDS.isdisjoint(plain_words):
        return False
    return _AGENCY_TOKENS.search(folded) is not None


def _with_agency(folded: str) -> re.Match | None:
    """`_WITH_AGENCY.match(folded)`, skipped when the line does not end with an agency."""
    tail = folded[:-1] if folded.endswith("\n") else folded
    if tail.endswith("."):
        tail = tail[:-1]
    return _WITH_AGENCY.match(folded) if tail.endswith(_WITH_AGENCY_ENDS) else None


@dataclass(slots=True)
class Line:
    """One line of the input and what it was recognised as."""

    text: str
    kind: str
    reason: str = ""
    key: str = ""  # words only (no digits, no punctuation), for the furniture lists
    data: dict = field(default_factory=dict)
    repeat_key: str = ""  # words and numbers, for repeat detection


fold = fold_text  # re-exported: the form all rules match on


def line_key(folded: str) -> str:
    """Words only: `Partager (12)` -> `partager`, `« Lire aussi » :` -> `lire aussi`."""
    return " ".join(_DIGITS.sub(" ", _KEY_JUNK.sub(" ", folded.replace("_", " "))).split())


def repeat_key(text: str) -> str:
    """Words and numbers, case and punctuation aside: two lines with one key are one paragraph."""
    if len(text) > LONG_LINE:
        return text
    return " ".join(_KEY_JUNK.sub(" ", fold(text)).split())


def word_count(text: str) -> int:
    return len(text.split())


def is_prose(text: str, words: int) -> bool:
    """A sentence: ends like one and has at least three words, or is long."""
    if words >= 20:
        return True
    if words < 3 or not _SENTENCE_END.search(text[-4:]):
        return False
    return has_lowercase(text)


def has_lowercase(text: str) -> bool:
    """A lower-case letter, or a letter of a script without case (Hangul, kana, Han).

    Korean and Japanese sentences have no lower case: "발표했다." is as much a
    sentence as "a annoncé.", and must not read as a shouted label.
    """
    if text[1:2].islower() or text[:1].islower():  # most lines: settled by their first letters
        return True
    return any(
        ch.islower() or (ch.isalpha() and not ch.isupper() and ord(ch) >= 0x1100) for ch in text
    )


def _is_copyright(folded: str) -> bool:
    if not ("©" in folded or "(c)" in folded or "copyright" in folded or "reserv" in folded
            or "principles" in folded or folded.startswith(("our standards", "nos engagements"))):
        return False
    return _COPYRIGHT.search(folded) is not None


def credit_like(inner: str) -> bool:
    """Whether the text in the final parentheses of a line is a photo credit."""
    if not 2 <= len(inner) <= 80 or inner.count(" ") > 9:
        return False
    folded = fold(inner)
    if "/" in inner or " via " in folded or _AGENCY_TOKENS.search(folded):
        return True
    letters = [ch for ch in inner if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) / len(letters) > 0.7


def split_caption(text: str, folded: str | None = None) -> tuple[str, str] | None:
    """(caption, credit) when a line is a photo caption ending with its credit, else None."""
    if len(text) < 20 or len(text) > 800:
        return None
    if "icensing" in text or "droits" in text:
        text = _LICENSING.sub("", text)
        folded = None
    if text.endswith(")"):
        start = text.rfind("(")
        if start > 10:
            inner = text[start + 1 : -1].strip()
            if credit_like(inner):
                return text[:start].strip(), inner
    bar = text.rfind(" | ")
    if bar > 10 and credit_like(text[bar + 3 :].strip()):
        credit = _CREDIT_LABEL.sub("", text[bar + 3 :].strip())
        return text[:bar].strip(), credit
    if folded is None or len(folded) != len(text):
        folded = fold(text)
    match = _PHOTO_LABEL.search(folded) if ":" in text else None
    if match and match.start() > 10:
        credit = text[match.start(1) :].strip()
        if credit_like(credit) or word_count(credit) <= 6:
            return text[: match.start()].strip(), credit.rstrip(".")
    copyright_at = text.rfind("©")
    if copyright_at > 10 and len(text) - copyright_at < 80:
        return text[:copyright_at].strip(), text[copyright_at + 1 :].strip()
    tail = (
        _TRAILING_CREDIT.search(text)
        if text[-1:].isalpha() and ("." in text or "!" in text or "?" in text)  # it needs one
        else None
    )
    if tail and tail.start(1) > 20 and word_count(text) <= 60:
        credit = tail.group(1).strip()
        if credit_like(credit) and _AGENCY_TOKENS.search(fold(credit)) and credit[:1].isupper():
            return text[: tail.start(1)].strip(), credit
    match = _REUTERS_CREDIT.search(text) if "REUTERS" in text else None
    if match and match.start(2) > 10:
        start = match.start(1) if match.group(1) else match.start(2)
        return text[:start].strip(), text[start:].strip()
    return None


def _name_like(name: str) -> bool:
    """`Jean Dupont`, `Hyung-Jin Kim`, `Anne de la Tour`: capitalised words and particles."""
    tokens = name.split()
    return bool(tokens) and tokens[0][:1].isupper() and all(
        t[:1].isupper() or t.lower() in _PARTICLES for t in tokens
    )


_NAME_IN_PLACE = re.compile(
    r"^(.{3,60}?) (?:in|à|a|en|reporting from|depuis) ([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)$"
)
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]{1,40}(?:, [A-Za-z .]{2,30})?(?:, [A-Z][a-z]{2,4}\.? \d{1,2})? "
    r"\((AFP|Reuters|AP|Yonhap|TASS|Xinhua|Kyodo|dpa|UPI|Bloomberg)\)\s?(?:-|—|–|--)"
)


def byline_name(text: str) -> str:
    """The name in a byline printed without "By": `Jean Mackenzie`, `Justin McCurry in Tokyo`."""
    match = _NAME_IN_PLACE.match(text)
    name = match.group(1) if match else text
    words = name.split()
    if 2 <= len(words) <= 4 and _name_like(name) and not find_outlet(name):
        return name
    return ""


def is_role(text: str) -> bool:
    """`Seoul correspondent`, `Correspondant à Séoul`, `BBC News, Seoul`: a byline's second line."""
    return word_count(text) <= 6 and bool(_ROLE.search(fold(text)))


def dateline_agency(text: str) -> str:
    """`SEOUL, Dec 27 (Reuters) - ...` -> `Reuters`: the wire agency that filed the story."""
    match = _DATELINE.match(text[:120])
    return match.group(1) if match else ""


def parse_byline(text: str) -> tuple[list[str], str, str]:
    """(authors, outlet, rest) from `Par Jean Dupont et Anne Martin`, `By Josh Smith`, ...

    `rest` is what followed the names on the same line (often the date).
    """
    body = _BYLINE.sub("", text, count=1)
    folded = fold(body)
    cut = _BYLINE_CUT.search(folded)
    rest = ""
    if cut:
        body, rest = body[: cut.start()], body[cut.start() :].strip(" |—–·")
    body = _PAREN.sub("", body).strip(" ,;:.")
    outlet = ""
    with_agency = _WITH_AGENCY.match(fold(body))
    if with_agency:
        named = body[: with_agency.end(1)]
        found = find_outlet(named)
        if found:
            return [], named.strip(), rest
        body = named
    authors: list[str] = []
    for part in _NAME_SPLIT.split(body):
        name = part.strip(" .;:")
        if not name:
            continue
        if _ROLE.search(fold(name)):
            continue
        if find_outlet(name):
            outlet = outlet or name
            continue
        if word_count(name) <= 5 and _name_like(name):
            authors.append(name)
    return authors, outlet, rest


# Every rule pattern matched at the start of the folded line, in one alternation: when it
# does not match, none of them can, and the eight tries are skipped (most lines open with
# none of these words; one match costs a quarter of the eight).
_OPENINGS = re.compile(
    "|".join(
        f"(?:{pattern.pattern})"
        for pattern in (_CORRESPONDENT, _RELATED_PREFIX, _LABEL_PREFIX, _CREDITS,
                        _IMAGE_CAPTION, _CAPTION_CUE, _AUDIO_RE, _IMAGE_SOURCE)
    )
)  # fmt: skip


def plain_key(folded: str) -> str:
    """Words and numbers of a folded line, one space apart (`repeat_key` without the fold)."""
    return " ".join(_KEY_JUNK.sub(" ", folded.replace("_", " ")).split())


def classify(text: str, folded: str | None = None, plain: str | None = None) -> Line:
    """Recognise one stripped, non-empty line (its position is judged later).

    `folded` (`fold(text)`) and `plain` (`plain_key(folded)`) may be given when the
    caller computed them for many lines at once.
    """
    if len(text) > LONG_LINE:
        # No furniture is this long: only a sentence-like test, on a bounded sample.
        kind = PROSE if has_lowercase(text[:2000]) else SHORT
        return Line(text, kind, key=line_key(fold(text[:LONG_LINE])), repeat_key=text)
    words = word_count(text)
    if folded is None:
        folded = fold(text)
    if plain is None:
        plain = plain_key(folded)
    # fold() and the key keep every digit: one test serves the text, the fold and the key.
    has_digit = _HAS_DIGIT.search(text) is not None
    key = " ".join(_DIGITS.sub(" ", plain).split()) if has_digit else plain
    line = Line(text, SHORT, "", key, {}, plain)
    opens = _OPENINGS.match(folded) is not None
    if not key and not has_digit:
        line.kind, line.reason = DROP, R_NO_WORDS
        return line
    # Cookie banners are long and full of sentences: match on content at any length.
    if (
        ("cookie" in folded or "traceur" in folded or "tracker" in folded or "쿠키" in folded
         or "куки" in folded)
        and words < 150
        and _COOKIE_B.search(folded)
    ):
        line.kind, line.reason = DROP, R_COOKIE
        return line
    if words <= 3 and ("/" in text or "." in text) and _URLISH.fullmatch(text.strip("()[]<>\"' ")):
        line.kind, line.reason = DROP, R_URL
        return line
    if words == 1 and "/" in text and not text[:1].isalpha():
        line.kind, line.reason = DROP, R_URL
        return line
    correspondent = _CORRESPONDENT.match(folded) if opens and words <= 16 else None
    if correspondent:
        name = text[correspondent.start(1) :].strip(" .")
        if _name_like(name):
            line.kind, line.reason = BYLINE, R_BYLINE
            line.data = {"authors": [name], "outlet": "", "rest": ""}
            return line
    if _BYLINE.match(text) and words <= 20 and not (text.endswith(".") and text[-3:-2] != " "):
        authors, outlet, rest = parse_byline(text)
        # "Par la rédaction avec AFP": a byline naming no person is still a byline.
        if authors or outlet or _WITH_AGENCY.match(fold(_BYLINE.sub("", text, count=1))):
            line.kind, line.reason = BYLINE, R_BYLINE
            line.data = {"authors": authors, "outlet": outlet, "rest": rest}
            return line
    if words <= 30 and has_digit:
        dates = parse_date_line(text, UTC, folded=folded)
        if dates.is_date_line:
            line.kind = DATE
            line.reason = R_RELATIVE_DATE if dates.relative else R_DATE
            return line
    if not key:
        line.kind, line.reason = DROP, R_NO_WORDS
        return line
    key_words = _key_words(key)
    if words <= 12:
        short = _classify_short(text, folded, key, words, line, has_digit, key_words, opens)
        if short is not None:
            return short
    if words <= 40:
        if (
            _ARROW_PREFIX.match(text)
            or (opens and _RELATED_PREFIX.match(folded) and words > 2)
            or (opens and _LABEL_PREFIX.match(folded))
            or (words > 2 and _UPPER_LABEL.match(text))
        ) and (not _SENTENCE_END.search(text[-4:]) or words <= 20):
            line.kind, line.reason = DROP, R_RELATED
            return line
        if words > 12 and _is_copyright(folded):  # shorter lines: tested in _classify_short
            line.kind, line.reason = DROP, R_FOOTER
            return line
        if (opens and _CREDITS.match(folded)) or (
            "contributed" in folded and _CREDITS_CONTRIBUTED.match(folded)
        ):
            line.kind, line.reason = DROP, R_CREDITS
            return line
        if words <= 30 and _newsletter(key, key_words):  # a key has no "-" left
            line.kind, line.reason = DROP, R_NEWSLETTER
            return line
    caption = split_caption(text, folded)
    if caption is not None and caption[0]:
        line.kind, line.reason = CAPTION, R_CAPTION
        line.data = {"text": caption[0], "credit": caption[1]}
        return line
    if opens and _IMAGE_CAPTION.match(folded):
        line.kind, line.reason = CAPTION, R_CAPTION
        line.data = {"text": text[_IMAGE_CAPTION.match(folded).end() :].strip(), "credit": ""}
        return line
    if (
        words <= 50
        and (
            (opens and _CAPTION_CUE.match(folded))
            or ("사진" in folded and _CAPTION_CUE_KO.match(folded))
        )
        and _one_sentence(text)
    ):
        # "Image captured from a video released by KCNA shows ...": a caption by its
        # opening, whatever its length or final full stop (one sentence only: a
        # paragraph that opens this way and goes on is text).
        line.kind, line.reason = CAPTION, R_CAPTION
        line.data = {"text": text, "credit": ""}
        return line
    if is_prose(text, words):
        line.kind = PROSE
    return line


_NOT_QUICK = re.compile(r"[\d/©|›»>:()\[\]@.!?…]")


def classify_far(text: str, folded: str | None = None, plain: str | None = None) -> Line | None:
    """A short line far from any sentence (menus, link lists, footers), recognised cheaply.

    Only what the position-free lists say (menu and footer words, share buttons, end
    and related markers, outlet names); None when the line needs the full rules
    (digits, punctuation, a byline, a cookie notice), which `classify` then applies.
    A big page's furniture is hundreds of such lines: the full rules on each were
    most of the time spent on a select-all paste.
    """
    if len(text) > 80 or _NOT_QUICK.search(text) or _BYLINE.match(text):
        return None
    if folded is None:
        folded = fold(text)
    if "cookie" in folded:
        return None
    key = plain_key(folded) if plain is None else plain
    if not key or key.count(" ") > 7:  # more than eight words
        return None
    line = Line(text, SHORT, "", key, {}, key)
    if key in _END:
        line.kind, line.reason = END, R_RELATED if key in _RELATED else R_TAIL
    elif key in _RELATED:
        line.kind, line.reason = RELATED, R_RELATED
    elif key in _EXACT:
        line.kind, line.reason = DROP, _EXACT[key]
    elif find_outlet_folded(folded.strip(" .|")):
        line.kind, line.reason = PUBLISHER, R_PUBLISHER
        line.data = {"outlet": text.strip(" .|")}
    elif (
        _newsletter(key, _key_words(key))
        or _AUDIO_RE.match(folded)
        or _COMMENTS_SECTION.match(key)
    ):
        return None
    return line


def _classify_short(
    text: str, folded: str, key: str, words: int, line: Line, has_digit: bool,
    key_words: list[str], opens: bool = True,
) -> Line | None:
    """Rules for lines of at most twelve words (`has_digit`: the line has a digit; `opens`
    false: the line opens with none of the `_OPENINGS` patterns)."""
    if has_digit and _COMMENT_COUNT.match(
        " ".join(_KEY_JUNK.sub(" ", folded).split())  # words and digits: both forms count
    ):
        # "45 commentaires": reader comments follow when it comes after the article.
        line.kind, line.reason = END, R_COMMENTS
        return line
    if key in _END:  # the key has no digits: "Commentaires (12)" is "commentaires"
        line.kind, line.reason = END, R_TAIL
        if key in _RELATED:
            line.reason = R_RELATED
        return line
    if key in _RELATED:
        line.kind, line.reason = RELATED, R_RELATED
        return line
    reason = _EXACT.get(key)
    if reason:
        line.kind, line.reason = DROP, reason
        return line
    if _COMMENTS_SECTION.match(key) and words <= 6:
        line.kind, line.reason = END, R_COMMENTS
        return line
    if opens and _AUDIO_RE.match(folded) and words <= 8 and not _SENTENCE_END.search(text[-4:]):
        line.kind, line.reason = DROP, R_AUDIO
        return line
    reading = None
    if has_digit and ("min" in folded or "mn" in folded):  # `_READING` needs a number
        reading = _READING.match(" ".join(folded.replace(":", " : ").split()).replace(" :", ":"))
        if reading is None:
            reading = _READING.match(key)
    if reading:
        line.kind, line.reason = READING, R_READING
        line.data = {"minutes": int(reading.group(1) or reading.group(2))}
        return line
    if opens and _IMAGE_SOURCE.match(folded):
        line.kind, line.reason = CREDIT, R_PHOTO_CREDIT
        line.data = {"credit": text[_IMAGE_SOURCE.match(folded).end() :].strip(), "before": True}
        return line
    with_agency = _with_agency(folded)
    if with_agency and find_outlet(text[: with_agency.end(1)]):
        line.kind, line.reason = PUBLISHER, R_PUBLISHER
        line.data = {"outlet": text[: with_agency.end(1)].strip()}
        return line
    if find_outlet_folded(folded.strip(" .|")):
        line.kind, line.reason = PUBLISHER, R_PUBLISHER
        line.data = {"outlet": text.strip(" .|")}
        return line
    if _is_copyright(folded):
        line.kind, line.reason = DROP, R_FOOTER
        return line
    if (
        words <= 8
        and (
            "/" in text
            or " via " in folded
            # without digits the key is the plain form: its words serve
            or _names_agency(folded, _key_words(line.repeat_key) if has_digit else key_words)
        )
        and not _SENTENCE_END.search(text[-4:])
        and credit_like(text)
    ):  # the cheap tests first: most short lines name no agency
        line.kind, line.reason = CREDIT, R_PHOTO_CREDIT
        line.data = {"credit": text}
        return line
    if (
        ("›" in text or "»" in text or ">" in text or "/" in text or "|" in text)
        and _BREADCRUMB.search(text)
        and not _SENTENCE_END.search(text[-4:])
    ):
        parts = [p for p in _BREADCRUMB.split(text) if p.strip()]
        if len(parts) >= 2 and all(word_count(p) <= 4 for p in parts):
            line.kind, line.reason = DROP, R_NAV
            return line
    return None
