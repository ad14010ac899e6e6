"""Print the hardening figures measured on the current code: the access matrix, the
Socket.IO and import fuzzing, the connection flood (whose host acknowledgements are
compared with the same host's acknowledgements measured just before the flood), and the
message floods of bench/flood.py (issue 23.1) beside their no-flood baseline.

    .venv/bin/python bench/hardening.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ["tests/test_access_matrix.py", "tests/test_fuzz.py", "tests/test_flood.py"]
FLOODS = [sys.executable, "bench/flood.py", "--seconds", "15"]
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
    print("message floods (bench/flood.py), each beside the no-flood baseline of its run:")
    floods = subprocess.run(FLOODS, cwd=ROOT, capture_output=True, text=True)
    print(floods.stdout.strip())
    return run.returncode or floods.returncode


if __name__ == "__main__":
    sys.exit(main())
