"""Pastes: the real headline over its sub-deck, captions by their opening, furniture in
Korean, Russian and Ukrainian, and sentences of caseless scripts."""

from __future__ import annotations

from articles.ingest import parse_article

BODY = (
    "The agency said on Thursday that the launch took place from a site near the capital "
    "and that the missile flew about 1,000 kilometres before falling into the sea.\n"
    "Officials in Seoul and Tokyo said they were analysing the flight data together with "
    "Washington, and that more details would follow later in the day.\n"
)


def test_first_line_headline_is_not_dropped_for_its_sub_deck():
    # The deck is longer than the headline: it used to become the title, and the
    # headline was dropped as "page header before the headline".
    raw = (
        "North Korea fires missile toward the sea\n"
        "Seoul says the launch came after joint drills ended\n"
        "By Jane Miller\n"
        "May 3, 2024\n" + BODY
    )
    article = parse_article(raw, kind="text")
    assert article.title == "North Korea fires missile toward the sea"
    assert not any(d.reason == "page header before the headline" for d in article.dropped)


def test_headline_longer_than_its_deck():
    raw = (
        "Menu\nWorld\n"
        "North Korea fires a ballistic missile toward the sea off its east coast, Seoul says\n"
        "A second launch in a week\n"
        "By Jane Miller\n"
        "May 3, 2024\n" + BODY
    )
    article = parse_article(raw, kind="text")
    assert article.title.startswith("North Korea fires a ballistic missile")


def test_teaser_run_above_the_headline_is_not_a_title_block():
    raw = (
        "Kremlin denies secret talks with Kyiv\n"
        "EU readies new sanctions package\n"
        "Seoul and Washington expand joint drills\n"
        "North Korea fires missile toward the sea\n"
        "By Jane Miller\n"
        "May 3, 2024\n" + BODY
    )
    article = parse_article(raw, kind="text")
    assert article.title == "North Korea fires missile toward the sea"


def test_headline_ending_with_a_full_stop_above_the_byline():
    raw = (
        "Le Quotidien\nAccueil\nInternational\n"
        "Des drones ont touché deux bâtiments à Moscou.\n"
        "Par la rédaction avec AFP\n"
        "Publié le 19 février 2024 à 15h25\n"
        "Lundi matin, l'un des drones repérés au-dessus de la capitale a été abattu près "
        "d'un complexe du ministère de la Défense, selon les autorités.\n"
        "Le maire a déclaré que deux bâtiments non résidentiels avaient été endommagés, "
        "sans faire de victimes.\n"
    )
    article = parse_article(raw, kind="text")
    assert article.title == "Des drones ont touché deux bâtiments à Moscou."
    assert article.text.startswith("Lundi matin")


def test_image_captured_from_a_video_is_a_caption():
    caption = (
        "Image captured from a video released by North Korea's state media on December 27, "
        "2025, shows soldiers at a training ground."
    )
    raw = "North Korea fires missile toward the sea\nBy Jane Miller\nMay 3, 2024\n" + (
        BODY.replace("\nOfficials", "\n" + caption + "\nOfficials")
    )
    article = parse_article(raw, kind="text")
    assert caption not in article.text
    assert any(c.text == caption for c in article.captions)
    assert "Officials in Seoul and Tokyo" in article.text


def test_a_sentence_about_a_photo_is_not_a_caption():
    line = "The photo shows nothing new, the ministry said on Monday."
    raw = "North Korea fires missile toward the sea\nBy Jane Miller\nMay 3, 2024\n" + (
        BODY.replace("\nOfficials", "\n" + line + "\nOfficials")
    )
    assert line in parse_article(raw, kind="text").text


def test_korean_paste_keeps_its_sentences_and_drops_its_furniture():
    raw = (
        "이 웹사이트는 이용자 경험을 개선하기 위해 쿠키를 사용합니다. 계속 이용하시면 쿠키 사용에 "
        "동의하는 것으로 간주합니다.\n동의\n홈\n정치\n북한\n로그인\n"
        "합참 \"북한 동해상으로 탄도미사일 발사\"\n김민준 기자\n입력 2024.08.23\n공유\n카카오톡\n"
        "합동참모본부는 북한이 17일 오후 동해상으로 미상의 탄도미사일을 발사했다고 밝혔다.\n"
        "군은 미사일의 사거리, 고도, 속도 등을 분석 중이다.\n"
        "뉴스레터를 구독하시고 매일 아침 주요 뉴스를 받아보세요.\n관련기사\n"
        "한미 연합훈련 내일부터 시작\n회사소개\n이용약관\n© 2024 한빛일보. 무단전재 및 재배포 금지.\n"
    )
    article = parse_article(raw, kind="text")
    assert article.text == (
        "합동참모본부는 북한이 17일 오후 동해상으로 미상의 탄도미사일을 발사했다고 밝혔다.\n\n"
        "군은 미사일의 사거리, 고도, 속도 등을 분석 중이다."
    )
    assert article.published_at is not None and article.published_at.date().isoformat() == (
        "2024-08-23"
    )


def test_russian_and_ukrainian_furniture_is_dropped():
    raw = (
        "Мы используем файлы cookie, чтобы сделать сайт удобнее. Продолжая пользоваться "
        "сайтом, вы соглашаетесь с политикой конфиденциальности.\nПринять\nГлавная\nМир\n"
        "Над регионами России сбили 11 беспилотников\n"
        "Опубликовано 7 ноября 2024\nПоделиться\n"
        "За ночь силы противовоздушной обороны сбили 11 беспилотников над регионами "
        "России, сообщили в министерстве.\n"
        "В ведомстве уточнили, что дроны были сбиты в период с 8:00 до 14:00 по "
        "московскому времени.\n"
        "Підпишіться на нашу розсилку, щоб отримувати головні новини дня.\n"
        "Читайте также\nПесков прокомментировал переговоры\n"
        "Все права защищены.\n"
    )
    article = parse_article(raw, kind="text")
    assert article.title == "Над регионами России сбили 11 беспилотников"
    assert article.text.startswith("За ночь силы")
    assert "с 8:00 до 14:00 по московскому времени." in article.text
    for furniture in ("cookie", "Підпишіться", "Песков", "права"):
        assert furniture not in article.text
    assert article.published_at is not None and article.published_at.month == 11


def test_clipboard_link_runs_are_navigation():
    # A short clipboard fragment (too little for trafilatura) read line by line.
    html = (
        "<div><ul><li><a href='/a'>Kremlin denies secret talks with Kyiv</a></li>"
        "<li><a href='/b'>EU readies new sanctions package</a></li>"
        "<li><a href='/c'>Seoul and Washington expand joint drills</a></li></ul>"
        "<h1>North Korea fires missile toward the sea</h1><p>By Jane Miller</p>"
        "<p>Pyongyang fired a missile, officials said.</p>"
        "<h2>A second test</h2><p>It was the second test this month.</p>"
        "<ul><li><a href='/d'>Satellite images show damage at air base</a></li>"
        "<li><a href='/e'>Inside the race to rebuild the grid</a></li>"
        "<li><a href='/f'>Who are the generals who were fired?</a></li></ul></div>"
    )
    article = parse_article(html, kind="html")
    assert "A second test" in article.text  # a subhead that is not a link stays
    for link in ("EU readies", "Satellite images", "Who are the generals"):
        assert link not in article.text
    assert any(d.reason == "navigation or menu" and "Satellite" in d.text
               for d in article.dropped)  # fmt: skip
