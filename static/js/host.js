// The table host's phone: write notes that survive bad Wi-Fi, edit or delete them,
// read what earlier rounds said at this table, and follow the clock.
import { adoptStrandedNotes, renderMorning, showReplaced, tickClock } from "./host_morning.js";
import { markControls, withPendingMark } from "./host_marks.js";
import { Outbox, connect, dataJson, el, fmt, showStatus, uuid4 } from "./live.js";
import { PageMemory, offlineNotice } from "./offline.js";

const app = document.getElementById("host-app");
const T = dataJson(app, "i18n");
const MAX = Number(app.dataset.max);
const form = document.getElementById("note-form");
const textarea = document.getElementById("note-text");
const counter = document.getElementById("note-counter");
const errorBox = document.getElementById("note-error");
const sendButton = document.getElementById("send");
const cancelButton = document.getElementById("cancel-edit");
const statusNode = document.getElementById("status");

let round = dataJson(app, "round");
const server = new Map(); // uuid -> note as the server last said
// Keyed by table: when the organiser replaces this table's host link and the host scans
// the new card on this phone, the new page picks up what the old one could not send.
const tablePrefix = `cafe.outbox.t${app.dataset.tableId}.`;
const outbox = new Outbox(tablePrefix + app.dataset.token);
adoptStrandedNotes(outbox, tablePrefix);
// Refused marks were once kept as "not saved" (the note looked unsaved, the star stayed on).
outbox.items = outbox.items.filter((i) => !(i.event === "note:mark" && i.error));
let editing = null; // uuid of the note being edited
let expected = [];
let tagChoices = [];
const refusedMarks = new Map(); // uuid -> why the server refused its last star or tags
let live = null;

const currentRound = () => round.note_round;

// What this page last knew: a copy of the page opened from the phone's cache without
// network shows it instead of the state the copy was first sent with.
const memory = new PageMemory(`cafe.page.h.${app.dataset.token}`);
const showOffline = offlineNotice(document.getElementById("offline-banner"), () => {
  const at = memory.savedAt();
  return at && at - (live ? live.clock.offset : 0);
});

function remember() {
  const state = { round, expected, tagChoices, notes: [...server.values()] };
  memory.save(state, live ? live.clock.now() : Date.now());
}

function recall() {
  const kept = memory.newerThan(Date.parse(round.server_now));
  if (!kept) return;
  ({ round, expected, tagChoices } = kept);
  kept.notes.forEach(applyNote);
}

function pendingView() {
  // Server notes, overlaid with what this phone has not had acknowledged yet.
  const notes = new Map([...server].map(([id, n]) => [id, { ...n, state: "saved" }]));
  for (const item of outbox.items) {
    const { uuid } = item.data;
    const state = item.error ? "error" : "waiting";
    if (item.event === "note:add") {
      notes.set(uuid, { ...item.data, created_seq: Infinity, at: item.at, state, error: item.error });
    } else if (item.event === "note:edit" && notes.has(uuid)) {
      notes.set(uuid, { ...notes.get(uuid), text: item.data.text, kind: item.data.kind, state, error: item.error });
    } else if (item.event === "note:mark" && notes.has(uuid)) {
      notes.set(uuid, withPendingMark(notes.get(uuid), item));
    } else if (item.event === "note:delete") {
      notes.delete(uuid);
    }
  }
  return [...notes.values()]
    .filter((n) => !n.deleted)
    .sort((a, b) => (b.created_seq - a.created_seq) || ((b.at || 0) - (a.at || 0)));
}

function noteItem(note, withActions) {
  const li = el("li", "note");
  li.dataset.kind = note.kind;
  li.dataset.uuid = note.uuid;
  const meta = el("div", "meta");
  meta.append(el("span", `kind kind-${note.kind}`, T.kinds[note.kind] || note.kind));
  const state = el("span", `state-${note.state}`, T[note.state] + (note.error ? `: ${note.error}` : ""));
  meta.append(state);
  li.append(meta, el("p", "text", note.text));
  if (withActions) li.append(markControls(note, { T, choices: tagChoices, queue, refused: refusedMarks.get(note.uuid) }));
  if (withActions) {
    const actions = el("div", "actions");
    const edit = el("button", "quiet", T.edit);
    edit.type = "button";
    edit.addEventListener("click", () => startEdit(note));
    const del = el("button", "quiet", T.delete);
    del.type = "button";
    del.addEventListener("click", () => removeNote(note));
    actions.append(edit, del);
    li.append(actions);
  }
  return li;
}

function render() {
  const notes = pendingView();
  const list = document.getElementById("notes");
  const now = notes.filter((n) => n.round === currentRound());
  list.replaceChildren(...now.map((n) => noteItem(n, true)));
  if (!now.length) list.append(el("li", "muted", T.none_yet));
  const earlier = document.getElementById("earlier-notes");
  earlier.replaceChildren();
  const rounds = [...new Set(notes.filter((n) => n.round !== currentRound()).map((n) => n.round))].sort((a, b) => b - a);
  for (const r of rounds) {
    earlier.append(el("h3", "", fmt(T.round, { n: r })));
    const ul = el("ul", "notes");
    ul.append(...notes.filter((n) => n.round === r).map((n) => noteItem(n, true)));
    earlier.append(ul);
  }
  document.getElementById("earlier").hidden = rounds.length === 0;
  app.dataset.noteRound = currentRound(); // photos.js tags new photos with it
  renderMorning({
    T,
    tableId: app.dataset.tableId,
    round,
    expected,
    earlier: notes.filter((n) => n.round < round.round),
    noteItem,
  });
  tick();
}

function tick() {
  tickClock(T, round, live ? live.clock.now() : Date.now());
}

function showError(message) {
  errorBox.hidden = !message;
  errorBox.textContent = message || "";
  textarea.setAttribute("aria-invalid", message ? "true" : "false");
}

function selectedKind() {
  return form.querySelector("input[name=kind]:checked").value;
}

function startEdit(note) {
  editing = note.uuid;
  textarea.value = note.text;
  form.querySelector(`input[name=kind][value=${note.kind}]`).checked = true;
  sendButton.textContent = T.save;
  cancelButton.hidden = false;
  updateCounter();
  textarea.focus();
}

/** Each note starts as the first kind (an idea): the last one used is rarely the next. */
function resetKind() {
  form.querySelector("input[name=kind]").checked = true;
}

function stopEdit() {
  editing = null;
  resetKind();
  textarea.value = localStorage.getItem(draftKey) || ""; // back to what was being typed
  sendButton.textContent = T.send;
  cancelButton.hidden = true;
  updateCounter();
}

function queue(event, data) {
  refusedMarks.clear(); // a refusal is said once: the next action replaces it
  // A note not yet acknowledged is changed in the outbox itself, so no stale copy goes out.
  const add = outbox.items.find((i) => i.event === "note:add" && i.data.uuid === data.uuid);
  if (add && event === "note:edit") {
    Object.assign(add.data, { text: data.text, kind: data.kind });
    delete add.error;
    outbox.save();
  } else if (add && event === "note:delete") {
    outbox.remove(add);
  } else {
    outbox.items = outbox.items.filter((i) => !(i.error && i.data.uuid === data.uuid));
    outbox.push({ event, data, at: Date.now() });
  }
  render();
  flush();
}

function removeNote(note) {
  if (!window.confirm(T.confirm_delete)) return;
  if (editing === note.uuid) stopEdit();
  queue("note:delete", { uuid: note.uuid });
}

function submit(event) {
  event.preventDefault();
  const text = textarea.value.trim();
  if (!text) return showError(T.empty);
  if (text.length > MAX) return showError(fmt(T.too_long, { limit: MAX }));
  showError("");
  if (editing) {
    queue("note:edit", { uuid: editing, text, kind: selectedKind() });
    stopEdit();
  } else {
    queue("note:add", { uuid: uuid4(), text, kind: selectedKind(), round: currentRound() });
    textarea.value = "";
    resetKind();
    updateCounter();
  }
  textarea.focus();
}

function acknowledged(item, reply) {
  if (reply && reply.ok) {
    server.set(reply.note.uuid, reply.note);
    outbox.remove(item);
  } else if (item.event === "note:mark" && reply && !reply.revoked) {
    // A refused star or tag belongs to the mark, not the note (which is saved): it goes
    // back to what the server keeps and the reason is said once, beside it.
    outbox.remove(item);
    refusedMarks.set(item.data.uuid, reply.error || "?");
  } else if (reply && reply.revoked) {
    showStatus(statusNode, "offline", { offline: T.revoked });
    showReplaced(outbox.items.length);
    return false;
  } else {
    item.error = (reply && reply.error) || "?";
    outbox.save();
  }
  render();
  return true;
}

function flush() {
  if (live) outbox.flush(live.socket, acknowledged);
}

function applyNote(note) {
  const known = server.get(note.uuid);
  if (!known || known.seq <= note.seq) server.set(note.uuid, note);
}

const draftKey = `cafe.draft.t${app.dataset.tableId}`;

function updateCounter() {
  counter.textContent = `${textarea.value.length} / ${MAX}`;
  // Half-typed text survives a reload or a flat battery too, not only sent notes.
  if (editing) return;
  if (textarea.value) localStorage.setItem(draftKey, textarea.value);
  else localStorage.removeItem(draftKey);
}

recall();
textarea.value = localStorage.getItem(draftKey) || "";
updateCounter();
form.addEventListener("submit", submit);
cancelButton.addEventListener("click", stopEdit);
textarea.addEventListener("input", updateCounter);
live = connect({
  role: "host",
  token: app.dataset.token,
  lang: app.dataset.lang,
  onSync(reply) {
    round = reply.round;
    expected = reply.expected || [];
    tagChoices = reply.tag_choices || [];
    server.clear();
    reply.notes.forEach(applyNote);
    remember();
    render();
    flush();
  },
  onChange(msg) {
    if (msg.kind === "note") applyNote(msg.data);
    if (msg.kind === "round") round = msg.data;
    if (msg.kind === "marks") tagChoices = msg.data.tag_choices;
    if (msg.kind === "round" || msg.kind === "seating") live.resync(); // who is expected
    remember();
    render();
  },
  onStatus(state, message) {
    showOffline(state);
    if (state === "revoked") {
      showStatus(statusNode, "offline", { offline: message || T.revoked });
      showReplaced(outbox.items.length);
    } else showStatus(statusNode, state, T);
  },
});
setInterval(flush, 3000);
setInterval(tick, 500);
render();
