// The organiser's control panel: the clock and its controls, check-in and the tables.
// Every change comes back through the socket, so two panels open at once stay in step.
import { connect, dataJson, el, fmt, matchesSearch, mmss, secondsLeft, showStatus } from "./live.js";

const app = document.getElementById("control-app");
const T = dataJson(app, "i18n");
const errorBox = document.getElementById("control-error");
let state = dataJson(app, "state");
let live = null;
let refresh = null;

function phaseTitle(round) {
  const vars = { n: round.round, count: round.round_count, next: round.round + 1 };
  return fmt(T.phase[round.phase], vars);
}

function nextLabel(round) {
  if (round.phase === "round" && round.round >= round.round_count) return T.last_round;
  return fmt(T.next[round.phase], { n: round.round, next: round.round + 1 });
}

function renderClock() {
  const round = state.round;
  document.getElementById("phase-title").textContent = phaseTitle(round);
  const question = round.phase === "moving" ? round.seated_question : round.question;
  const questionNode = document.getElementById("run-question");
  questionNode.textContent = question || "";
  questionNode.hidden = !question || round.finished || round.phase === "checkin";
  const next = document.getElementById("next-step");
  next.textContent = nextLabel(round);
  next.disabled = round.phase === "closed";
  const shown = {
    running: round.phase === "round" && !round.paused,
    paused: round.paused,
    round: round.phase === "round",
    moving: round.phase === "moving",
    undo: round.can_go_back,
  };
  app.querySelectorAll("[data-show]").forEach((b) => (b.hidden = !shown[b.dataset.show]));
  tick();
}

function tick() {
  const round = state.round;
  const left = secondsLeft(round, live ? live.clock.now() : Date.now());
  const node = document.getElementById("run-countdown");
  node.textContent = round.paused ? `${T.paused} · ${mmss(left)}` : mmss(left);
  const up = round.phase === "round" && !round.paused && left === 0;
  node.classList.toggle("last-minute", left !== null && left < 60 && !round.paused);
  node.classList.toggle("paused", !!round.paused);
  document.getElementById("time-up").hidden = !up;
}

function personItem(p) {
  const li = el("li", p.left ? "left" : "");
  const who = el("span", "who", p.name);
  if (p.group) who.append(el("span", "muted", ` · ${p.group}`));
  if (p.hosts) who.append(el("span", "pill", fmt(T.hosts, { n: p.hosts })));
  li.append(who);
  if (p.left) li.append(el("span", "muted", T.left));
  else if (p.arrived) {
    const state = el("span", "here", p.walked_in ? T.walked_in : T.arrived);
    li.append(p.hosts ? state : withGone(state, p));
  } else {
    const mark = el("button", "secondary", T.mark);
    mark.type = "button";
    mark.append(forWhom(p)); // the name said by voice control starts with the visible text
    mark.addEventListener("click", () => send("checkin", { participant_id: p.id }));
    li.append(mark);
  }
  return li;
}

/** The person a row's button acts on, for screen readers (the button's name goes on). */
function forWhom(p) {
  return el("span", "visually-hidden", `, ${p.name}`);
}

function withGone(state, p) {
  const box = el("span", "person-actions");
  const gone = el("button", "quiet", T.gone);
  gone.type = "button";
  gone.append(forWhom(p));
  gone.addEventListener("click", () => window.confirm(fmt(T.confirm_gone, { name: p.name })) && send("gone", { participant_id: p.id }));
  box.append(state, gone);
  return box;
}

function renderPeople() {
  document.getElementById("arrived-count").textContent = state.arrived;
  document.getElementById("expected-count").textContent = state.expected;
  const query = document.getElementById("people-search").value;
  const people = state.people.filter((p) => matchesSearch(p.name, query));
  const list = document.getElementById("people-list");
  list.replaceChildren(...people.map(personItem));
  if (!people.length) list.append(el("li", "muted", T.nobody));
}

function tableRow(t) {
  const tr = el("tr", t.flagged ? "flagged" : "");
  const phone = el("td", t.connected ? "online" : "offline", t.connected ? T.connected : T.offline);
  if (t.flagged) phone.append(el("strong", "flag", ` · ${T.flag}`));
  tr.append(
    el("td", "", String(t.number)),
    el("td", t.host ? "" : "muted", t.host || T.no_host),
    el("td", "", String(t.seated)),
    phone,
    el("td", "", String(t.notes)),
  );
  return tr;
}

function render() {
  renderClock();
  renderPeople();
  document.getElementById("tables-body").replaceChildren(...state.tables.map(tableRow));
  renderSuccessors();
}

function showError(message) {
  errorBox.hidden = !message;
  errorBox.textContent = message || "";
}

// Answered "busy" (no database connection free: nothing was written), a control is sent
// again by itself after the wait the server names, as the reply's words promise; a tick
// goes again as `again`, so one that another panel made meanwhile is not refused.
const BUSY_TRIES = 5;

function send(event, data, tries = 0) {
  if (!live) return;
  live.socket.timeout(10000).emit(event, data, (err, reply) => {
    app.querySelectorAll("button[data-action]").forEach((b) => (b.disabled = false));
    if (err) return showError(T.reconnecting);
    showError(reply.ok ? "" : reply.error);
    if (reply.busy && tries < BUSY_TRIES) {
      const again = event === "checkin" ? { ...data, again: true } : data;
      setTimeout(() => send(event, again, tries + 1), (reply.retry_after || 3) * 1000);
      return;
    }
    if (reply.round) {
      state.round = reply.round;
      renderClock();
    }
    offerUndo(reply.ok && STEPS.has(data.action) && state.round.can_go_back);
  });
}

// A round started or ended on one mis-tap can be taken back for a few seconds, in plain
// sight, instead of hunting for "back one step".
const STEPS = new Set(["next", "end", "finish"]);
let undoTimer = null;
function offerUndo(show) {
  const bar = document.getElementById("undo-bar");
  clearTimeout(undoTimer);
  bar.hidden = !show;
  if (!show) return;
  document.getElementById("undo-text").textContent = fmt(T.undo_hint, { phase: phaseTitle(state.round) });
  undoTimer = setTimeout(() => (bar.hidden = true), 10000);
}

function control(button) {
  const data = { action: button.dataset.action };
  if (button.dataset.minutes) data.minutes = Number(button.dataset.minutes);
  app.querySelectorAll("button[data-action]").forEach((b) => (b.disabled = true));
  send("clock", data);
}

function later() {
  // Many changes arrive together (a note per table): ask for the panel once for them all.
  clearTimeout(refresh);
  refresh = setTimeout(() => live && live.resync(), 250);
}

function renderSuccessors() {
  // People arrive during the morning: the choice of a new host follows the list.
  const select = document.getElementById("handover-successor");
  if (!select) return;
  const chosen = select.value;
  const options = state.people
    .filter((p) => p.arrived && !p.left && !p.hosts)
    .map((p) => {
      const option = el("option", "", p.name);
      option.value = String(p.id);
      return option;
    });
  select.replaceChildren(...options);
  if (options.some((o) => o.value === chosen)) select.value = chosen;
  else suggestSuccessor();
}

function suggestSuccessor() {
  const form = document.getElementById("handover-form");
  const table = document.getElementById("handover-table");
  const chosen = table.selectedOptions[0];
  const suggestion = chosen && dataJson(form, "suggest")[chosen.dataset.host];
  if (suggestion) document.getElementById("handover-successor").value = String(suggestion);
}

app.addEventListener("click", (e) => {
  const button = e.target.closest("button[data-action]");
  if (button) control(button);
});
document.getElementById("people-search").addEventListener("input", renderPeople);
document.getElementById("handover-table")?.addEventListener("change", suggestSuccessor);
live = connect({
  role: "organiser",
  eventId: Number(app.dataset.event),
  lang: app.dataset.lang,
  onSync(reply) {
    state = reply.panel;
    render();
  },
  onChange(msg) {
    if (msg.kind === "round") {
      state.round = msg.data;
      renderClock();
    }
    later();
  },
  onStatus: (s) => showStatus(document.getElementById("status"), s, { online: T.online, offline: T.reconnecting }),
});
live.socket.on("presence", later);
setInterval(tick, 250);
render();
