"""The content-addressed store and the hot folder (real files, real clock)."""

from __future__ import annotations

import time

from landdesk.media.hotfolder import HotFolder
from landdesk.media.store import MediaStore, sha256_bytes


def test_store_is_content_addressed_and_atomic(tmp_path):
    st = MediaStore(tmp_path / "media")
    a = st.put_bytes(b"page one", "jpg")
    assert a.created and a.path == tmp_path / "media" / a.sha256[:2] / a.sha256[2:4] / f"{a.sha256}.jpg"
    assert a.sha256 == sha256_bytes(b"page one") and a.path.read_bytes() == b"page one"
    again = st.put_bytes(b"page one", "jpg")
    assert not again.created and again.path == a.path
    assert [(s, e) for s, e, _ in st.iter_files()] == [(a.sha256, "jpg")]
    (tmp_path / "media" / ".tmp" / "x.part").write_bytes(b"half")  # what a crash leaves behind
    assert [p.name for p in st.stray_files()] == ["x.part"]
    assert st.remove(a.sha256, "jpg") and not a.path.exists()


def test_hot_folder_takes_only_settled_files_and_never_deletes(tmp_path):
    hot = HotFolder(tmp_path, settle=0.3)
    growing = tmp_path / "scan1.pdf"
    growing.write_bytes(b"%PDF-1.4 part")
    (tmp_path / "scan2.pdf.part").write_bytes(b"being written")
    assert hot.poll() == []  # just seen
    time.sleep(0.35)
    with open(growing, "ab") as f:  # the scanner is still writing
        f.write(b" more")
    assert hot.poll() == []
    time.sleep(0.35)
    assert hot.poll() == [growing]
    done = hot.finish(growing, True)
    assert done == tmp_path / "done" / "scan1.pdf" and done.read_bytes().endswith(b"more")
    (tmp_path / "scan1.pdf").write_bytes(b"again")
    failed = hot.finish(tmp_path / "scan1.pdf", False, "hỏng / broken")
    assert failed == tmp_path / "failed" / "scan1.pdf"
    assert (tmp_path / "failed" / "scan1.pdf.reason.txt").read_text().strip() == "hỏng / broken"
    (tmp_path / "scan1.pdf").write_bytes(b"third")
    assert hot.finish(tmp_path / "scan1.pdf", True).name == "scan1 (2).pdf"
