"""What the commands print: aligned tables, and text to a file or standard output."""
from __future__ import annotations

import sys
from pathlib import Path

from annotator.core.terminal import visible


def print_table(header, rows) -> None:
    # Cells hold document text and names: control characters print as escapes.
    rows = [tuple("" if c is None else visible(c) for c in r) for r in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in rows)) if rows else len(str(h))
              for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    print(line(header))
    print(line(["-" * w for w in widths]))
    for r in rows:
        print(line(r))


def write_lines(lines: list[str], output: str) -> None:
    if output == "-":
        for line in lines:
            print(line)
        return
    from annotator.core.files import atomic_file
    with atomic_file(Path(output)) as f:
        f.write("".join(line + "\n" for line in lines))
    print(f"wrote {len(lines)} suggestion(s) to {output}", file=sys.stderr)


def write_text(text: str, output: str) -> None:
    if output == "-":
        sys.stdout.write(text)
        return
    from annotator.core.files import atomic_file
    with atomic_file(Path(output)) as f:
        f.write(text)
    print(f"wrote {output}", file=sys.stderr)
