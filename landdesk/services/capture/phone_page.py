"""The page a phone opens (Vietnamese, no outside resources: the office network may have no internet).

Take a photo (or pick several from the gallery), choose the document kind, and each photo is sent as it
is taken; the list below says what the PC did with it. The script runs under a per-response nonce
(Content-Security-Policy forbids anything else).
"""

from __future__ import annotations

import html

KINDS = (("gcn", "GCN"), ("gt", "Giấy tờ tùy thân"), ("tbxn", "TBXN"), ("ddk", "ĐĐK"), ("other", "Khác"))

_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>LandDesk — chụp trang</title>
<style nonce="{nonce}">
body{{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1c1c1c}}
header{{background:#1b5e20;color:#fff;padding:14px 16px}}
header h1{{font-size:19px;margin:0}} header p{{margin:4px 0 0;font-size:15px;opacity:.9}}
main{{padding:14px 16px}}
fieldset{{border:0;padding:0;margin:0 0 14px}} legend{{font-weight:600;margin-bottom:6px}}
.kinds{{display:flex;flex-wrap:wrap;gap:8px}}
.kinds label{{background:#fff;border:2px solid #c5c9d0;border-radius:8px;padding:9px 12px;font-size:16px}}
.kinds input{{margin-right:6px}}
.kinds label:has(input:checked){{border-color:#1b5e20;background:#e8f5e9}}
.big{{display:block;width:100%;box-sizing:border-box;text-align:center;font-size:20px;font-weight:600;
padding:18px;border-radius:12px;border:0;background:#1b5e20;color:#fff;margin:8px 0}}
.second{{background:#fff;color:#1b5e20;border:2px solid #1b5e20;font-size:17px;padding:12px}}
input[type=file]{{position:absolute;left:-9999px}}
#status{{min-height:24px;font-size:16px;margin:10px 0}}
ol{{padding-left:22px}} li{{background:#fff;margin:6px 0;padding:8px 10px;border-radius:8px;font-size:15px}}
li.ok{{border-left:5px solid #2e7d32}} li.bad{{border-left:5px solid #c62828}}
footer{{font-size:13px;color:#555;padding:0 16px 20px}}
</style></head><body>
<header><h1>LandDesk — chụp trang giấy tờ</h1><p id="target">{target}</p></header>
<main>
<fieldset><legend>Loại giấy tờ</legend><div class="kinds">{kinds}</div></fieldset>
<label class="big" for="camera">Chụp trang</label>
<input id="camera" type="file" accept="image/*" capture="environment">
<label class="big second" for="gallery">Chọn ảnh có sẵn…</label>
<input id="gallery" type="file" accept="image/*" multiple>
<div id="status" role="status">Đặt trang giấy trên nền tối, chụp thẳng cả trang. Mỗi ảnh được gửi ngay.</div>
<ol id="pages"></ol>
</main>
<footer>Phiên chụp hết hạn lúc {until}. Chỉ dùng trong mạng của văn phòng; không gửi đi đâu khác.</footer>
<script nonce="{nonce}">
(function () {{
  var status = document.getElementById('status'), list = document.getElementById('pages');
  var queue = [], busy = false, n = 0;
  function kind() {{ var k = document.querySelector('input[name=kind]:checked'); return k ? k.value : 'gcn'; }}
  function add(text, ok) {{
    var li = document.createElement('li'); li.textContent = text; li.className = ok ? 'ok' : 'bad';
    list.insertBefore(li, list.firstChild);
  }}
  function next() {{
    if (busy || !queue.length) return;
    busy = true; var f = queue.shift(); n += 1;
    status.textContent = 'Đang gửi ảnh ' + n + '…';
    fetch('upload?kind=' + encodeURIComponent(kind()) + '&name=' + encodeURIComponent(f.name || 'anh.jpg'),
          {{method: 'POST', body: f, headers: {{'Content-Type': 'application/octet-stream'}}}})
      .then(function (r) {{ return r.json().catch(function () {{ return {{ok: false, message: 'Lỗi ' + r.status}}; }}); }})
      .then(function (d) {{ add(d.message, d.ok); status.textContent = d.ok ? 'Đã nhận. Chụp trang tiếp theo.' : d.message; }})
      .catch(function () {{ add('Không gửi được ảnh: mất kết nối với máy tính.', false);
                            status.textContent = 'Mất kết nối với máy tính.'; }})
      .then(function () {{ busy = false; next(); }});
  }}
  function take(input) {{
    for (var i = 0; i < input.files.length; i++) queue.push(input.files[i]);
    input.value = ''; next();
  }}
  ['camera', 'gallery'].forEach(function (id) {{
    var el = document.getElementById(id); el.addEventListener('change', function () {{ take(el); }});
  }});
}})();
</script></body></html>
"""


def render(*, nonce: str, target: str, kind: str, until: str) -> str:
    kinds = "".join(
        f'<label><input type="radio" name="kind" value="{k}"{" checked" if k == kind else ""}>{html.escape(label)}</label>'
        for k, label in KINDS)
    return _PAGE.format(nonce=nonce, target=html.escape(target), kinds=kinds, until=html.escape(until))
