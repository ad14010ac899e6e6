// The check-in desk: find a name, tick it or take the tick back, add a walk-in, make a host.
// Every change goes through the organiser's socket; the list comes back with the next sync,
// so two desks (and the control panel) stay in step. A change refused for load, left
// unanswered or made without a connection is kept as typed, the desk says when it tries
// again, and sends it again by itself (marked `again`, a walk-in with the same key: it
// lands once even when the first answer was only lost).
import { connect, dataJson, el, fmt, matchesSearch, showStatus, uuid4 } from "./live.js";
import { countdown, namedWait } from "./retry.js";

const app = document.getElementById("desk-app");
const T = dataJson(app, "i18n");
const search = document.getElementById("desk-search");
const errorBox = document.getElementById("desk-error");
const notice = document.getElementById("desk-notice");
let state = dataJson(app, "state");
let live = null;
let refresh = null;
let waiting = []; // changes to send again when the countdown ends
let cancelWait = null;
let walkinKey = null; // one per walk-in, kept until it is added

function button(label, aria, cls, onClick) {
  const b = el("button", cls, label);
  b.type = "button";
  b.setAttribute("aria-label", aria);
  b.addEventListener("click", onClick);
  return b;
}

/** A link to the person's printable card (their table in every round), in a new tab. */
function cardLink(p) {
  const a = el("a", "button quiet card-link", T.card);
  a.href = app.dataset.cardUrl.replace(/0$/, String(p.id));
  a.target = "_blank";
  a.setAttribute("aria-label", fmt(T.card_label, { name: p.name }));
  return a;
}

function personItem(p) {
  const li = el("li", p.arrived ? "done" : "");
  const who = el("span", "who");
  who.append(el("strong", "", p.name));
  if (p.group) who.append(el("span", "muted", ` · ${p.group}`));
  if (p.hosts) who.append(el("span", "pill", fmt(T.hosts, { n: p.hosts })));
  const box = el("span", "person-actions");
  box.append(el("span", p.table ? "table-no" : "muted", p.table ? fmt(T.table, { n: p.table }) : T.no_table));
  if (!p.arrived) {
    box.append(button(T.tick, fmt(T.tick_label, { name: p.name }), "", () => send({ event: "checkin", data: { participant_id: p.id } })));
  } else if (p.walked_in) {
    box.append(el("span", "here", T.walked_in));
  } else {
    box.append(el("span", "here", `✓ ${T.arrived}`));
    box.append(button(T.undo, fmt(T.undo_label, { name: p.name }), "quiet", () => send({ event: "uncheck", data: { participant_id: p.id } })));
  }
  box.append(cardLink(p));
  li.append(who, box);
  return li;
}

function renderPeople() {
  document.getElementById("arrived-count").textContent = state.arrived;
  document.getElementById("expected-count").textContent = state.expected;
  const people = state.people.filter((p) => !p.left && matchesSearch(p.name, search.value));
  const list = document.getElementById("desk-list");
  list.replaceChildren(...people.map(personItem));
  if (!people.length) list.append(el("li", "muted", T.nobody));
}

function options(select, items, blank) {
  const chosen = select.value;
  const nodes = items.map(([value, label]) => {
    const o = el("option", "", label);
    o.value = String(value);
    return o;
  });
  if (blank) {
    const none = el("option", "", T.choose);
    none.value = "";
    nodes.unshift(none);
  }
  select.replaceChildren(...nodes);
  if (nodes.some((o) => o.value === chosen)) select.value = chosen;
}

function renderHostForm() {
  const people = state.people.filter((p) => p.arrived && !p.left && !p.hosts);
  const tables = state.tables.filter((t) => !t.host_id);
  options(document.getElementById("host-person"), people.map((p) => [p.id, p.name]), true);
  options(document.getElementById("host-table"), tables.map((t) => [t.id, fmt(T.table, { n: t.number })]), false);
  document.getElementById("host-form").closest("section").hidden = !tables.length;
}

function render() {
  renderPeople();
  renderHostForm();
}

function showError(message) {
  errorBox.hidden = !message;
  errorBox.textContent = message || "";
}

function fieldError(id, message) {
  const node = document.getElementById(id);
  if (!node) return;
  node.hidden = !message;
  node.textContent = message || "";
  const input = document.querySelector(`[aria-describedby="${id}"]`);
  if (input) input.toggleAttribute("aria-invalid", !!message);
}

/**
 * Send a change: {event, data, done(reply) on success, failed(reply) when refused for what
 * was typed, near: where its notice goes}. Refused for load, unanswered or without a
 * connection, it waits and goes again by itself.
 */
function send(change) {
  if (!live || !live.socket.connected) return sendLater(change, namedWait(null), "offline");
  live.socket.timeout(10000).emit(change.event, change.data, (err, reply) => {
    if (err) return sendLater(change, namedWait(null), live.socket.connected ? "queue" : "offline");
    if (reply.busy) return sendLater(change, reply.retry_after, "queue");
    if (!waiting.length && !cancelWait) notice.hidden = true;
    if (!reply.ok) return change.failed ? change.failed(reply) : showError(reply.error);
    showError("");
    if (change.done) change.done(reply);
    later();
  });
}

/** The id of what a change does: a second click on it while it waits replaces it. */
function what(change) {
  return `${change.event}:${change.event === "walkin" ? "" : change.data.participant_id}`;
}

function sendLater(change, seconds, kind) {
  const again = { ...change, data: { ...change.data, again: true } };
  waiting = waiting.filter((c) => what(c) !== what(again)).concat(again);
  if (change.near) change.near.before(notice); // just above the button that was pressed
  else search.after(notice);
  if (cancelWait) cancelWait();
  cancelWait = countdown(notice, seconds, kind, () => {
    cancelWait = null;
    const now = waiting;
    waiting = [];
    now.forEach(send);
  });
}

function later() {
  clearTimeout(refresh);
  refresh = setTimeout(() => live && live.resync(), 150);
}

document.getElementById("walkin-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const name = document.getElementById("walkin-name");
  const group = document.getElementById("walkin-group");
  const same = document.getElementById("walkin-same");
  walkinKey = walkinKey || uuid4();
  const data = { name: name.value, group: group ? group.value : "", same_name_ok: same.checked, key: walkinKey };
  document.getElementById("walkin-done").textContent = "";
  send({
    event: "walkin",
    data,
    near: e.target.querySelector(".actions"),
    done(reply) {
      walkinKey = null;
      ["e-walkin-name", "e-walkin-group"].forEach((id) => fieldError(id, ""));
      document.getElementById("same-name-box").hidden = true;
      same.checked = false;
      if (name.value === data.name) name.value = ""; // not what was typed meanwhile
      search.value = reply.person.name;
      document.getElementById("walkin-done").textContent = fmt(T.added, { name: reply.person.name });
    },
    failed(reply) {
      const field = reply.field === "group" ? "e-walkin-group" : "e-walkin-name";
      fieldError(field, reply.error);
      document.getElementById("same-name-box").hidden = reply.field !== "same_name" && !same.checked;
      (reply.field === "group" ? group : name).focus();
    },
  });
});

document.getElementById("host-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const person = document.getElementById("host-person");
  const table = document.getElementById("host-table");
  const name = person.selectedOptions[0] ? person.selectedOptions[0].textContent : "";
  document.getElementById("host-done").textContent = "";
  send({
    event: "make_host",
    data: { participant_id: Number(person.value), table_id: Number(table.value) },
    near: e.target.querySelector(".actions"),
    done(reply) {
      ["e-host-participant", "e-host-table"].forEach((id) => fieldError(id, ""));
      document.getElementById("host-done").textContent = fmt(T.hosted, { name, n: reply.table });
    },
    failed: (reply) => fieldError(reply.field === "table" ? "e-host-table" : "e-host-participant", reply.error),
  });
});

search.addEventListener("input", renderPeople);
live = connect({
  role: "organiser",
  eventId: Number(app.dataset.event),
  lang: app.dataset.lang,
  onSync(reply) {
    state = reply.panel;
    render();
  },
  onChange: later,
  onStatus: (s) => showStatus(document.getElementById("status"), s, { online: T.online, offline: T.reconnecting }),
});
render();
