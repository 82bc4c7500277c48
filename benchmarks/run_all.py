"""Run every benchmark in this folder (``bench_*.py``), each in its own process; ``./dev
bench`` calls this. Extra arguments are passed to each benchmark."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    status = 0
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        print(f"== {path.name}", flush=True)
        status |= subprocess.call([sys.executable, str(path), *argv])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
