// The control panel's harvest section: which view every wall shows (and cycling), the star
// limit and tags for hosts, the themes with the notes behind them, hiding notes from the wall.
import { connect, dataJson, el, fmt, matchesSearch, plural, showStatus } from "./live.js";

const app = document.getElementById("harvest-app");
const T = dataJson(app, "i18n");
const notes = new Map(); // uuid -> note, hidden ones included
const LIST_MAX = 40;
let live = null;
let lastSeq = 0;
let themesAsked = 0;
let themesTimer = null;

function call(event, data) {
  return new Promise((resolve) => {
    live.socket.timeout(10000).emit(event, data, (err, reply) => resolve(err ? { ok: false, error: T.offline } : reply));
  });
}

function showError(id, message) {
  const node = document.getElementById(id);
  node.hidden = !message;
  node.textContent = message || "";
}

function renderView(view) {
  app.querySelectorAll("[data-view]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.view === view.view)));
  document.getElementById("wall-cycle").value = String(view.cycle);
}

async function chooseView(data) {
  const reply = await call("wall:view", data);
  showError("view-error", reply.ok ? "" : reply.error);
  if (reply.ok) renderView(reply.view);
}

function renderSettings(settings) {
  document.getElementById("star-limit").value = settings.star_limit;
  document.getElementById("tag-choices").value = settings.tag_choices.join("\n");
  document.getElementById("approve-first").checked = settings.approve_first;
}

async function saveSettings(event) {
  event.preventDefault();
  const raw = document.getElementById("star-limit").value.trim();
  const limit = /^\d+$/.test(raw) ? Number(raw) : raw; // the server says what is wrong
  const tags = document.getElementById("tag-choices").value.split("\n").map((t) => t.trim()).filter(Boolean);
  const approve = document.getElementById("approve-first").checked;
  const reply = await call("harvest:settings", { star_limit: limit, tags, approve_first: approve });
  for (const [field, id] of [["star_limit", "star-limit"], ["tags", "tag-choices"]]) {
    const wrong = !reply.ok && reply.field === field;
    showError(`e-${id}`, wrong ? reply.error : "");
    document.getElementById(id).setAttribute("aria-invalid", String(wrong));
  }
  document.getElementById("marks-saved").textContent = reply.ok ? T.saved : "";
  if (reply.ok) renderSettings(reply.settings);
}

function noteLine(note) {
  const li = el("li", note.hidden ? "is-hidden" : note.pending ? "is-pending" : "");
  let where = fmt(T.table_round, { n: note.table, r: note.round });
  if (note.pending) where += ` · ${T.waiting}`;
  li.append(el("span", "muted", note.starred ? `${where} · ★ ${T.insight}` : where), el("p", "text", note.text));
  return li;
}

function renderModeration() {
  const query = document.getElementById("moderate-search").value;
  const onlyHidden = document.getElementById("moderate-hidden").checked;
  const onlyPending = document.getElementById("moderate-pending").checked;
  const kept = [...notes.values()].filter((n) => !n.deleted);
  const queued = kept.filter((n) => n.pending).length;
  document.getElementById("queue-count").textContent = queued ? plural(T.queue, queued) : "";
  const found = kept
    .filter((n) => (!onlyHidden || n.hidden) && (!onlyPending || n.pending))
    .filter((n) => matchesSearch(n.text, query))
    .sort((a, b) => b.created_seq - a.created_seq);
  const list = document.getElementById("moderate-list");
  list.replaceChildren(
    ...found.slice(0, LIST_MAX).map((note) => {
      const li = noteLine(note);
      const buttons = el("div", "actions");
      // A note in the queue can go either way; any other note toggles.
      const choices = note.pending ? [false, true] : [!note.hidden];
      for (const hidden of choices) {
        const button = el("button", hidden ? "danger" : "secondary", hidden ? T.hide : T.show);
        button.type = "button";
        button.addEventListener("click", () => hide(note, hidden));
        buttons.append(button);
      }
      li.append(buttons);
      return li;
    }),
  );
  if (!found.length) list.append(el("li", "muted", T.no_notes));
  if (found.length > LIST_MAX) list.append(el("li", "muted", plural(T.more, found.length - LIST_MAX)));
}

async function hide(note, hidden) {
  const reply = await call("note:hide", { uuid: note.uuid, hidden });
  showError("moderate-error", reply.ok ? "" : reply.error);
  if (reply.ok) store(reply.note);
  renderModeration();
}

async function loadThemes() {
  themesAsked = Date.now();
  const reply = await call("themes", {});
  const list = document.getElementById("theme-list");
  if (!reply.ok) return list.replaceChildren(el("li", "field-error", reply.error));
  const chosen = document.querySelector("#theme-list button[aria-pressed=true]");
  const rounds = [...new Set(reply.themes.map((t) => t.round))].sort((a, b) => a - b);
  list.replaceChildren(
    ...rounds.map((r) => {
      const li = el("li", "theme-round");
      const themes = el("ul", "theme-list");
      themes.append(...reply.themes.filter((t) => t.round === r).map(themeButton));
      li.append(el("h3", "", fmt(T.question_n, { n: r })), themes);
      return li;
    }),
  );
  if (!reply.themes.length) list.append(el("li", "muted", T.no_themes));
  // The theme the organiser was reading stays open, with its notes as they are now.
  const again = chosen && [...list.querySelectorAll("button")].find((b) => b.dataset.key === chosen.dataset.key);
  if (again) again.click();
}

/** Ask for the themes again a few seconds after notes change (at most every 5 s). */
function refreshThemesSoon() {
  clearTimeout(themesTimer);
  themesTimer = setTimeout(loadThemes, Math.max(0, 5000 - (Date.now() - themesAsked)));
}

function themeButton(theme) {
  const li = el("li");
  const button = el("button", theme.other ? "quiet other" : "quiet", theme.label);
  button.type = "button";
  button.dataset.key = `${theme.round}:${theme.label}`;
  button.setAttribute("aria-pressed", "false");
  button.addEventListener("click", () => showTheme(theme, button));
  const count = plural(T.n_notes, theme.count);
  li.append(button, el("span", "muted", ` ${count}`));
  return li;
}

function showTheme(theme, button) {
  document.querySelectorAll("#theme-list button").forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
  const box = document.getElementById("theme-notes");
  const list = el("ul", "moderate-list");
  list.append(...theme.notes.map((n) => noteLine(notes.get(n.uuid) || n)));
  box.replaceChildren(el("h3", "", fmt(T.notes_of, { term: theme.label })), list);
}

function renderVoting(voting) {
  document.getElementById("voting-now").textContent = voting.open ? plural(T.open_now, voting.dots) : T.closed_now;
  document.getElementById("voting-open").disabled = voting.open || voting.event_closed;
  document.getElementById("voting-ended").hidden = !voting.event_closed;
  document.getElementById("voting-close").disabled = !voting.open;
}

async function voting(action) {
  const raw = document.getElementById("vote-dots").value.trim();
  const dots = /^\d+$/.test(raw) ? Number(raw) : raw;
  const reply = await call("voting", { action, dots, stack: document.getElementById("vote-stack").checked });
  showError("e-vote-dots", !reply.ok && reply.field === "dots" ? reply.error : "");
  showError("voting-error", !reply.ok && reply.field !== "dots" ? reply.error : "");
  document.getElementById("vote-dots").setAttribute("aria-invalid", String(!reply.ok && reply.field === "dots"));
  if (reply.ok) renderVoting(reply.voting);
}

function renderResults(results) {
  const table = document.getElementById("vote-results");
  const voted = results.insights.filter((r) => r.total > 0);
  const head = el("tr");
  head.append(el("th", "", T.insight_col), ...results.groups.map((g) => el("th", "", g.label)), el("th", "", T.total));
  head.querySelectorAll("th").forEach((th) => th.setAttribute("scope", "col"));
  const rows = voted.map((r) => {
    const tr = el("tr");
    const what = el("td");
    what.append(el("p", "text", r.text), el("p", "muted", r.agreement));
    tr.append(what, ...results.groups.map((g) => el("td", "num", String(r.by_group[g.key] || 0))), el("td", "num total", String(r.total)));
    return tr;
  });
  const thead = el("thead");
  thead.append(head);
  const body = el("tbody");
  body.append(...rows);
  if (!rows.length) {
    const empty = el("tr");
    empty.append(el("td", "muted", T.no_votes));
    body.append(empty);
  }
  table.replaceChildren(thead, body);
}

function store(note) {
  const known = notes.get(note.uuid);
  if (!known || known.seq <= note.seq) notes.set(note.uuid, note);
}

app.querySelectorAll("[data-view]").forEach((b) => b.addEventListener("click", () => chooseView({ view: b.dataset.view })));
document.getElementById("wall-cycle").addEventListener("change", (e) => {
  const pressed = app.querySelector("[data-view][aria-pressed=true]");
  chooseView({ view: pressed ? pressed.dataset.view : "live", cycle: Number(e.target.value) });
});
document.getElementById("marks-form").addEventListener("submit", saveSettings);
document.getElementById("voting-form").addEventListener("submit", (e) => {
  e.preventDefault();
  voting("open");
});
document.getElementById("voting-close").addEventListener("click", () => voting("close"));
document.getElementById("themes-refresh").addEventListener("click", loadThemes);
document.getElementById("moderate-search").addEventListener("input", renderModeration);
document.getElementById("moderate-hidden").addEventListener("change", renderModeration);
document.getElementById("moderate-pending").addEventListener("change", renderModeration);
live = connect({
  role: "organiser",
  eventId: Number(app.dataset.event),
  lang: app.dataset.lang,
  getSince: () => lastSeq,
  async onSync(reply) {
    lastSeq = reply.last_seq;
    const harvest = await call("harvest", {});
    if (!harvest.ok) return;
    notes.clear();
    harvest.notes.forEach(store);
    renderView(harvest.view);
    renderSettings(harvest.settings);
    renderVoting(harvest.voting);
    renderResults(harvest.results);
    renderModeration();
    loadThemes();
  },
  onChange(msg) {
    lastSeq = Math.max(lastSeq, msg.seq);
    if (msg.kind === "note") {
      store(msg.data);
      renderModeration();
      refreshThemesSoon();
    } else if (msg.kind === "view") renderView(msg.data);
    else if (msg.kind === "voting") renderVoting(msg.data);
    else if (msg.kind === "votes") renderResults(msg.data);
    else if (msg.kind === "marks") renderSettings(msg.data);
  },
  onStatus: (state) => state === "revoked" && showStatus(document.getElementById("status"), "offline", { offline: T.offline }),
});
