"""Read a saved page or clipboard HTML: main text by trafilatura, metadata from the page's own tags.

The page is parsed once with lxml; the same tree goes to trafilatura (which
copies it before cleaning) and to the metadata readers (JSON-LD NewsArticle,
OpenGraph, <meta>, <link rel=canonical>, <figcaption>, <time>). Metadata is
read with lxml XPath rather than BeautifulSoup: re-parsing a typical page
with bs4 costs about 1.5x trafilatura.extract on its own, which would break
the budget of 1.2x for the whole HTML parse (on full-size pages).
"""

from __future__ import annotations

import json
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import UTC
from functools import lru_cache
from html import unescape
from itertools import islice

import lxml.html
import trafilatura
from lxml import etree

from articles.ingest import furniture as f
from articles.ingest.dates import parse_iso_datetime
from articles.ingest.draft import Draft
from articles.ingest.model import Caption
from articles.ingest.outlets import find_outlet, outlet_for_url
from articles.ingest.text import _find_end, clean_paste, read_lines

# The same settings trafilatura uses for its own parse.
_PARSER = lxml.html.HTMLParser(
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True,
    huge_tree=True,  # libxml2 otherwise stops at 256 nested elements and loses the text
)
_ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
    "backgroundnewsarticle", "opinionnewsarticle", "reviewnewsarticle", "blogposting",
    "livebblogposting", "liveblogposting", "webpage", "socialmediaposting",
}  # fmt: skip
_NOT_TEXT = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
             "canvas", "head", "button", "select", "form", "input", "textarea")  # fmt: skip
_BLOCKS = ("p", "div", "section", "article", "main", "header", "footer", "aside", "nav",
           "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure",
           "figcaption", "table", "tr", "td", "th", "br", "hr", "dd", "dt", "dl", "pre",
           "address", "time", "span")  # fmt: skip
_TEXT_XPATH = etree.XPath(
    ".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)"
    " and not(ancestor::template)]"
)
_FIGCAPTION_XPATH = etree.XPath(
    "//figcaption[not(ancestor::aside) and not(ancestor::nav) and not(ancestor::footer)]"
)
_CREDIT_XPATH = etree.XPath(
    ".//*[contains(@class, 'credit') or contains(@class, 'copyright')"
    " or contains(@class, 'source') or contains(@class, 'byline') or contains(@class, 'author')]"
)
_STANDFIRST_CLASSES = ("chapo", "standfirst", "lede", "article__desc", "dek", "subheadline",
                       "intro", "summary", "headline__sub", "article-lead", "c-lead", "__lead",
                       "lead-text")  # fmt: skip
_READING_CLASSES = ("reading", "read-time", "readtime", "lecture")
_BYLINE_CLASSES = ("author__name",)
_ALL_CLASSES = (*_STANDFIRST_CLASSES, *_READING_CLASSES, *_BYLINE_CLASSES)


@lru_cache(maxsize=256)
def _class_scan(names: tuple[str, ...], authors: bool) -> etree.XPath:
    """One walk of the page for every class-named block the metadata readers want.

    Built from the class names the page actually contains: an XPath testing
    twenty names on every element cost as much again as trafilatura on big pages.
    """
    tests = [f"contains(@class, '{name}')" for name in names]
    if authors:
        tests += ["@rel='author'", "@itemprop='author'"]
    return etree.XPath("//body//*[" + " or ".join(tests) + "]")


_OUTSIDE_ARTICLE = ("aside", "nav", "footer")
MAX_SCANNED = 200


@dataclass(slots=True)
class PageBlocks:
    """Blocks of the page found by class: standfirst, reading time and byline candidates."""

    standfirsts: list = field(default_factory=list)
    reading: list = field(default_factory=list)
    bylines: list = field(default_factory=list)


def scan_blocks(tree, raw: str) -> PageBlocks:
    """Sort the class-named blocks of the page (outside sidebars, menus and footers)."""
    blocks = PageBlocks()
    low = raw.lower()
    names = tuple(name for name in _ALL_CLASSES if name in low)
    authors = "author" in low
    if not names and not authors:
        return blocks
    for element in _class_scan(names, authors)(tree)[:MAX_SCANNED]:
        if any(a.tag in _OUTSIDE_ARTICLE for a in element.iterancestors()):
            continue
        classes = element.get("class") or ""
        if element.get("rel") == "author" or element.get("itemprop") == "author" or any(
            name in classes for name in _BYLINE_CLASSES
        ):
            blocks.bylines.append(element)
        elif any(name in classes for name in _READING_CLASSES):
            blocks.reading.append(element)
        elif element.tag in ("p", "div", "h2", "span") and any(
            name in classes for name in _STANDFIRST_CLASSES
        ):
            blocks.standfirsts.append(element)
    return blocks


# Also used by the benchmark, which times trafilatura alone with the same options.
TRAFILATURA_OPTIONS = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "deduplicate": False,
    "output_format": "txt",
}
# trafilatura's tree rather than its text: headings, list items and table rows stay apart.
BARE_OPTIONS = {
    key: value for key, value in TRAFILATURA_OPTIONS.items() if key != "output_format"
} | {"include_formatting": True, "with_metadata": False}
MAX_JSON_LD = 500_000
MAX_TEXT_LINES = 20_000


def load_tree(raw: str) -> lxml.html.HtmlElement | None:
    """One lxml tree for the whole page; broken markup is repaired, nothing raises."""
    try:
        return lxml.html.document_fromstring(raw, parser=_PARSER)
    except ValueError:
        # "Unicode strings with encoding declaration are not supported": give lxml bytes.
        try:
            parser = lxml.html.HTMLParser(
                encoding="utf-8", collect_ids=False, remove_comments=True, remove_pis=True,
                huge_tree=True,
            )
            return lxml.html.document_fromstring(raw.encode("utf-8"), parser=parser)
        except (etree.ParserError, ValueError):
            return None
    except etree.ParserError:
        return None


def element_text(element) -> str:
    """Visible text of an element (never script or style content), whitespace collapsed."""
    return " ".join("".join(_TEXT_XPATH(element)).split())


def _has_text(tree) -> bool:
    """Whether lxml kept any text at all (it gives up on thousands of nested elements)."""
    return any(text.strip() for text in islice(tree.itertext(), 500))


def _clean_value(value) -> str:
    """A metadata string with any markup in it reduced to text."""
    if not isinstance(value, str):
        return ""
    if "<" in value and ">" in value:
        tree = load_tree(f"<div>{value}</div>")
        value = element_text(tree) if tree is not None else ""
    return " ".join(value.split())


def read_html(raw: str, *, url: str | None = None) -> Draft:
    """Read a page into a Draft: body from trafilatura, metadata from the page's tags."""
    draft = Draft(input_format="html")
    tree = load_tree(raw)
    if tree is None or not _has_text(tree):
        # lxml gave up (e.g. thousands of nested elements): read the tags away by hand.
        _from_text(draft, strip_tags(raw))
        return draft
    meta = _read_meta(tree)
    article = _json_ld_article(tree)
    draft.canonical_url = _canonical(tree, meta, article)
    draft.language_hint = _language_hint(tree, meta)
    draft.title = _title(tree, meta, article)
    draft.publisher = _publisher(meta, article, url or draft.canonical_url)
    blocks = scan_blocks(tree, raw)
    draft.authors = _authors(blocks, meta, article)
    draft.published_iso, draft.updated_iso = _iso_dates(tree, meta, article)
    draft.captions = _figcaptions(tree)

    extracted = extract_blocks(tree, url)
    lines = [text for _, text in extracted]
    if not any(len(line.split()) >= 8 for line in lines):
        # Too little for trafilatura (a clipboard fragment): clean the visible text instead.
        _from_visible_text(draft, tree)
    elif len(lines) <= 2 and _glued(tree, lines):
        # On a short article trafilatura falls back to its baseline, which glues the
        # whole <article> (breadcrumbs, byline, share buttons, captions) into one line:
        # read that block line by line instead.
        _from_visible_text(draft, _article_block(tree))
    else:
        _clean_extracted(draft, extracted[:MAX_TEXT_LINES])
    _settle_lead(draft, blocks)
    _record_page_furniture(draft, tree)
    if draft.reading_time_minutes is None:
        draft.reading_time_minutes = _reading_time(blocks)
    if not (draft.published_iso or draft.date_lines):
        draft.published_iso = _htmldate(tree, url)
    return draft


def _read_meta(tree) -> dict[str, str]:
    meta: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        value = element.get("content")
        if key and value:
            meta.setdefault(key.strip().lower(), value.strip())
    return meta


def _json_ld_article(tree) -> dict:
    """The NewsArticle (or Article...) object of the page's JSON-LD, or {}."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = script.text or ""
        if not text.strip() or len(text) > MAX_JSON_LD:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            continue
        found = _find_article(data, depth=0)
        if found:
            return found
    return {}


def _find_article(data, depth: int) -> dict:
    if depth > 4:
        return {}
    if isinstance(data, list):
        for item in data[:50]:
            found = _find_article(item, depth + 1)
            if found:
                return found
        return {}
    if not isinstance(data, dict):
        return {}
    kinds = data.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds) and (
        "headline" in data or "datePublished" in data
    ):
        return data
    for key in ("@graph", "mainEntity", "mainEntityOfPage"):
        if key in data:
            found = _find_article(data[key], depth + 1)
            if found:
                return found
    return {}


def _name(value) -> str:
    if isinstance(value, str):
        return _clean_value(value)
    if isinstance(value, dict):
        return _clean_value(value.get("name"))
    if isinstance(value, list) and value:
        return _name(value[0])
    return ""


def _canonical(tree, meta: dict, article: dict) -> str:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return link.get("href").strip()
    value = meta.get("og:url") or article.get("url") or ""
    return value.strip() if isinstance(value, str) else ""


def _language_hint(tree, meta: dict) -> str:
    value = tree.get("lang") or meta.get("og:locale") or meta.get("content-language") or ""
    return value.replace("_", "-").split("-")[0].strip().lower()[:3]


def _title(tree, meta: dict, article: dict) -> str:
    site = _clean_value(meta.get("og:site_name"))
    for h1 in tree.iter("h1"):
        text = element_text(h1)
        # Some templates put the logo in an <h1>: "Le Monde" is not the headline.
        if len(text.split()) >= 2 and text != site and not find_outlet(text):
            return text
    for value in (meta.get("og:title"), _name(article.get("headline")), meta.get("twitter:title")):
        value = _clean_value(value)
        if value:
            return value
    title = _clean_value(tree.findtext(".//title") or "")
    for sep in (" | ", " - ", " – ", " — "):
        if sep in title:
            head, tail = title.rsplit(sep, 1)
            if (site and tail.strip() == site) or find_outlet(tail.strip()):
                return head.strip()
    return title


def _publisher(meta: dict, article: dict, url: str | None) -> str:
    for value in (_name(article.get("publisher")), meta.get("og:site_name"),
                  meta.get("publisher"), meta.get("application-name")):  # fmt: skip
        value = _clean_value(value)
        if value:
            return value
    outlet = outlet_for_url(url)
    return outlet.name if outlet else ""


def _authors(blocks: PageBlocks, meta: dict, article: dict) -> list[str]:
    authors: list[str] = []
    value = article.get("author")
    people = value if isinstance(value, list) else [value] if value else []
    for person in people[:20]:
        kind = person.get("@type") if isinstance(person, dict) else "Person"
        name = _name(person)
        if name and kind != "Organization" and not find_outlet(name):
            authors.extend(_split_names(name))
    if not authors:
        for key in ("author", "article:author", "byl", "sailthru.author", "parsely-author"):
            name = _clean_value(meta.get(key))
            if name and "://" not in name:
                authors.extend(_split_names(name))
                break
    if not authors:
        for element in blocks.bylines[:5]:
            name = element_text(element)
            if name and len(name.split()) <= 8:
                authors.extend(_split_names(name))
    return list(dict.fromkeys(a for a in authors if not find_outlet(a)))


def _split_names(value: str) -> list[str]:
    names, outlet, _ = f.parse_byline("Par " + value.removeprefix("By ").removeprefix("Par "))
    if names or outlet:
        return names  # "FRANCE 24 avec AFP" names an outlet, not a person
    return [value] if len(value.split()) <= 5 else []


def _iso_dates(tree, meta: dict, article: dict) -> tuple[str, str]:
    published = _date_value(article.get("datePublished"))
    updated = _date_value(article.get("dateModified"))
    for key in ("article:published_time", "og:published_time", "datepublished", "pubdate",
                "publishdate", "date", "dc.date.issued", "dc.date", "sailthru.date",
                "parsely-pub-date", "publication_date"):  # fmt: skip
        if published:
            break
        published = _date_value(meta.get(key))
    for key in ("article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
                "last-modified", "lastmod"):  # fmt: skip
        if updated:
            break
        updated = _date_value(meta.get(key))
    if not published:
        for element in tree.iter("time"):
            published = _date_value(element.get("datetime"))
            if published:
                break
    return _date_value(published), _date_value(updated)


def _date_value(value) -> str:
    """A metadata date worth parsing (pages put "null", "TBD" or templates in these tags)."""
    if not isinstance(value, str) or parse_iso_datetime(value, UTC) is None:
        return ""
    return value.strip()


def _figcaptions(tree) -> list[Caption]:
    captions: list[Caption] = []
    seen: set[str] = set()
    for figcaption in _FIGCAPTION_XPATH(tree)[:50]:
        credit = ""
        for element in _CREDIT_XPATH(figcaption):
            credit = element_text(element)
            if credit:
                break
        figure = figcaption.getparent()
        if not credit and figure is not None and figure.tag == "figure":
            # BBC prints the credit over the image, beside the caption.
            for element in _CREDIT_XPATH(figure):
                if element is not figcaption and figcaption not in element.iterancestors():
                    credit = element_text(element)
                    if credit:
                        break
        text = element_text(figcaption)
        if credit and text.endswith(credit):
            text = text[: -len(credit)].strip()
        if not credit:
            split = f.split_caption(text)
            if split is not None:
                text, credit = split
        credit = credit.strip("()©").removeprefix("Photo:").removeprefix("Photograph:").strip()
        if text and text not in seen:
            seen.add(text)
            captions.append(Caption(text, credit))
    return captions


# Block kinds of the stored text: paragraph, heading, list item, table row.
PARA, HEADING, ITEM, ROW = "p", "h", "li", "row"
_STRUCTURED = (HEADING, ITEM, ROW)
_WRAP_END = (".", "!", "?", ":", ";", "…", '"', "»", "”", "’")


def extract_blocks(tree, url: str | None) -> list[tuple[str, str]]:
    """The article as trafilatura keeps it, block by block: (kind, text).

    trafilatura's own tree (not its text output) says which block is a heading,
    a list item or a table row; a paragraph with hard line breaks (`<br>`) is one
    paragraph when its lines run on as one sentence, and keeps its lines in a quote
    (a poem). Nothing it keeps is removed here.
    """
    try:
        document = trafilatura.bare_extraction(tree, url=url, **BARE_OPTIONS)
    except Exception:  # trafilatura is third-party code fed hostile pages: never let it raise
        return []
    body = getattr(document, "body", None)
    if body is None:
        return []
    blocks: list[tuple[str, str]] = []
    _walk(body, blocks, in_quote=False)
    return blocks


def _walk(element, blocks: list[tuple[str, str]], *, in_quote: bool) -> None:
    for child in element:
        tag = child.tag
        if tag == "head":
            _add(blocks, HEADING, _inline_text(child))
        elif tag == "p":
            for piece in _pieces(child, keep_lines=in_quote):
                _add(blocks, PARA, piece)
        elif tag == "list":
            for item in child:
                if item.tag != "item":
                    continue
                nested = [c for c in item if c.tag == "list"]
                for sub in nested:
                    item.remove(sub)
                _add(blocks, ITEM, _inline_text(item))
                for sub in nested:
                    holder = etree.Element("div")
                    holder.append(sub)
                    _walk(holder, blocks, in_quote=in_quote)
        elif tag == "table":
            for row in child.iter("row"):
                cells = [_inline_text(cell) for cell in row if cell.tag == "cell"]
                _add(blocks, ROW, " | ".join(c for c in cells if c))
        elif tag == "quote":
            if (child.text or "").strip():
                for piece in _pieces(child, keep_lines=True, stop_at_blocks=True):
                    _add(blocks, PARA, piece)
            _walk(child, blocks, in_quote=True)
        elif tag in ("div", "section", "list", "item"):
            _walk(child, blocks, in_quote=in_quote)
        elif tag not in ("graphic", "lb"):
            _add(blocks, PARA, _inline_text(child))


def _add(blocks: list[tuple[str, str]], kind: str, text: str) -> None:
    text = " ".join(text.split())
    if text:
        blocks.append((kind, text))


def _inline_text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _pieces(element, *, keep_lines: bool, stop_at_blocks: bool = False) -> list[str]:
    """A paragraph's lines split at its `<br>`s, joined again where a sentence runs on."""
    lines = [""]
    if element.text:
        lines[-1] += element.text
    for child in element:
        if child.tag == "lb":
            lines.append("")
        elif stop_at_blocks and child.tag in ("p", "list", "table", "head", "quote"):
            break
        else:
            lines[-1] += "".join(child.itertext())
        if child.tail:
            lines[-1] += child.tail
    lines = [" ".join(line.split()) for line in lines]
    lines = [line for line in lines if line]
    if keep_lines:
        return lines
    joined: list[str] = []
    for line in lines:
        runs_on = joined and not joined[-1].endswith(_WRAP_END)
        if runs_on and (line[0].islower() or line[0].isdigit() or len(joined[-1].split()) >= 6):
            joined[-1] += " " + line  # one sentence typed over several lines
        else:
            joined.append(line)
    return joined


def _clean_extracted(draft: Draft, blocks: list[tuple[str, str]]) -> None:
    """Trafilatura's text is the article: drop only what a rule is sure is not.

    Sure: the headline repeated, a caption the page prints in a <figcaption>, lines
    that are furniture whatever their place (share buttons, cookie notices,
    newsletter prompts, "Read more" links and the links after them), the byline,
    dates and reading time (kept as metadata), and after the last sentence the
    short lines that are not list items or table rows. Headings, list items, table
    rows and short paragraphs inside the article are kept.
    """
    title_key = f.line_key(f.fold(draft.title)) if draft.title else ""
    caption_keys = {f.line_key(f.fold(c.text)) for c in draft.captions}
    texts = [text for _, text in blocks]
    lines = read_lines(texts)
    kinds = [kind for kind, _ in blocks] if len(lines) == len(blocks) else [PARA] * len(lines)
    end = _find_end(lines, 0)
    last_prose = max((i for i in range(end) if lines[i].kind == f.PROSE), default=-1)
    in_related = False
    body_started = False
    for i, line in enumerate(lines):
        kind, block = line.kind, kinds[i]
        if i >= end:
            if kind == f.CAPTION:
                draft.captions.append(Caption(line.data["text"], line.data["credit"]))
            draft.drop(line.text, line.reason if kind in (f.DROP, f.CAPTION) else f.R_TAIL)
        elif title_key and line.key == title_key:
            draft.drop(line.text, f.R_TITLE)
        elif line.key in caption_keys or (
            kind == f.CAPTION and f.line_key(f.fold(line.data["text"])) in caption_keys
        ):
            draft.drop(line.text, f.R_CAPTION)
        elif kind == f.PROSE:
            in_related = False
            body_started = True
            _keep(draft, line.text, block)
        elif block == ROW and not in_related:
            # A table of figures: its cells are not menus, dates or bylines.
            _keep(draft, line.text, block)
        elif kind in (f.RELATED, f.END):
            in_related = True
            draft.drop(line.text, line.reason)
        elif kind == f.SHORT or (kind == f.DATE and block in _STRUCTURED and body_started):
            if in_related:
                draft.drop(line.text, f.R_RELATED)
            elif i > last_prose and block not in (ITEM, ROW):
                draft.drop(line.text, f.R_TAIL)
            elif not body_started and block == PARA and f.word_count(line.text) <= 3:
                draft.drop(line.text, f.R_LABEL)  # a rubric or kicker above the text
            else:
                _keep(draft, line.text, block)
        elif kind == f.DATE:
            draft.date_lines.append(line.text)
            draft.drop(line.text, line.reason)
        elif kind == f.BYLINE:
            if not draft.authors:
                draft.authors = list(line.data["authors"])
            if line.data["rest"]:
                draft.date_lines.append(line.data["rest"])
            draft.drop(line.text, line.reason)
        elif kind == f.READING:
            draft.reading_time_minutes = draft.reading_time_minutes or line.data["minutes"]
            draft.drop(line.text, line.reason)
        elif kind == f.CAPTION:
            draft.captions.append(Caption(line.data["text"], line.data["credit"]))
            draft.drop(line.text, line.reason)
        else:
            draft.drop(line.text, line.reason)


def _keep(draft: Draft, text: str, block: str) -> None:
    draft.paragraphs.append(text)
    if block in _STRUCTURED:
        draft.kinds[text] = block


_BLOCK_XPATH = etree.XPath(
    "//body//*[self::p or self::li or self::h2 or self::h3 or self::figcaption]"
)


def _glued(tree, lines: list[str]) -> bool:
    """Whether trafilatura's text is several of the page's blocks run into one line."""
    longest = max(lines, key=len)
    headline = next((element_text(h1) for h1 in tree.iter("h1")), "")
    blocks = 1 if len(headline) >= 4 and headline in longest else 0
    for element in _BLOCK_XPATH(tree)[:200]:
        text = element_text(element)
        if len(text) >= 20 and text in longest and len(text) < len(longest) * 0.9:
            blocks += 1
            if blocks >= 2:
                return True
    return False


def _article_block(tree):
    """The page's single <article> (or <main>), else the whole page."""
    for tag in ("article", "main"):
        found = tree.findall(f".//{tag}")
        if len(found) == 1:
            return found[0]
    return tree


def _from_visible_text(draft: Draft, tree) -> None:
    """Fallback for fragments: every visible line, through the pasted-text cleaner."""
    tree = deepcopy(tree)
    for element in list(tree.iter(*_NOT_TEXT)):
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()
    for element in tree.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "span":
            element.text = "\n" + (element.text or "")
    text = "\n".join(_TEXT_XPATH(tree))
    links = {element_text(a) for a in tree.iter("a")}
    pasted = clean_paste(text, links={link for link in links if link})
    draft.paragraphs = pasted.paragraphs
    draft.dropped.extend(pasted.dropped)
    draft.lead = pasted.lead
    draft.title = draft.title or pasted.title
    draft.authors = draft.authors or pasted.authors
    draft.publisher = draft.publisher or pasted.publisher
    draft.date_lines.extend(pasted.date_lines)
    draft.reading_time_minutes = draft.reading_time_minutes or pasted.reading_time_minutes
    known = {c.text for c in draft.captions}
    draft.captions.extend(c for c in pasted.captions if c.text not in known)


_SKIPPED_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "object")


def strip_tags(raw: str) -> str:
    """Visible text of markup lxml could not read, in one linear pass (no regex backtracking)."""
    low = raw.lower()
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        lt = raw.find("<", i)
        if lt < 0:
            out.append(raw[i:])
            break
        out.append(raw[i:lt])
        skipped = next((t for t in _SKIPPED_TAGS if low.startswith(t, lt + 1)), None)
        if skipped:
            end = low.find("</" + skipped, lt)
            close = low.find(">", end) if end >= 0 else -1
            i = n if close < 0 else close + 1
            continue
        gt = raw.find(">", lt)
        if gt < 0:
            break  # an unclosed tag to the end: nothing visible follows
        out.append("\n")
        i = gt + 1
    return unescape("".join(out))


def _from_text(draft: Draft, text: str) -> None:
    pasted = clean_paste(text)
    for name in ("paragraphs", "dropped", "lead", "title", "authors", "publisher", "date_lines",
                 "reading_time_minutes", "captions"):  # fmt: skip
        setattr(draft, name, getattr(pasted, name))


_FURNITURE_REASONS = {
    "nav": "navigation or menu",
    "header": "page header before the headline",
    "footer": "footer",
    "aside": "related links or sidebar",
}
MAX_FURNITURE_BLOCKS = 20
MAX_FURNITURE_CHARS = 300


def _record_page_furniture(draft: Draft, tree) -> None:
    """List the page's menus, sidebars and footer among the dropped lines (shortened).

    Trafilatura removes them silently; researchers should still see what was
    left out. Only the outermost blocks are listed, each cut to a few hundred
    characters.
    """
    outermost = [
        element
        for element in tree.iter("nav", "header", "footer", "aside")
        if not any(a.tag in _FURNITURE_REASONS for a in element.iterancestors())
    ]
    for element in outermost[:MAX_FURNITURE_BLOCKS]:
        text = _first_words(element, MAX_FURNITURE_CHARS)
        if text:
            draft.drop(text, _FURNITURE_REASONS[element.tag])


def _first_words(element, limit: int) -> str:
    """The start of an element's visible text, words spaced, reading no further than needed."""
    parts: list[str] = []
    size = 0
    for node in element.iter():
        if size > limit:
            break
        texts = []
        if isinstance(node.tag, str) and node.tag not in _NOT_TEXT and node.text:
            texts.append(node.text)
        if node is not element and node.tail:
            texts.append(node.tail)
        for text in texts:
            text = text.strip()
            if text:
                parts.append(text)
                size += len(text) + 1
    text = " ".join(" ".join(parts).split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return text


def _settle_lead(draft: Draft, blocks: PageBlocks) -> None:
    """The lead is the page's standfirst when it has one, else the first paragraph.

    A standfirst trafilatura left out is put back as the first paragraph, so
    that its sentences are in the text exactly once.
    """
    standfirst = ""
    for element in blocks.standfirsts[:10]:
        text = element_text(element)
        if len(text.split()) >= 8:
            standfirst = text
            break
    if standfirst:
        folded = " ".join(f.fold(standfirst).split())
        body = " ".join(f.fold(" ".join(draft.paragraphs[:6])).split())
        if folded not in body:
            draft.paragraphs.insert(0, standfirst)
        draft.lead = standfirst
    elif not draft.lead and draft.paragraphs:
        draft.lead = next(
            (p for p in draft.paragraphs if f.is_prose(p, len(p.split()))), draft.paragraphs[0]
        )


def _reading_time(blocks: PageBlocks) -> int | None:
    """`Temps de lecture : 3 min`, `4 min read` printed in the page's metadata bar."""
    for element in blocks.reading[:5]:
        text = element_text(element)
        if len(text) < 40:
            line = f.classify(text)
            if line.kind == f.READING:
                return line.data["minutes"] or None
    return None


def _htmldate(tree, url: str | None) -> str:
    """Last resort for the publication date: htmldate's reading of the page (a day, no time)."""
    try:
        from htmldate import find_date

        return find_date(deepcopy(tree), original_date=True, extensive_search=False, url=url) or ""
    except Exception:  # htmldate on hostile markup: a missing date is better than a crash
        return ""
