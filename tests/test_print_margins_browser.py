"""Every printed page keeps a printable margin (issue 24): the desk list printed edge to edge
with `@page { margin: 0 }`, its title and tick boxes at 0 mm from the paper.

Each page in PRINT_PAGES is opened in Chromium as printing sees it (print media), and every
`@page` rule that applies is read from its style sheets: each side's margin must be at least
MIN_MM, and one rule must set all four. Each is also printed to PDF (tests/artifacts/print/).
Another helper's new print page is one more line in PRINT_PAGES."""

from __future__ import annotations

import pytest

from tests.morning_screens import login
from tests.servers import load_demo
from tests.test_browser import ARTIFACTS, TIMEOUT_MS

pytestmark = pytest.mark.browser

MIN_MM = 8
PRINT_PAGES = {
    "everything": "/o/events/{id}/print",
    "poster": "/o/events/{id}/print?what=poster",
    "table-tents": "/o/events/{id}/print?what=tents",
    "host-cards": "/o/events/{id}/print?what=hosts",
    "one-table": "/o/events/{id}/print?table=3",
    "desk-list": "/o/events/{id}/seating/desk",
    "personal-card": "/o/events/{id}/run/desk/card/1",
    "report": "/o/events/{id}/export/html",
}

# The margins of every @page rule the page's style sheets apply in print, in millimetres.
PAGE_MARGINS_JS = """() => {
  const MM = {mm: 1, cm: 10, in: 25.4, pt: 25.4 / 72, pc: 25.4 / 6, px: 25.4 / 96, q: .25};
  const mm = (v) => { if (!v) return null; if (parseFloat(v) === 0) return 0;
    const m = v.match(/^([\\d.]+)(mm|cm|in|pt|pc|px|q)$/i);
    return m ? +m[1] * MM[m[2].toLowerCase()] : NaN; };
  const rules = [];
  const walk = (list) => { for (const rule of list) {
    if (rule instanceof CSSPageRule) {
      const s = rule.style;
      rules.push({selector: rule.selectorText, top: mm(s.marginTop), right: mm(s.marginRight),
                  bottom: mm(s.marginBottom), left: mm(s.marginLeft)});
    } else if (rule instanceof CSSMediaRule) {
      if (matchMedia(rule.conditionText).matches) walk(rule.cssRules);
    } else if (rule.cssRules) walk(rule.cssRules);
  } };
  for (const sheet of document.styleSheets) walk(sheet.cssRules);
  return rules;
}"""


def test_every_print_page_keeps_a_printable_margin(chromium, live_server):
    browser, server = chromium, live_server
    links = load_demo(server, owner="anna")
    event_id = links["organiser"].rstrip("/").rsplit("/", 1)[1]
    shots = ARTIFACTS / "print"
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    login(page, server)
    found = {}
    for name, path in PRINT_PAGES.items():
        response = page.goto(server.url + path.format(id=event_id))
        assert response.ok, (name, response.status)
        page.emulate_media(media="print")
        found[name] = page.evaluate(PAGE_MARGINS_JS)
        page.pdf(path=str(shots / f"{name}.pdf"), prefer_css_page_size=True)
        page.emulate_media(media="screen")
    for name, rules in found.items():
        sides = [[r[side] for side in ("top", "right", "bottom", "left")] for r in rules]
        assert any(None not in four for four in sides), f"{name}: no @page sets its margins"
        for rule, four in zip(rules, sides, strict=True):
            assert all(mm is None or mm >= MIN_MM for mm in four), (name, rule)
