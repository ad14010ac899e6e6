"""Page weight: bytes a phone downloads for each screen (HTML plus the CSS and JS it links).

Phones at events are slow and the venue's Wi-Fi is poor, so this prints, per page, the
HTML size, the linked static files and the total, uncompressed (the laptop serves them
as they are). Run: .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.servers import make_server  # noqa: E402

ASSET = re.compile(r'(?:src|href)="(/static/[^"]+)"')
IMPORT = re.compile(r'from "\./([^"]+)"')


def weigh(url: str, cache: dict) -> tuple[int, int, list[str]]:
    """(html bytes, static bytes, static paths) for one page."""
    html = requests.get(url, timeout=10).content
    queue = sorted(set(ASSET.findall(html.decode())))
    base = "/".join(url.split("/", 3)[:3])
    assets: list[str] = []
    while queue:  # ES modules pull in what they import: count that too
        path = queue.pop(0)
        if path in assets:
            continue
        assets.append(path)
        if path not in cache:
            body = requests.get(base + path, timeout=10).text
            cache[path] = len(body.encode())
            cache[path + "#imports"] = [
                path.rsplit("/", 1)[0] + "/" + m for m in IMPORT.findall(body)
            ]
        queue.extend(cache[path + "#imports"])
    return len(html), sum(cache[p] for p in assets), assets


def main() -> None:
    server = make_server(Path(tempfile.mkdtemp())).start()
    try:
        links = server.demo()
        pages = {
            "join (phone)": links["join"],
            "host (phone)": links["hosts"]["1"],
            "wall (projector)": links["wall"],
        }
        cache: dict = {}
        print(f"{'page':<18} {'html kB':>8} {'static kB':>10} {'total kB':>9}  files")
        for name, url in pages.items():
            html, static, assets = weigh(url, cache)
            files = ", ".join(Path(a).name for a in assets)
            print(
                f"{name:<18} {html / 1024:8.1f} {static / 1024:10.1f} "
                f"{(html + static) / 1024:9.1f}  {files}"
            )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
