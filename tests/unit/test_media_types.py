"""Embedded files judged by their bytes, and attachment references in a question's text (issue 14)."""
import pytest

from lsk_learn.core.question_text import question_text_html
from lsk_learn.domain.media_types import sniff_audio, sniff_image, type_problem


@pytest.mark.parametrize("data,expected", [
    (b"\x89PNG\r\n\x1a\n....", "image/png"),
    (b"\xff\xd8\xff\xe0..JFIF", "image/jpeg"),
    (b"GIF89a....", "image/gif"),
    (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
    (b"RIFF\x10\x00\x00\x00WAVEfmt ", None),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),
])
def test_images_by_their_signature(data, expected):
    assert sniff_image(data) == expected


@pytest.mark.parametrize("data,expected", [
    (b"ID3\x04\x00\x00\x00\x00\x00\x00", "audio/mpeg"),
    (b"OggS\x00\x02", "audio/ogg"),
    (b"RIFF\x10\x00\x00\x00WAVEfmt ", "audio/wav"),
    (b"fLaC\x00\x00", "audio/flac"),
    (b"\x00\x00\x00\x20ftypM4A \x00", "audio/mp4"),
    (b"\x89PNG\r\n\x1a\n", None),
])
def test_audio_by_its_container_signature(data, expected):
    assert sniff_audio(data) == expected


@pytest.mark.parametrize("name,sniffed,data,problem", [
    ("karogs.png", "image/png", b"\x89PNG", None),
    ("karogs.jpg", "image/jpeg", b"\xff\xd8\xff", None),
    ("karogs.png", "image/jpeg", b"\xff\xd8\xff", ("mismatch", {"claimed": "image/png", "found": "image/jpeg"})),
    ("x.svg", None, b"<svg/>", ("svg", {})),
    ("x.png", None, b'<?xml version="1.0"?><svg onload="alert(1)"/>', ("svg", {})),
    ("x.png", None, b"MZ\x90", ("not_media", {})),
    ("ieraksts", "audio/ogg", b"OggS", None),  # no suffix: the bytes decide
])
def test_what_is_refused(name, sniffed, data, problem):
    found = type_problem(name, sniffed, data)
    assert found == problem


def test_references_become_an_image_or_a_player_and_nothing_else_becomes_markup():
    url_of = lambda name: f"/attachments/q-1/{name}"  # noqa: E731
    html = question_text_html('<b>Kas</b> "ir" šeit? ![Karogs "1"](attachment:karogs%20liels.png) '
                              '[Himna](attachment:himna.mp3) [teksts](attachment:piezimes.txt)', url_of)
    assert html == ('&lt;b&gt;Kas&lt;/b&gt; &#34;ir&#34; šeit? '
                    '<img class="question-image" src="/attachments/q-1/karogs liels.png" alt="Karogs &#34;1&#34;"> '
                    '<audio class="question-audio" controls preload="none" src="/attachments/q-1/himna.mp3" '
                    'aria-label="Himna"></audio> teksts')


def test_text_without_references_is_only_escaped():
    assert question_text_html("1920. gadā <script>", lambda name: "") == "1920. gadā &lt;script&gt;"
