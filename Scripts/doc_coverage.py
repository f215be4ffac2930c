#!/usr/bin/env python3
"""Documentation coverage of the public API: the share of `public`/`open` declarations preceded by a `///` comment.

Usage: Scripts/doc_coverage.py [--list] [MODULE ...]      (default: every module under Sources/)

A declaration counts when it is declared `public` or `open` (type, func, init, var, let, subscript, typealias,
protocol), or when it is an enum `case` directly inside a public enum. It is documented when the nearest
preceding line that is not an attribute (`@...`) is a `///` line or closes a `/** */` block. Generated files
(`*.generated.swift`) are skipped. A heuristic line scanner (no Swift parser): string literals and comments are
stripped before braces are counted, which is enough for this tree.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DECL = re.compile(
    r"^\s*(?:@[\w.]+(?:\([^)]*\))?\s+)*"
    r"(?:(?:nonisolated|final|static|class|mutating|nonmutating|override|convenience|required|indirect|"
    r"@inlinable|@usableFromInline|@discardableResult)\s+)*"
    r"(?:public|open)(?:\(set\))?\s+"
    r"(?:(?:nonisolated|final|static|class|mutating|nonmutating|override|convenience|required|indirect|"
    r"private\(set\)|internal\(set\)|fileprivate\(set\))\s+)*"
    r"(func|init|var|let|subscript|typealias|enum|struct|class|actor|protocol|extension)\b")
CASE = re.compile(r"^\s*(?:indirect\s+)?case\s+\w")
STRING = re.compile(r'"(?:\\.|[^"\\])*"')


def strip_code(line, in_block_comment):
    """Line without string literals and comments; whether a /* */ comment is still open after it."""
    out = ""
    i = 0
    if in_block_comment:
        end = line.find("*/")
        if end < 0:
            return "", True
        i = end + 2
    line = STRING.sub('""', line[i:])
    while True:
        start = line.find("/*")
        line_comment = line.find("//")
        if line_comment >= 0 and (start < 0 or line_comment < start):
            return out + line[:line_comment], False
        if start < 0:
            return out + line, False
        out += line[:start]
        end = line.find("*/", start + 2)
        if end < 0:
            return out, True
        line = line[end + 2:]


def documented(lines, index):
    j = index - 1
    while j >= 0:
        text = lines[j].strip()
        if text.startswith("@") and not text.startswith("@Test"):
            j -= 1
            continue
        return text.startswith("///") or text.endswith("*/")
    return False


def scan(path):
    """[(line number, declaration text, documented)] for the file's public declarations."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    # Stack of scopes: (kind, is_public_enum). Kind "type" for type bodies, "code" for everything else.
    stack = []
    in_comment = False
    multiline_string = False
    for n, raw in enumerate(lines):
        if multiline_string:
            if raw.count('"""') % 2 == 1:
                multiline_string = False
            continue
        opens_string = raw.count('"""') % 2 == 1
        code, in_comment = strip_code(raw.split('"""')[0] if opens_string else raw, in_comment)
        match = DECL.match(code)
        in_public_enum = bool(stack) and stack[-1] == ("type", True)
        if match and match.group(1) != "extension":
            found.append((n + 1, raw.strip(), documented(lines, n)))
        elif in_public_enum and CASE.match(code):
            found.append((n + 1, raw.strip(), documented(lines, n)))
        first = code.find("{")
        type_head = first >= 0 and re.search(r"\b(enum|struct|class|actor|protocol|extension)\b", code[:first])
        for k, ch in enumerate(code):
            if ch == "{":
                if k == first and type_head:
                    is_public_enum = type_head.group(1) == "enum" and re.search(r"\b(public|open)\b", code[:first])
                    stack.append(("type", bool(is_public_enum)))
                else:
                    stack.append(("code", False))
            elif ch == "}" and stack:
                stack.pop()
        multiline_string = opens_string
    return found


def main(argv):
    show = "--list" in argv
    modules = [a for a in argv if not a.startswith("--")]
    if not modules:
        modules = sorted(p.name for p in (ROOT / "Sources").iterdir() if p.is_dir())
    total_all = documented_all = 0
    for module in modules:
        files = sorted(p for p in (ROOT / "Sources" / module).rglob("*.swift") if not p.name.endswith(".generated.swift"))
        rows = [(f, *d) for f in files for d in scan(f)]
        if not rows:
            continue
        done = sum(1 for r in rows if r[3])
        total_all += len(rows)
        documented_all += done
        print(f"{module:12} {done:4} / {len(rows):4} public declarations documented ({100 * done / len(rows):5.1f}%)")
        if show:
            for f, n, text, ok in rows:
                if not ok:
                    print(f"    {f.relative_to(ROOT)}:{n}: {text[:100]}")
    if total_all:
        print(f"{'total':12} {documented_all:4} / {total_all:4} ({100 * documented_all / total_all:5.1f}%)")


if __name__ == "__main__":
    main(sys.argv[1:])
