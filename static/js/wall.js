// The wall: every note as it arrives, ordered by seq; a reload rebuilds the whole harvest.
import { clockOffset, connect, countdown, dataJson, el, fmt, showStatus } from "./live.js";

const app = document.getElementById("wall-app");
const T = dataJson(app, "i18n");
const notes = new Map(); // uuid -> note
let round = dataJson(app, "round");
let offset = clockOffset(round);
let lastSeq = 0;
let live = null;
const fresh = new Set();

function card(note) {
  const li = el("li", "wall-note");
  li.dataset.kind = note.kind;
  li.dataset.uuid = note.uuid;
  if (fresh.has(note.uuid)) li.classList.add("fresh");
  const meta = el("div", "meta");
  meta.append(el("span", "", fmt(T.table, { n: note.table })), el("span", `kind kind-${note.kind}`, T.kinds[note.kind] || note.kind));
  li.append(meta, el("p", "text", note.text));
  return li;
}

function render() {
  const shown = [...notes.values()].filter((n) => !n.deleted).sort((a, b) => b.created_seq - a.created_seq);
  const list = document.getElementById("wall-notes");
  list.replaceChildren(...shown.map(card));
  list.classList.toggle("dense", shown.length > 12 && shown.length <= 40);
  list.classList.toggle("denser", shown.length > 40);
  document.getElementById("wall-empty").hidden = shown.length > 0;
  document.getElementById("wall-count").textContent = shown.length === 1 ? T.note_one : fmt(T.notes, { n: shown.length });
  fresh.clear();
}

function renderRound() {
  const label = round.finished ? T.over : round.state === "ended" ? T.moving : fmt(T.round, { n: round.round });
  document.getElementById("wall-round").textContent = label;
  document.getElementById("wall-question").textContent = round.state === "ended" ? round.seated_question : round.question;
  tick();
}

function tick() {
  document.getElementById("wall-clock").textContent = round.state === "running" ? countdown(round.ends_at, offset) : "";
}

function apply(msg) {
  if (msg.seq <= lastSeq) return;
  if (msg.seq > lastSeq + 1 && live) {
    live.resync(); // a gap: ask the server for what we missed
    return;
  }
  lastSeq = msg.seq;
  if (msg.kind === "note") {
    const known = notes.get(msg.data.uuid);
    if (!known) fresh.add(msg.data.uuid);
    if (!known || known.seq <= msg.data.seq) notes.set(msg.data.uuid, msg.data);
    render();
  } else if (msg.kind === "round") {
    round = msg.data;
    offset = clockOffset(round);
    renderRound();
  }
}

live = connect({
  role: "wall",
  token: app.dataset.token,
  lang: app.dataset.lang,
  getSince: () => lastSeq,
  onSync(reply) {
    round = reply.round;
    offset = clockOffset(round);
    if (reply.snapshot) {
      notes.clear();
      reply.snapshot.forEach((n) => notes.set(n.uuid, n));
      lastSeq = reply.last_seq;
    } else {
      reply.changes.forEach(apply);
      lastSeq = Math.max(lastSeq, reply.last_seq);
    }
    renderRound();
    render();
  },
  onChange: apply,
  onStatus: (state) => showStatus(document.getElementById("status"), state, T),
});
setInterval(tick, 1000);
renderRound();
