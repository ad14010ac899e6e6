// The wall's connection status against what it really sits on: its own ground if opaque, else
// whatever is under the middle of it (the corner is fixed over every phase's screen).
// Returns the contrast ratios (WCAG 2) of its text and of its dot.
() => {
  const rgba = (text) => text.match(/[\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const status = document.getElementById('status');
  // What the corner floats over (it is fixed): the element under its middle, status hidden.
  const box = status.getBoundingClientRect();
  status.style.visibility = 'hidden';
  const under = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
  status.style.visibility = '';
  let behind = null;
  for (let node = under; node && !behind; node = node.parentElement) {
    const bg = rgba(getComputedStyle(node).backgroundColor);
    if (bg.length < 4 || bg[3] === 1) behind = bg;
  }
  const own = rgba(getComputedStyle(status).backgroundColor);
  const opaque = own.length < 4 || own[3] === 1;
  const seen = opaque ? own : behind;
  const text = rgba(getComputedStyle(status).color);
  const dot = rgba(getComputedStyle(status, '::before').backgroundColor);
  return {text: ratio(text, seen), dot: ratio(dot, seen), label: status.textContent};
}
