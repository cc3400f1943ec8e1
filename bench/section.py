"""Writes one benchmark's own section of docs/benchmarks.md: the text on stdin replaces what stands between its marker
(argv[1], e.g. "<!-- bench/pages -->") and the next section's marker (or the end); a section not there yet is added at
the end. bench/report.py rewrites the file's head and keeps every such section."""
import sys

marker, path = sys.argv[1], "docs/benchmarks.md"
section = f"{marker}\n{sys.stdin.read().strip()}\n"
text = open(path).read()
if marker in text:
    start = text.index(marker)
    following = text.find("<!-- bench/", start + len(marker))
    text = text[:start] + section + ("\n" + text[following:] if following >= 0 else "")
else:
    text = text.rstrip() + "\n\n" + section
open(path, "w").write(text)
