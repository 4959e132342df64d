"""`manage.py import_articles`: files, folders, zips, URL lists and feeds, with a summary."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from articles.management.commands.import_articles import Progress, read_url_list
from articles.models import Article
from tests.fixtures.imports.webserver import Reply, WebServer, start

pytestmark = pytest.mark.django_db


def article(n: int) -> str:
    return (
        f"Launch number {n}\n\n"
        f"Pyongyang fired {n} missiles on Monday, the Joint Chiefs of Staff said. "
        f"The regime has carried out {n * 3} tests this year, according to Yonhap.\n"
    )


def run(*args, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_a_folder_is_imported_recursively(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "one.txt").write_text(article(1))
    (tmp_path / "a" / "two.md").write_text(article(2))
    (tmp_path / "a" / "b" / "three.html").write_text(
        f"<html><body><p>{article(3)}</p></body></html>"
    )
    (tmp_path / "a" / "b" / "copy.txt").write_text(article(1))
    (tmp_path / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (tmp_path / "a" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "a" / "fake.txt").write_bytes(b"%PDF-1.4\n\x00\x01")
    out, err = run(str(tmp_path))
    assert Article.objects.count() == 3
    assert out.startswith("Imported 3, duplicates 1, failed 1, skipped 2 in ")
    assert "articles/s" in out.splitlines()[0]
    # Sorted walk: a/b/copy.txt comes first, so one.txt is the duplicate.
    assert "  duplicate  " in out and "one.txt → article" in out
    assert "fake.txt: " in out and "not a text file" in out
    assert "skipped" in out and "photo.png" in out
    # Not a terminal: plain progress lines on stderr.
    assert "import_articles: 7/7 (100%)" in err
    assert "\r" not in err


def test_a_single_file_and_a_zip(tmp_path):
    (tmp_path / "one.txt").write_text(article(1))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("inner/two.txt", article(2))
        archive.writestr("__MACOSX/inner/._two.txt", b"\0")
    (tmp_path / "batch.zip").write_bytes(buf.getvalue())
    out, _ = run(str(tmp_path / "one.txt"), str(tmp_path / "batch.zip"))
    assert Article.objects.count() == 2
    assert "Imported 2, duplicates 0, failed 0, skipped 1" in out


def test_exit_code_is_non_zero_when_everything_failed(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    with pytest.raises(CommandError, match="all 2 failed") as raised:
        run(str(tmp_path))
    assert raised.value.returncode == 1


def test_a_missing_path_is_reported(tmp_path):
    (tmp_path / "one.txt").write_text(article(1))
    out, _ = run(str(tmp_path / "one.txt"), str(tmp_path / "nope.txt"))
    assert "failed     " in out and "no such file or folder" in out
    with pytest.raises(CommandError):
        run(str(tmp_path / "nope.txt"))


def test_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="Nothing to import"):
        run(str(tmp_path))


def test_url_lists_are_recognised():
    assert read_url_list("# desk list\nhttps://a.example/1\n\nhttp://b.example/2\n") == [
        "https://a.example/1",
        "http://b.example/2",
    ]
    assert read_url_list("Pyongyang fired\nhttps://a.example/1\n") is None
    assert read_url_list("") is None


def test_progress_bar_on_a_terminal():
    stream = io.StringIO()
    progress = Progress(stream, 4, tty=True)
    for _ in range(4):
        progress.step("file.txt")
    assert "\r[" in stream.getvalue() and "4/4" in stream.getvalue()


PAGE = "<html><head><title>T{n}</title></head><body><h1>T{n}</h1><p>{text}</p></body></html>"


@pytest.fixture
def web(settings):
    settings.NEWSDESK_FETCH_ALLOW_LOOPBACK = True
    state = WebServer()
    for n in range(1, 4):
        state.routes[f"/a{n}"] = Reply(body=PAGE.format(n=n, text=article(n)).encode())
    httpd = start(state)
    yield state
    httpd.shutdown()
    httpd.server_close()


def test_a_url_list_file(tmp_path, web):
    urls = [web.url("/a1"), web.url("/a2"), web.url("/missing"), web.url("/a1")]
    listing = tmp_path / "urls.txt"
    listing.write_text("# today\n" + "\n".join(urls) + "\n")
    out, _ = run(str(listing))
    assert Article.objects.count() == 2
    assert Article.objects.filter(input_kind=Article.InputKind.URL).count() == 2
    assert "Imported 2, duplicates 1, failed 1" in out
    assert "/missing: The server answered 404" in out


def test_urls_on_the_command_line(web):
    run(web.url("/a1"), web.url("/a3"))
    assert set(Article.objects.values_list("url", flat=True)) == {web.url("/a1"), web.url("/a3")}


def test_urls_are_refused_on_loopback_when_the_setting_is_off(web, settings):
    settings.NEWSDESK_FETCH_ALLOW_LOOPBACK = False
    with pytest.raises(CommandError):
        run(web.url("/a1"))
    assert web.requests == []


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Desk feed</title><link>{base}/</link>
<item><title>T1</title><link>{base}/a1</link><pubDate>Mon, 24 Nov 2025 08:00:00 GMT</pubDate>
<description>Short summary one.</description></item>
<item><title>Gone but in the feed</title><link>{base}/gone</link>
<pubDate>Tue, 25 Nov 2025 09:30:00 GMT</pubDate>
<description><![CDATA[<p>Seoul said Pyongyang fired two cruise missiles on Tuesday, according to Yonhap.</p>]]></description></item>
<item><title>Nothing at all</title><link>{base}/gone-too</link></item>
</channel></rss>"""


def test_an_rss_feed_imports_each_link_or_its_content(web):
    web.routes["/feed"] = Reply(
        body=RSS.format(base=web.base).encode(), content_type="application/rss+xml"
    )
    out, _ = run(web.url("/feed"))
    first = Article.objects.get(url=web.url("/a1"))
    assert "Pyongyang fired 1 missiles" in first.text
    fallback = Article.objects.get(url=web.url("/gone"))
    assert "two cruise missiles" in fallback.text
    assert fallback.published_at is not None
    assert "Imported 2, duplicates 0, failed 1" in out
    assert "imported from the feed's text (the link failed" in out
    assert "gone-too: The server answered 404" in out


def test_an_atom_feed_file(tmp_path, web):
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>
<entry><title>T2</title><link href="{web.url("/a2")}"/><updated>2025-11-24T08:00:00Z</updated></entry>
<entry><title>T3</title><link href="{web.url("/a3")}"/><updated>2025-11-24T09:00:00Z</updated></entry>
</feed>"""
    path = tmp_path / "desk.atom"
    path.write_text(atom)
    out, _ = run(str(path))
    assert Article.objects.count() == 2
    assert out.startswith("Imported 2, duplicates 0, failed 0")


def test_the_importer_is_recorded_and_url_list_can_be_forced(tmp_path, researcher):
    (tmp_path / "one.txt").write_text(article(1))
    run(str(tmp_path / "one.txt"), user=researcher.username)
    assert Article.objects.get().imported_by == researcher
    with pytest.raises(CommandError, match="No user"):
        run(str(tmp_path / "one.txt"), user="nobody-here")
    (tmp_path / "two.txt").write_text(article(2))
    with pytest.raises(CommandError, match="all 1 failed"):
        run(str(tmp_path / "two.txt"), url_list=True)
    assert Article.objects.count() == 1
