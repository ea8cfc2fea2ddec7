"""Messages outside the Qt interface: every Vietnamese/English pair is in the catalogue template
(resources/messages/landdesk.pot, made by tools/messages.py and committed up to date), and a third
language is a catalogue dropped into resources/messages — no code changes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from landdesk.domain import i18n
from landdesk.domain.errors import LandDeskError
from landdesk.domain.resources import resources_dir

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
import messages  # noqa: E402  (tools/messages.py)

INDONESIAN = {
    "No workspace at {root}": "Tidak ada ruang kerja di {root}",
    "Audit trail intact: {result.entries} entries.": "Jejak audit utuh: {result.entries} entri.",
    "see 'landdesk --help'": "lihat 'landdesk --help'",
    "The drive is full; cannot write to {folder}. Free some space and try again; nothing was changed.":
        "Drive penuh; tidak dapat menulis ke {folder}. Kosongkan ruang lalu coba lagi; tidak ada yang diubah.",
}


def test_the_template_holds_every_pair_and_is_up_to_date():
    made = messages.render(messages.extract())
    committed = messages.TEMPLATE.read_text(encoding="utf-8")
    assert made == committed, "resources/messages/landdesk.pot is stale: run `python tools/messages.py`"
    ids = {e.msgid for e in polib.pofile(str(messages.TEMPLATE))}
    assert len(ids) > 600
    for en in INDONESIAN:  # messages of the CLI, the domain and the storage layer
        assert en in ids, en


@pytest.fixture
def indonesian(tmp_path, monkeypatch) -> Path:
    """A resources folder with an Indonesian catalogue beside the shipped files."""
    res = tmp_path / "resources"
    res.mkdir()
    for sub in resources_dir().iterdir():
        if sub.name != "messages":
            (res / sub.name).symlink_to(sub, target_is_directory=sub.is_dir())
    (res / "messages").mkdir()
    po = polib.pofile(str(messages.TEMPLATE))
    po.metadata["Language"] = "id"
    for entry in po:
        entry.msgstr = INDONESIAN.get(entry.msgid, "")
    po.save(str(res / "messages" / "id.po"))
    build = subprocess.run([sys.executable, str(REPO / "tools" / "i18n_build.py")], capture_output=True, text=True,
                           env=dict(os.environ, LANDDESK_RESOURCES=str(res)), timeout=120)
    assert build.returncode == 0, build.stderr
    assert (res / "messages" / "id.mo").is_file()
    monkeypatch.setenv("LANDDESK_RESOURCES", str(res))
    return res


def test_a_third_language_needs_only_its_catalogue(indonesian, ws_path, tmp_path):
    assert "id" in i18n.available() and i18n.normalize("id_ID.UTF-8") == "id"
    err = LandDeskError("Ổ đĩa đã đầy, không ghi được vào /mnt/usb. …",
                        "The drive is full; cannot write to /mnt/usb. Free some space and try again; nothing was changed.")
    assert err.message("id") == ("Drive penuh; tidak dapat menulis ke /mnt/usb. Kosongkan ruang lalu coba lagi; "
                                 "tidak ada yang diubah.")
    assert i18n.pick("chưa có", "none yet", "id") == "none yet"  # not translated yet: English

    env = dict(os.environ, LANDDESK_RESOURCES=str(indonesian), QT_QPA_PLATFORM="offscreen")
    ok = subprocess.run([sys.executable, "-m", "landdesk", "--lang", "id", "--workspace", str(ws_path), "audit",
                         "verify"], capture_output=True, text=True, env=env, timeout=180)
    assert ok.returncode == 0, ok.stderr
    assert "Jejak audit utuh:" in ok.stdout and "entri." in ok.stdout
    missing = subprocess.run([sys.executable, "-m", "landdesk", "--workspace", str(tmp_path / "nowhere"), "audit",
                              "verify"], capture_output=True, text=True, env=dict(env, LANDDESK_LANG="id"), timeout=180)
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"landdesk: Tidak ada ruang kerja di {tmp_path / 'nowhere'}"
    usage = subprocess.run([sys.executable, "-m", "landdesk", "no-such-command"], capture_output=True, text=True,
                           env=dict(env, LANDDESK_LANG="id"), timeout=180)
    assert usage.returncode == 2 and "(lihat 'landdesk --help')" in usage.stderr
