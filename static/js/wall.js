// The wall: one screen per phase (check-in, a round, moving, thank you), a countdown from
// the server's clock, and every note as it arrives, ordered by seq.
import { chimeBlocked, chimeOn, playChime, setChime } from "./chime.js";
import { connect, dataJson, el, fmt, mmss, secondsLeft, showStatus } from "./live.js";

const app = document.getElementById("wall-app");
const T = dataJson(app, "i18n");
const notes = new Map(); // uuid -> note
let round = dataJson(app, "round");
let lastSeq = 0;
let live = null;
let chimedAtZero = null;
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
  const shown = [...notes.values()].filter((n) => !n.deleted && n.round === round.round);
  shown.sort((a, b) => b.created_seq - a.created_seq);
  const list = document.getElementById("wall-notes");
  list.replaceChildren(...shown.map(card));
  list.classList.toggle("dense", shown.length > 12 && shown.length <= 40);
  list.classList.toggle("denser", shown.length > 40);
  document.getElementById("wall-empty").hidden = shown.length > 0;
  document.getElementById("wall-count").textContent = shown.length === 1 ? T.note_one : fmt(T.notes, { n: shown.length });
  fresh.clear();
}

function showPhase(previous) {
  app.dataset.phase = round.phase;
  document.querySelectorAll("[data-phase-screen]").forEach((screen) => {
    screen.hidden = !screen.dataset.phaseScreen.split(" ").includes(round.phase);
  });
  document.getElementById("wall-round").textContent = fmt(T.round_of, { n: round.round, count: round.round_count });
  document.getElementById("wall-question").textContent = round.question;
  document.getElementById("moving-next").textContent = fmt(T.next_round, { n: round.seated_round });
  document.getElementById("moving-question").textContent = round.seated_question;
  if (round.phase === "moving" && previous && previous !== "moving") playChime();
  render();
  tick();
}

function tick() {
  const left = secondsLeft(round, live ? live.clock.now() : Date.now());
  const clockNode = document.getElementById("wall-clock");
  const up = left === 0 && !round.paused;
  clockNode.textContent = mmss(left);
  const note = document.getElementById("wall-clock-note");
  note.textContent = round.paused ? T.paused : up ? T.time_up : "";
  for (const node of [clockNode, note]) {
    node.classList.toggle("paused", !!round.paused);
    node.classList.toggle("time-up", up);
  }
  clockNode.classList.toggle("last-minute", left !== null && left < 60 && !round.paused);
  const key = `${round.round}:${round.ends_at}`;
  if (round.phase === "round" && up && chimedAtZero !== key) {
    chimedAtZero = key; // once per round (and again only after the organiser adds time)
    playChime();
  }
}

function setRound(next) {
  const previous = round.phase;
  round = next;
  showPhase(previous);
}

function setCount(counts) {
  if (!counts) return;
  const n = counts.checked_in;
  document.getElementById("checkin-count").textContent = n === 1 ? T.here_one : fmt(T.here, { n });
}

function storeNote(note) {
  const known = notes.get(note.uuid);
  if (!known) fresh.add(note.uuid);
  if (!known || known.seq <= note.seq) notes.set(note.uuid, note);
}

function apply(msg) {
  if (msg.seq <= lastSeq) return;
  if (msg.seq > lastSeq + 1 && live) {
    live.resync(); // a gap: ask the server for what we missed
    return;
  }
  lastSeq = msg.seq;
  if (msg.kind === "note") {
    storeNote(msg.data);
    render();
  } else if (msg.kind === "round") {
    setRound(msg.data);
  } else if (msg.kind === "people") {
    setCount(msg.data);
  }
}

function renderChimeSwitch() {
  const button = document.getElementById("chime-toggle");
  const blocked = chimeBlocked();
  button.setAttribute("aria-pressed", String(chimeOn() && !blocked));
  button.textContent = blocked ? T.chime_blocked : chimeOn() ? T.chime_on : T.chime_off;
  button.classList.toggle("blocked", blocked);
}

document.getElementById("chime-toggle").addEventListener("click", () => {
  // A click on a blocked switch is the gesture the browser waits for: it unblocks, stays on.
  setChime(chimeBlocked() || !chimeOn());
  setTimeout(renderChimeSwitch, 100);
});
live = connect({
  role: "wall",
  token: app.dataset.token,
  lang: app.dataset.lang,
  getSince: () => lastSeq,
  onSync(reply) {
    const previous = round.phase;
    if (reply.snapshot) {
      notes.clear();
      reply.snapshot.forEach((n) => notes.set(n.uuid, n));
      lastSeq = reply.last_seq;
    } else {
      reply.changes.filter((c) => c.kind === "note").forEach((c) => storeNote(c.data));
      lastSeq = Math.max(lastSeq, reply.last_seq);
    }
    round = reply.round; // the server's state now, not a replayed one
    setCount(reply.counts);
    showPhase(previous);
  },
  onChange: apply,
  onStatus: (state) => showStatus(document.getElementById("status"), state, T),
});
setInterval(tick, 250);
renderChimeSwitch();
showPhase();
