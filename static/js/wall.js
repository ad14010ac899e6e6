// The wall: one screen per phase (check-in, a round, moving, harvest, thank you), a countdown
// from the server's clock, and the notes in the view chosen by key or by the organiser.
import { chimeBlocked, chimeOn, playChime, setChime } from "./chime.js";
import { connect, dataJson, fmt, mmss, plural, secondsLeft, showStatus } from "./live.js";
import { Board, VIEWS } from "./wall_board.js";

const app = document.getElementById("wall-app");
const T = dataJson(app, "i18n");
const notes = new Map(); // uuid -> note
let round = dataJson(app, "round");
let lastSeq = 0;
let live = null;
let chimedAtZero = null;
const board = new Board({ T, questions: dataJson(app, "questions"), harvestQuestion: app.dataset.harvestQuestion });
let view = { view: "live", cycle: 0 };
let pages = 1;
let drawPending = false;
let themesAsked = 0;
const PAGE_SECONDS = 12;
let pageClock = 0; // seconds on this page
let viewClock = 0; // seconds on this view

/** Draw the current view at the next frame: a burst of changes costs one drawing. */
function render() {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(draw);
}

function draw() {
  drawPending = false;
  performance.mark("wall-draw"); // bench/wall_views.py reads the measure
  const shown = [...notes.values()].filter((n) => !n.deleted && !n.hidden && !n.pending);
  app.dataset.view = view.view; // first: the view decides the layout the board measures
  pages = board.render(view.view, shown, round);
  performance.measure(`wall-draw:${view.view}`, "wall-draw");
  const inRound = shown.filter((n) => n.round === round.round).length;
  document.getElementById("wall-count").textContent = plural(T.notes, inRound);
}

/** Switch this wall to a view (by key, by the panel, or by cycling). */
function showView(name, fromServer = null) {
  if (fromServer) view = fromServer;
  else view = { ...view, view: name };
  board.page = pageClock = viewClock = 0;
  if (view.view === "themes") askThemes(true);
  render();
}

/** Ask the server for the themes (at most every 5 s while notes keep coming). */
function askThemes(now = false) {
  if (!live || (!now && Date.now() - themesAsked < 5000)) return;
  themesAsked = Date.now();
  // The first grouping of a process loads the sentence model: it may take a while.
  live.socket.timeout(60000).emit("themes", {}, (err, reply) => {
    if (err || !reply || !reply.ok) {
      // A busy server: ask again soon.
      themesAsked = 0;
      if (view.view === "themes") setTimeout(() => askThemes(), 3000);
      return;
    }
    board.themeList = reply.scopes;
    render();
  });
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
  document.getElementById("checkin-count").textContent = plural(T.here, n);
}

function storeNote(note) {
  const known = notes.get(note.uuid);
  if (!known) {
    board.fresh.add(note.uuid);
    // A new note is seen at once: the live view goes back to its first page.
    if (view.view === "live") board.page = pageClock = 0;
  }
  if (!known || known.seq <= note.seq) notes.set(note.uuid, note);
}

/** An answer the wall may show, or (its id and state only) one to drop. */
function storeAnswer(answer) {
  const known = board.answers.get(answer.uuid);
  if (known && known.seq > answer.seq) return;
  if (answer.hidden || answer.pending || !answer.text) board.answers.delete(answer.uuid);
  else board.answers.set(answer.uuid, answer);
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
    if (view.view === "themes") askThemes();
    render();
  } else if (msg.kind === "votes") {
    board.results = msg.data;
    render();
  } else if (msg.kind === "answer") {
    storeAnswer(msg.data);
    if (view.view === "themes") askThemes();
    render();
  } else if (msg.kind === "synthesis") {
    if (view.view === "themes") askThemes(true);
  } else if (msg.kind === "view") {
    showView(null, msg.data);
  } else if (msg.kind === "round") {
    setRound(msg.data);
  } else if (msg.kind === "people") {
    setCount(msg.data);
  }
}

let chimeShownUntil = 0; // the switch shows for a moment after S, then hides again

/** The chime's switch is on the projection only while the browser blocks sound (it asks for
 * one click or key) and for a moment after S switched the chime. */
function renderChimeSwitch() {
  const button = document.getElementById("chime-toggle");
  const blocked = chimeBlocked();
  button.setAttribute("aria-pressed", String(chimeOn() && !blocked));
  button.textContent = blocked ? T.chime_blocked : chimeOn() ? T.chime_on : T.chime_off;
  button.classList.toggle("blocked", blocked);
  button.hidden = !blocked && Date.now() >= chimeShownUntil;
}

/** The first click or key on the wall laptop is the gesture the browser waits for. */
function unblockChime() {
  if (!chimeBlocked()) return;
  setChime(true);
  setTimeout(renderChimeSwitch, 100);
}

function switchChime() {
  setChime(!chimeOn());
  chimeShownUntil = Date.now() + 3000;
  renderChimeSwitch();
  setTimeout(renderChimeSwitch, 3100);
}

document.getElementById("chime-toggle").addEventListener("click", (event) => {
  event.stopPropagation();
  if (chimeBlocked()) unblockChime();
  else switchChime();
});
document.addEventListener("pointerdown", (event) => {
  if (event.target.id !== "chime-toggle") unblockChime();
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
    board.answers.clear();
    (reply.answers || []).forEach(storeAnswer);
    if (view.view === "themes") askThemes(true);
    round = reply.round; // the server's state now, not a replayed one
    board.results = reply.votes;
    setCount(reply.counts);
    if (reply.view && (reply.view.view !== view.view || reply.view.cycle !== view.cycle)) showView(null, reply.view);
    showPhase(previous);
  },
  onChange: apply,
  onStatus: (state) => showStatus(document.getElementById("status"), state, T),
});
setInterval(tick, 250);
// Keys 1-8 switch this wall's view (the panel switches every wall), S the chime; any key
// also lets the chime play.
document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.altKey || event.metaKey) return;
  const blocked = chimeBlocked();
  unblockChime();
  if (event.key.toLowerCase() === "s" && !blocked) return switchChime();
  const index = Number(event.key) - 1;
  if (index >= 0 && index < VIEWS.length) showView(VIEWS[index]);
});
// Pages turn by themselves; when the organiser asked for it, so do the views.
setInterval(() => {
  pageClock += 1;
  viewClock += 1;
  if (view.cycle && viewClock >= view.cycle) {
    viewClock = pageClock = 0;
    return showView(VIEWS[(VIEWS.indexOf(view.view) + 1) % VIEWS.length]);
  }
  if (pages > 1 && pageClock >= PAGE_SECONDS) {
    pageClock = 0;
    board.page = (board.page + 1) % pages;
    render();
  }
}, 1000);
window.addEventListener("resize", render);
renderChimeSwitch();
showPhase();
