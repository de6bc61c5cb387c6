"""An upload is judged by its bytes: real audio is accepted with its type and length, anything else refused."""
import shutil
import subprocess

import pytest

from lsk_learn.audio.formats import MAX_AUDIO_BYTES, AudioFormatError, inspect_audio

ESPEAK = shutil.which("espeak-ng")


@pytest.fixture(scope="module")
def wav(tmp_path_factory) -> bytes:
    if ESPEAK is None:
        pytest.skip("espeak-ng is not installed")
    path = tmp_path_factory.mktemp("wav") / "labdien.wav"  # to a file: on stdout the header has no length
    subprocess.run([ESPEAK, "-v", "lv", "-w", str(path), "Labdien!"], capture_output=True, check=True)
    return path.read_bytes()


def test_a_wav_file_is_audio_with_a_length(wav):
    info = inspect_audio(wav)
    assert (info.mime_type, info.extension) == ("audio/wav", "wav") and 0.2 < info.duration_seconds < 5


@pytest.mark.parametrize("data,code", [
    (b"", "empty"),
    (b"Labdien! Text renamed to .ogg\n" * 10, "not_audio"),
    (b"OggS" + b"\0" * 200, "not_audio"),  # only the magic of an Ogg file
    (b"ID3" + b"\0" * 200, "not_audio"),
    (b"\0" * (MAX_AUDIO_BYTES + 1), "too_large"),
])
def test_anything_else_is_refused(data, code):
    with pytest.raises(AudioFormatError) as refused:
        inspect_audio(data)
    assert refused.value.code == code


def test_a_truncated_wav_is_refused(wav):
    with pytest.raises(AudioFormatError):
        inspect_audio(wav[:30])


def test_webm_from_the_browser_recorder_is_recognised_by_its_header():
    header = bytes.fromhex("1a45dfa3") + b"\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm"
    assert inspect_audio(header + b"\0" * 100).mime_type == "audio/webm"
    with pytest.raises(AudioFormatError):
        inspect_audio(bytes.fromhex("1a45dfa3") + b"\0" * 100)  # Matroska but not WebM
