"""Extract every Vietnamese/English message pair of the code into the catalogue template
`resources/messages/landdesk.pot`: `python tools/messages.py` (a developer tool, not shipped).

A translator copies the template to `resources/messages/<lang>.po` (Poedit, or any editor) and
translates each English msgid; `python tools/i18n_build.py` compiles it, and `landdesk --lang <lang>`
(or LANDDESK_LANG) then speaks it — no code changes (landdesk/domain/i18n.py).

A pair is, anywhere under landdesk/: a call whose first two arguments are text, the first Vietnamese
(`LandDeskError(vi, en)`, `t(vi, en)`, `pick(vi, en, lang)`, and every helper shaped so); a tuple
`(vi, en)` (label tables); `vi_text if lang == "vi" else en_text`. An f-string's fields stay as
written (`{path.name}`), so the translation can place them; the Vietnamese is a comment beside each.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "resources" / "messages" / "landdesk.pot"
VIETNAMESE = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def template(node: ast.AST) -> list[str] | None:
    """The text templates a node can produce (two for a conditional), or None if it is not text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [_constant(node.value)]
    if isinstance(node, ast.JoinedStr):
        out = ""
        for part in node.values:
            if isinstance(part, ast.Constant):
                out += str(part.value).replace("{", "{{").replace("}", "}}")
            else:
                out += "{" + _field(part) + "}"
        return [out]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = template(node.left), template(node.right)
        if left is None and right is None:
            return None
        left = left or ["{" + ast.unparse(node.left) + "}"]
        right = right or ["{" + ast.unparse(node.right) + "}"]
        return [a + b for a in left for b in right] if len(left) * len(right) <= 4 else None
    if isinstance(node, ast.IfExp):
        body, orelse = template(node.body), template(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return template(node.func.value)  # "… {n} …".format(n=…): the braces are already fields
    return None


def _constant(text: str) -> str:
    """Plain text as a template: `{field}` stays a field (filled later by .format), other braces are text."""
    parts = re.split(r"(\{[A-Za-z_][\w.]*\})", text)
    return "".join(p if i % 2 else p.replace("{", "{{").replace("}", "}}") for i, p in enumerate(parts))


def _field(part: ast.FormattedValue) -> str:
    text = ast.unparse(part.value)
    if part.conversion != -1:
        text += "!" + chr(part.conversion)
    if part.format_spec is not None:
        text += ":" + "".join(ast.unparse(v) if not isinstance(v, ast.Constant) else str(v.value)
                              for v in part.format_spec.values)
    return text


def _is_vi(text: str) -> bool:
    return any(c in VIETNAMESE for c in text.lower())


def _vi_test(test: ast.AST) -> bool | None:
    """True for `… == "vi"`, False for `… != "vi"`, None otherwise."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.comparators[0], ast.Constant) \
            and test.comparators[0].value == "vi":
        return isinstance(test.ops[0], ast.Eq) if isinstance(test.ops[0], ast.Eq | ast.NotEq) else None
    if isinstance(test, ast.Name) and test.id == "vi":
        return True
    return None


def _takes_pair(call: ast.Call) -> bool:
    """A function whose first two arguments are a message pair whatever their letters."""
    name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
    return name in PAIR_FUNCTIONS or name.endswith("Error")


PAIR_FUNCTIONS = {"pick", "t", "_t", "usage_error"}


def pairs_in(tree: ast.AST) -> Iterator[tuple[str, str, int]]:
    """(vi template, en template, line) of every pair in a module. Text without Vietnamese letters
    counts where the shape says it is a pair (a pair-taking call, a `lang == "vi"` choice)."""
    for node in ast.walk(tree):
        candidates: list[tuple[ast.AST, ast.AST]] = []
        sure = False
        if isinstance(node, ast.Call):
            candidates += list(zip(node.args, node.args[1:], strict=False))  # Rule(id, severity, vi, en)
            words = {k.arg: k.value for k in node.keywords if k.arg}
            candidates += [(v, words[k[:-2] + "en"]) for k, v in words.items()
                           if k.endswith("vi") and k[:-2] + "en" in words]  # what_vi=…, what_en=…
            sure = _takes_pair(node)
        elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
            candidates.append((node.elts[0], node.elts[1]))
        elif isinstance(node, ast.IfExp) and (which := _vi_test(node.test)) is not None:
            candidates.append((node.body, node.orelse) if which else (node.orelse, node.body))
            sure = True
        for a, b in candidates:
            vi, en = template(a), template(b)
            if vi is None or en is None or len(vi) != len(en):
                continue
            for v, e in zip(vi, en, strict=True):
                if e.strip() and not _is_vi(e) and (_is_vi(v) or (sure and v != e)):
                    yield v, e, node.lineno


def extract(root: Path = ROOT) -> polib.POFile:
    pot = polib.POFile(wrapwidth=0)
    pot.metadata = {"Project-Id-Version": "LandDesk", "Content-Type": "text/plain; charset=UTF-8",
                    "Content-Transfer-Encoding": "8bit", "X-Source-Language": "en (Vietnamese beside each)"}
    entries: dict[str, polib.POEntry] = {}
    for path in sorted((root / "landdesk").rglob("*.py")):
        for vi, en, _line in pairs_in(ast.parse(path.read_text(encoding="utf-8"))):
            entry = entries.get(en)
            if entry is None:
                entry = entries[en] = polib.POEntry(msgid=en, msgstr="", comment="")
                pot.append(entry)
            if f"vi: {vi}" not in entry.comment.split("\n"):
                entry.comment = "\n".join(sorted(filter(None, [*entry.comment.split("\n"), f"vi: {vi}"])))
    # Sorted, without file names: moving code between modules leaves the template as it is.
    pot.sort(key=lambda e: e.msgid)
    return pot


def render(pot: polib.POFile) -> str:
    return str(pot)


if __name__ == "__main__":
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    text = render(extract())
    TEMPLATE.write_text(text, encoding="utf-8")
    print(f"{TEMPLATE}: {text.count('msgid ') - 1} messages", file=sys.stderr)
