"""python -m cafe.seating INSTANCE.json: print the plan and its metrics as JSON."""

from __future__ import annotations

import json
import sys

from cafe.seating.jsonio import plan_to_json, problem_from_json
from cafe.seating.planner import plan_seating


def main(argv: list[str]) -> int:
    """Plan the instance named on the command line ('-' reads standard input)."""
    if len(argv) != 1:
        print("usage: python -m cafe.seating INSTANCE.json", file=sys.stderr)
        return 2
    with open(argv[0]) if argv[0] != "-" else sys.stdin as handle:
        data = json.load(handle)
    try:
        plan = plan_seating(problem_from_json(data))
    except ValueError as error:
        print(json.dumps({"error": str(error)}))
        return 1
    print(json.dumps(plan_to_json(plan), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
