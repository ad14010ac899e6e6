"""Print the hardening figures measured on the current code: the access matrix, the
Socket.IO and import fuzzing, and the connection flood (whose host acknowledgements are
compared with the same host's acknowledgements measured just before the flood).

    .venv/bin/python bench/hardening.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ["tests/test_access_matrix.py", "tests/test_fuzz.py", "tests/test_flood.py"]
PREFIXES = ("matrix:", "socket fuzz", "import fuzz:", "route fuzz:", "flood:")


def main() -> int:
    """Run the three tests with their output shown, and print the figure lines."""
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", *TESTS],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith(PREFIXES)]
    print("\n".join(lines))
    print(run.stdout.strip().splitlines()[-1])
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
