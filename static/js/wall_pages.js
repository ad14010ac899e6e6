// Paging for the wall: cards are measured at the width they will have, packed into pages
// of columns, and a card taller than a column is split into parts (lines k..k+n of its
// text, the rest on the next part), so nothing is ever cut or clamped.
import { el, fmt } from "./live.js";

const sizes = new WeakMap(); // node -> {key, h, textH, lh}, measured once per node and size
const splits = new WeakMap(); // node -> {key, parts}

/** Heights of `nodes` laid out `width` px wide inside `host` (new ones in one layout). */
export function measure(host, nodes, width) {
  const key = `${Math.round(width)}x${innerWidth}x${innerHeight}`;
  const todo = nodes.filter((n) => sizes.get(n)?.key !== key);
  if (todo.length) {
    const box = el("div", "wall-measure");
    box.style.setProperty("width", `${width}px`);
    box.append(...todo);
    host.append(box);
    for (const node of todo) {
      const text = node.querySelector(".text");
      sizes.set(node, {
        key,
        h: node.getBoundingClientRect().height,
        textH: text ? text.getBoundingClientRect().height : 0,
        lh: text ? parseFloat(getComputedStyle(text).lineHeight) || 0 : 0,
      });
    }
    box.remove();
  }
  return nodes.map((n) => ({ node: n, ...sizes.get(n) }));
}

/** The item itself when it fits `room` px, else its parts: the same card showing a window
 * of whole lines of its text, each part saying "part 1 of 3". The parts are measured in
 * `host` at `width` px (their label may take a line more than the card's). */
export function split(item, room, T, host, width) {
  const lines = item.lh ? Math.round(item.textH / item.lh) : 0;
  if (item.h <= room + 0.5 || !lines) return [item];
  const key = `${room}:${width}:${item.h}:${item.lh}`;
  const known = splits.get(item.node);
  if (known && known.key === key) return known.parts;
  let chrome = item.h - item.textH;
  let parts = [item];
  for (let tries = 0; tries < 3; tries++) {
    const per = Math.floor((room - chrome) / item.lh);
    if (per < 1 || lines <= per) return [item];
    const sized = measure(host, windows(item, lines, per, T), width);
    parts = sized.map(({ node, h }) => ({ node, h }));
    const worst = Math.max(...sized.map((p) => p.h - p.textH));
    if (worst <= chrome + 0.5) break;
    chrome = worst; // the label took more room: fewer lines per part
  }
  splits.set(item.node, { key, parts });
  return parts;
}

function windows(item, lines, per, T) {
  const count = Math.ceil(lines / per);
  return Array.from({ length: count }, (_, i) => {
    const node = item.node.cloneNode(true);
    node.classList.add("part");
    node.classList.remove("fresh");
    const text = node.querySelector(".text");
    const inner = el("span", "window", text.textContent);
    inner.style.setProperty("--shift", `${-i * per * item.lh}px`);
    text.replaceChildren(inner);
    text.style.setProperty("height", `${Math.min(per, lines - i * per) * item.lh}px`);
    const where = node.querySelector(".where");
    if (where) where.append(" · ", el("span", "part-no", fmt(T.part, { n: i + 1, count })));
    return node;
  });
}

/** Lay items out in order, each in the shortest column of the page; a page ends when the
 * next item fits in none. Returns pages of [{node, col, y}] (one empty page for none). */
export function pack(items, { cols, height, gap }) {
  const pages = [];
  let page;
  let heights;
  const turn = () => {
    page = [];
    heights = new Array(cols).fill(0);
    pages.push(page);
  };
  turn();
  for (const { node, h } of items) {
    let col = heights.indexOf(Math.min(...heights));
    if (heights[col] > 0 && heights[col] + gap + h > height + 0.5) {
      turn();
      col = 0;
    }
    const y = heights[col] > 0 ? heights[col] + gap : 0;
    page.push({ node, col, y });
    heights[col] = y + h;
  }
  return pages;
}

/** The columns a box of `width` px holds, at least `min` px each with `gap` between. */
export function columns(width, min, gap) {
  const cols = Math.max(1, Math.floor((width + gap) / (min + gap)));
  return { cols, colW: (width - (cols - 1) * gap) / cols };
}

/** Show one packed page in `list` (positioned by CSS from --x, --y and --col-w). */
export function place(list, page, colW, gap) {
  list.style.setProperty("--col-w", `${colW}px`);
  for (const { node, col, y } of page) {
    node.style.setProperty("--x", `${col * (colW + gap)}px`);
    node.style.setProperty("--y", `${y}px`);
  }
  list.replaceChildren(...page.map((p) => p.node));
}
