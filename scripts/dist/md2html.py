#!/usr/bin/env python3
"""md2html.py GUIDE.md TITLE > GUIDE.html — the guide as one page a clerk can double-click.

Standard library only (scripts/dist.sh). Handles what the guide uses: headings, paragraphs,
lists, fenced code, tables, block quotes, images, links, `code`, **bold**, *italic*.
"""
import html
import re
import sys

CSS = """body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;
max-width:52em;margin:2em auto;padding:0 1em;line-height:1.7;color:#222}
pre{background:#f5f5f5;padding:.8em;overflow-x:auto}code{background:#f5f5f5;padding:0 .2em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em}
blockquote{border-left:4px solid #ccc;margin-left:0;padding-left:1em;color:#555}
img{max-width:100%}"""


def inline(text):
    out, pos = [], 0
    for m in re.finditer(r"`([^`]+)`", text):
        out.append(spans(text[pos : m.start()]))
        out.append("<code>" + html.escape(m.group(1)) + "</code>")
        pos = m.end()
    out.append(spans(text[pos:]))
    return "".join(out)


def spans(text):
    t = html.escape(text, quote=False)
    t = re.sub(r"!\[([^\]]*)\]\(([^)\s]+)\)", r'<img alt="\1" src="\2">', t)
    t = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r'<a href="\2">\1</a>', t)
    t = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", t)
    t = re.sub(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])", r"<em>\1</em>", t)
    return t


def cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def convert(lines):
    out, i, para = [], 0, []

    def flush():
        if para:
            out.append("<p>" + inline(" ".join(para)) + "</p>")
            para.clear()

    while i < len(lines):
        line = lines[i].rstrip("\n").rstrip("\r")
        s = line.strip()
        if s.startswith("```"):
            flush()
            i += 1
            code = []
            while i < len(lines) and not lines[i].strip().startswith("```"):
                code.append(lines[i].rstrip("\r\n"))
                i += 1
            out.append("<pre><code>" + html.escape("\n".join(code)) + "</code></pre>")
        elif not s:
            flush()
        elif m := re.match(r"(#{1,6})\s+(.*?)\s*#*$", s):
            flush()
            n = len(m.group(1))
            out.append(f"<h{n}>{inline(m.group(2))}</h{n}>")
        elif s.startswith("|") and i + 1 < len(lines) and re.match(r"^\s*\|?[\s:|-]+\|?\s*$", lines[i + 1]) and "-" in lines[i + 1]:
            flush()
            out.append("<table><tr>" + "".join(f"<th>{inline(c)}</th>" for c in cells(s)) + "</tr>")
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                out.append("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in cells(lines[i])) + "</tr>")
                i += 1
            out.append("</table>")
            continue
        elif re.match(r"([-*+]|\d+[.)])\s+", s):
            flush()
            tag = "ol" if s[0].isdigit() else "ul"
            out.append(f"<{tag}>")
            while i < len(lines) and lines[i].strip():
                t = lines[i].strip()
                m = re.match(r"([-*+]|\d+[.)])\s+(.*)", t)
                if m:
                    out.append("<li>" + inline(m.group(2)))
                else:  # a continuation line of the item
                    out[-1] += " " + inline(t)
                i += 1
            out.append(f"</{tag}>")
            continue
        elif s.startswith(">"):
            flush()
            quote = []
            while i < len(lines) and lines[i].strip().startswith(">"):
                quote.append(lines[i].strip()[1:].strip())
                i += 1
            out.append("<blockquote>" + inline(" ".join(quote)) + "</blockquote>")
            continue
        else:
            para.append(s)
        i += 1
    flush()
    return "\n".join(out)


def main():
    src, title = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as f:
        body = convert(f.readlines())
    sys.stdout.write(
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>\n{body}\n</body></html>\n"
    )


if __name__ == "__main__":
    main()
