"""Page weight: bytes a phone downloads for each screen on its first visit (HTML plus the
CSS and JS it links, ES module imports included), as sent on the wire (compressed, as
Chromium asks over plain HTTP: gzip, deflate) and unpacked.

Phones at events are slow and the venue's Wi-Fi is poor; issue 11 asks for the phone
pages (host and participant, Socket.IO client included) under 60 kB on first load.
Run: .venv/bin/python bench/page_weight.py
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
BROWSER = {"Accept-Encoding": "gzip, deflate"}
LIMIT_KB = 60


def fetch(url: str) -> tuple[bytes, int]:
    """(the body unpacked, the bytes that travelled)."""
    response = requests.get(url, headers=BROWSER, timeout=10, stream=True)
    wire = response.raw.read(decode_content=False)
    return response.content if not wire else _unpack(wire, response), len(wire)


def _unpack(wire: bytes, response) -> bytes:
    import zlib

    encoding = response.headers.get("Content-Encoding", "")
    if encoding == "gzip":
        return zlib.decompress(wire, 16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        try:
            return zlib.decompress(wire)
        except zlib.error:
            return zlib.decompress(wire, -zlib.MAX_WBITS)
    return wire


def weigh(url: str, cache: dict) -> tuple[int, int, list[str]]:
    """(bytes unpacked, bytes on the wire, static paths) for one page and what it loads."""
    html, html_wire = fetch(url)
    queue = sorted(set(ASSET.findall(html.decode())))
    base = "/".join(url.split("/", 3)[:3])
    assets: list[str] = []
    while queue:  # ES modules pull in what they import: count that too
        path = queue.pop(0)
        if path in assets:
            continue
        assets.append(path)
        if path not in cache:
            body, wire = fetch(base + path)
            cache[path] = (len(body), wire)
            folder = path.rsplit("/", 1)[0]
            cache[path + "#imports"] = [folder + "/" + m for m in IMPORT.findall(body.decode())]
        queue.extend(cache[path + "#imports"])
    plain = len(html) + sum(cache[p][0] for p in assets)
    wire = html_wire + sum(cache[p][1] for p in assets)
    return plain, wire, assets


def participant_link(join: str) -> str:
    """Someone checks in through the form; their personal page."""
    with requests.Session() as phone:
        page = phone.get(join, timeout=10)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        done = phone.post(
            join, data={"csrf_token": csrf, "name": "Pesata"}, allow_redirects=False, timeout=10
        )
        return join.split("/j/")[0] + done.headers["Location"]


def main() -> int:
    server = make_server(Path(tempfile.mkdtemp())).start()
    try:
        links = server.demo()
        pages = {
            "join (phone)": (links["join"], True),
            "participant (phone)": (participant_link(links["join"]), True),
            "host (phone)": (links["hosts"]["1"], True),
            "wall (projector)": (links["wall"], False),
        }
        cache: dict = {}
        print(f"{'page, first load':<22} {'wire kB':>8} {'unpacked kB':>12}  files")
        over = []
        for name, (url, phone) in pages.items():
            plain, wire, assets = weigh(url, cache)
            files = ", ".join(Path(a).name for a in assets)
            print(f"{name:<22} {wire / 1024:8.1f} {plain / 1024:12.1f}  {files}")
            if phone and wire / 1024 >= LIMIT_KB:
                over.append(name)
        if over:
            print(f"over {LIMIT_KB} kB on the wire: {', '.join(over)}")
        return 1 if over else 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
