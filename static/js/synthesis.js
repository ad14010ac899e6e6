// The organiser's synthesis of one question: themes to rename, merge, split and fill (drag a
// note, or its "Move to" menu, or the keyboard), quotes, and the organiser's texts. Every
// decision goes to the server, which replays it over the fresh grouping and tells the other
// organisers' pages and the wall; a change on a stale copy is refused and the page reloads.
import { connect, dataJson, el, fmt, showStatus } from "./live.js";

const app = document.getElementById("synthesis-app");
const T = dataJson(app, "i18n");
const scope = Number(app.dataset.scope);
const answers = scope === 0;
let state = { themes: [], items: {}, texts: {} };
const chosen = new Set(); // notes ticked for a new theme
let live = null;
let dragged = null;
let reloadTimer = null;

const WAIT_MS = 60000; // the first grouping of a process loads the sentence model

function call(event, data) {
  return new Promise((resolve) => {
    if (!live || !live.socket.connected) return resolve({ ok: false, error: T.offline });
    live.socket.timeout(WAIT_MS).emit(event, data, (err, reply) => resolve(err ? { ok: false, error: T.offline } : reply));
  });
}

function showError(message) {
  const node = document.getElementById("synth-error");
  node.hidden = !message;
  node.textContent = message || "";
}

/** Send a decision; on success show the fresh state, on refusal say why and reload. */
async function decide(event, data) {
  const reply = await call(event, { scope, ...data });
  showError(reply.ok ? "" : reply.error);
  if (reply.ok) show(reply);
  else load();
  return reply;
}

async function load() {
  const reply = await call("synthesis", { scope });
  if (reply.ok) show(reply);
  else reloadSoon(3000); // not connected, or too slow: try again
}

/** Reload soon (a burst of new notes costs one reload). */
function reloadSoon(ms = 800) {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(load, ms);
}

function show(next) {
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.focusKey : null;
  state = next;
  for (const uuid of [...chosen]) if (!state.items[uuid]) chosen.delete(uuid);
  renderThemes();
  renderTexts();
  if (focused) {
    const again = app.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`);
    if (again) again.focus();
  }
}

function count(n) {
  if (answers) return n === 1 ? T.answers_one : fmt(T.answers, { n });
  return n === 1 ? T.notes_one : fmt(T.notes, { n });
}

function renderThemes() {
  const list = document.getElementById("synth-themes");
  const empty = document.getElementById("synth-empty");
  const total = state.themes.reduce((sum, t) => sum + t.count, 0);
  empty.hidden = total > 0;
  empty.textContent = answers ? T.empty_answers : T.empty;
  list.replaceChildren(...state.themes.filter((t) => t.count || t.curated).map(themeCard));
}

function themeCard(theme) {
  const li = el("li", `card synth-theme${theme.other ? " is-other" : ""}`);
  li.dataset.key = theme.key;
  const head = el("div", "synth-theme-head");
  const title = el("h3", "", theme.label);
  title.id = `theme-${theme.key.replace(/\W/g, "_")}`;
  li.setAttribute("aria-labelledby", title.id);
  head.append(title, el("span", "muted", `${count(theme.count)} · ${theme.curated ? T.mine : T.auto}`));
  li.append(head, themeTools(theme));
  const notes = el("ol", "synth-notes");
  notes.append(...theme.items.map((uuid) => noteItem(uuid, theme)));
  if (!theme.items.length) notes.append(el("li", "muted", T.empty_theme));
  li.append(notes);
  dropTarget(li, theme);
  return li;
}

function themeTools(theme) {
  const tools = el("div", "synth-tools");
  const rename = button(T.rename, () => renameForm(theme, tools), "secondary");
  rename.dataset.focusKey = `rename:${theme.key}`;
  tools.append(rename);
  const others = state.themes.filter((t) => t.key !== theme.key);
  if (others.length && theme.count) tools.append(mergeForm(theme, others));
  const mine = theme.items.filter((u) => chosen.has(u));
  if (mine.length && mine.length < theme.items.length) tools.append(splitForm(theme, mine));
  return tools;
}

function renameForm(theme, tools) {
  const form = el("form", "synth-inline");
  const id = `name-${theme.key.replace(/\W/g, "_")}`;
  const label = el("label", "visually-hidden", T.name_label);
  label.htmlFor = id;
  const input = el("input");
  Object.assign(input, { type: "text", id, value: theme.label, maxLength: 80 });
  form.append(label, input, submit(T.save), button(T.cancel, () => renderThemes(), "secondary"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    decide("theme:rename", { key: theme.key, version: theme.version, label: input.value });
  });
  tools.replaceChildren(form);
  input.focus();
  input.select();
}

function mergeForm(theme, others) {
  const form = el("form", "synth-inline");
  const id = `merge-${theme.key.replace(/\W/g, "_")}`;
  const label = el("label", "", T.merge_label);
  label.htmlFor = id;
  const select = el("select");
  select.id = id;
  select.append(new Option(T.merge_none, ""), ...others.map((t) => new Option(t.label, t.key)));
  form.append(label, select, submit(T.merge, "secondary"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const into = state.themes.find((t) => t.key === select.value);
    if (!into) return select.focus();
    decide("theme:merge", { key: theme.key, version: theme.version, into: into.key, into_version: into.version });
  });
  return form;
}

function splitForm(theme, mine) {
  const form = el("form", "synth-inline");
  const id = `split-${theme.key.replace(/\W/g, "_")}`;
  const label = el("label", "", T.split_label);
  label.htmlFor = id;
  const input = el("input");
  Object.assign(input, { type: "text", id, maxLength: 80 });
  form.append(label, input, submit(fmt(T.split, { n: mine.length })));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const reply = await decide("theme:split", { key: theme.key, version: theme.version, items: mine, label: input.value });
    if (reply.ok) mine.forEach((u) => chosen.delete(u));
  });
  return form;
}

function noteItem(uuid, theme) {
  const item = state.items[uuid] || { text: "" };
  const li = el("li", `synth-note${theme.quotes.includes(uuid) ? " is-quote" : ""}`);
  li.tabIndex = 0;
  li.draggable = true;
  li.dataset.focusKey = `note:${uuid}`;
  li.dataset.uuid = uuid;
  const text = el("p", "text", item.text);
  const meta = el("p", "muted", answers ? T.answer : fmt(T.where, { table: item.table, round: item.round }));
  const row = el("div", "synth-note-tools");
  const tick = el("input");
  Object.assign(tick, { type: "checkbox", id: `pick-${uuid}`, checked: chosen.has(uuid) });
  const tickLabel = el("label", "synth-pick", T.choose);
  tickLabel.prepend(tick);
  tick.addEventListener("change", () => {
    if (tick.checked) chosen.add(uuid);
    else chosen.delete(uuid);
    renderThemes();
  });
  const quote = button(theme.quotes.includes(uuid) ? `★ ${T.quote_on}` : `☆ ${T.quote}`, () => toggleQuote(uuid, theme), "secondary");
  quote.setAttribute("aria-pressed", String(theme.quotes.includes(uuid)));
  quote.dataset.focusKey = `quote:${uuid}`;
  row.append(tickLabel, quote, moveMenu(uuid, theme));
  li.append(text, meta, row);
  li.addEventListener("dragstart", (e) => {
    dragged = uuid;
    e.dataTransfer.setData("text/plain", uuid);
    e.dataTransfer.effectAllowed = "move";
  });
  li.addEventListener("dragend", () => (dragged = null));
  li.addEventListener("keydown", (e) => noteKeys(e, li, uuid, theme, tick));
  return li;
}

function noteKeys(e, li, uuid, theme, tick) {
  if (e.target !== li || e.ctrlKey || e.altKey || e.metaKey) return;
  if (e.key === "m" || e.key === "M") {
    e.preventDefault();
    li.querySelector("select").focus();
  } else if (e.key === "q" || e.key === "Q") {
    e.preventDefault();
    toggleQuote(uuid, theme);
  } else if (e.key === " ") {
    e.preventDefault();
    tick.click();
  }
}

function moveMenu(uuid, theme) {
  const id = `move-${uuid}`;
  const wrap = el("span", "synth-move");
  const label = el("label", "visually-hidden", T.move_label);
  label.htmlFor = id;
  const select = el("select");
  select.id = id;
  select.dataset.focusKey = `move:${uuid}`;
  select.append(new Option(`${T.move_label}…`, ""));
  for (const t of state.themes) if (t.key !== theme.key) select.append(new Option(t.label, t.key));
  select.append(new Option(T.move_new, "new"));
  select.addEventListener("change", () => {
    if (!select.value) return;
    if (select.value === "new") return newThemeFor(uuid, wrap);
    moveTo(uuid, select.value);
  });
  wrap.append(label, select);
  return wrap;
}

function newThemeFor(uuid, wrap) {
  const form = el("form", "synth-inline");
  const input = el("input");
  Object.assign(input, { type: "text", id: `new-${uuid}`, maxLength: 80 });
  const label = el("label", "visually-hidden", T.move_prompt);
  label.htmlFor = input.id;
  input.placeholder = T.move_prompt;
  form.append(label, input, submit(T.save), button(T.cancel, () => renderThemes(), "secondary"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    decide("theme:move", { item: uuid, to: "new", label: input.value });
  });
  wrap.replaceChildren(form);
  input.focus();
}

async function moveTo(uuid, key) {
  const target = state.themes.find((t) => t.key === key);
  const reply = await decide("theme:move", { item: uuid, to: key });
  if (reply.ok && target) {
    const landed = reply.themes.find((t) => t.items.includes(uuid));
    const note = app.querySelector(`[data-focus-key="note:${CSS.escape(uuid)}"]`);
    if (note) note.focus();
    document.getElementById("status").textContent = fmt(T.moved, { label: landed ? landed.label : target.label });
  }
}

function toggleQuote(uuid, theme) {
  const quotes = theme.quotes.includes(uuid) ? theme.quotes.filter((q) => q !== uuid) : [...theme.quotes, uuid];
  decide("theme:quotes", { key: theme.key, version: theme.version, quotes });
}

function dropTarget(card, theme) {
  card.addEventListener("dragover", (e) => {
    if (!dragged || theme.items.includes(dragged)) return;
    e.preventDefault();
    card.classList.add("drop");
    card.title = fmt(T.drop, { label: theme.label });
  });
  card.addEventListener("dragleave", () => card.classList.remove("drop"));
  card.addEventListener("drop", (e) => {
    e.preventDefault();
    card.classList.remove("drop");
    const uuid = e.dataTransfer.getData("text/plain") || dragged;
    if (uuid && !theme.items.includes(uuid)) moveTo(uuid, theme.key);
  });
}

function renderTexts() {
  for (const form of app.querySelectorAll(".synth-text")) {
    const kind = form.dataset.kind;
    const text = state.texts[kind];
    if (!text) continue;
    const area = form.querySelector("textarea");
    const note = form.querySelector(".actions .muted");
    if (form.dataset.version !== undefined && Number(form.dataset.version) === text.version) continue;
    const typing = form.dataset.version !== undefined && area.value !== (form.dataset.saved || "");
    // Nothing typed is lost: unsaved words stay, and the other organiser's text is quoted.
    if (typing) note.textContent = fmt(T.changed, { text: text.text });
    else area.value = text.text;
    form.dataset.saved = text.text;
    form.dataset.version = String(text.version);
  }
}

function saveText(form) {
  return async (e) => {
    e.preventDefault();
    const kind = form.dataset.kind;
    const area = form.querySelector("textarea");
    const reply = await call("synthesis:text", { scope, kind, text: area.value, version: Number(form.dataset.version || 0) });
    const error = document.getElementById(`e-text-${kind}`);
    error.hidden = reply.ok;
    error.textContent = reply.ok ? "" : reply.error;
    area.setAttribute("aria-invalid", String(!reply.ok));
    if (reply.ok) {
      form.dataset.saved = area.value = reply.texts[kind].text;
      form.dataset.version = String(reply.texts[kind].version);
      form.querySelector(".actions .muted").textContent = T.saved;
      show(reply);
    } else if (reply.field === "version") {
      load(); // what was typed stays; the other organiser's text is quoted beside it
    }
  };
}

function button(text, onClick, className = "") {
  const b = el("button", className, text);
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

function submit(text, className = "") {
  const b = el("button", className, text);
  b.type = "submit";
  return b;
}

app.querySelectorAll(".synth-text").forEach((form) => form.addEventListener("submit", saveText(form)));
document.getElementById("synth-keys").textContent = T.keys;
live = connect({
  role: "organiser",
  eventId: Number(app.dataset.event),
  lang: app.dataset.lang,
  getSince: () => 0,
  onSync: () => load(),
  onChange(msg) {
    if (msg.kind === "synthesis" && msg.data.scope === scope) reloadSoon();
    else if (answers ? msg.kind === "answer" : msg.kind === "note" && msg.data.round === scope) reloadSoon();
  },
  onStatus: (s) => showStatus(document.getElementById("status"), s, { online: T.online, offline: T.reconnecting }),
});
