// Every visible text on a page: its font size as a share of the window's height, whether it
// is a live note's text on the wall, and what cuts it (an ancestor that clips it, a clamp or
// an ellipsis, the window's edge). Used by tests/test_wall_sizes_browser.py.
(() => {
  const H = innerHeight, W = innerWidth, out = [], cut = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const e = t.parentElement;
    if (!t.textContent.trim() || seen.has(e) || e.closest('.wall-measure, .probe, .wall-probe, .skip, .bar')) continue;
    seen.add(e);
    const r = e.getBoundingClientRect();
    const s = getComputedStyle(e);
    if (!r.width || !r.height || s.visibility === 'hidden' || !e.checkVisibility()) continue;
    const px = parseFloat(s.fontSize);
    const live = !!e.closest('#wall-notes .wall-note .text') && document.getElementById('wall-app').dataset.view === 'live';
    out.push({px, share: px / H, live, cls: (e.className || e.tagName).toString(), text: t.textContent.trim().slice(0, 40)});
    const why = [];
    if (s.textOverflow === 'ellipsis' || (s.webkitLineClamp && s.webkitLineClamp !== 'none')) why.push('clamp');
    const window = e.classList.contains('window');  // a part of a long note: whole lines shown
    const box = window ? e.parentElement.getBoundingClientRect() : r;
    if (box.bottom > H + 1 || box.right > W + 1 || box.top < -1 || box.left < -1) why.push('off screen');
    for (let a = window ? e.parentElement.parentElement : e; a && a !== document.body; a = a.parentElement) {
      const as = getComputedStyle(a);
      if (as.overflow === 'visible' && as.overflowX === 'visible' && as.overflowY === 'visible') continue;
      const ar = a.getBoundingClientRect();
      if (box.bottom > ar.bottom + 1 || box.right > ar.right + 1) { why.push('clipped by ' + (a.id || a.className)); break; }
      if (a === e && (a.scrollHeight > a.clientHeight + 1 || a.scrollWidth > a.clientWidth + 1)) { why.push('overflows'); break; }
    }
    if (why.length) cut.push({why, cls: out.at(-1).cls, text: out.at(-1).text});
  }
  const doc = document.documentElement;
  const scroll = doc.scrollHeight > H + 1 || doc.scrollWidth > W + 1;
  return {texts: out, cut, scroll};
})
