// A participant's phone: where to sit, the countdown always in view, a full-screen card
// when it is time to move (also when the phone wakes up late), and "I am leaving".
import { connect, dataJson, fmt, mmss, secondsLeft, showStatus } from "./live.js";
import { PageMemory, offlineNotice } from "./offline.js";
import { AnswerForm } from "./answer.js";
import { Voting } from "./votes.js";

const app = document.getElementById("seat-app");
const T = dataJson(app, "i18n");
const SEEN = `cafe.moved.${app.dataset.token}`;
let seats = dataJson(app, "seats") || {};
let round = dataJson(app, "round");
let published = app.dataset.published === "true";
let left = app.dataset.left === "true";
let live = null;
const voting = new Voting(app.dataset.token, () => live && live.socket, () => live && live.resync());
const answer = new AnswerForm(app.dataset.token, () => live && live.socket, () => live && live.resync());

const tableIn = (n) => seats[n] ?? seats[String(n)];

// What this page last knew: a copy of the page opened from the phone's cache without
// network shows it instead of the state the copy was first sent with.
const memory = new PageMemory(`cafe.page.p.${app.dataset.token}`);
let lastVoting = null;
const showOffline = offlineNotice(document.getElementById("offline-banner"), () => {
  const at = memory.savedAt();
  return at && at - (live ? live.clock.offset : 0);
});

function remember() {
  const state = { round, seats, published, left, voting: lastVoting };
  memory.save(state, live ? live.clock.now() : Date.now());
}

function recall() {
  const kept = memory.newerThan(Date.parse(round.server_now));
  if (!kept) return;
  ({ round, seats, published, left } = kept);
  if (kept.voting) voting.update((lastVoting = kept.voting));
}

function renderSeat() {
  const n = round.seated_round;
  document.getElementById("seat-round").textContent = fmt(T.round, { n });
  document.getElementById("seat-table").textContent = tableIn(n) ?? "…";
  document.getElementById("seat-question").textContent = round.seated_question;
  document.querySelectorAll("#schedule li").forEach((li, i) => {
    li.classList.toggle("now", i + 1 === n);
    const shown = published || i + 1 <= n; // rounds past and now, never only planned ones
    li.lastElementChild.textContent = shown ? `${T.table} ${tableIn(i + 1) ?? "…"}` : T.later;
  });
  const over = round.finished;
  document.getElementById("seat-now").hidden = over || left;
  document.getElementById("over-card").hidden = !over || left;
  document.getElementById("left-card").hidden = !left;
  document.getElementById("leave-box").hidden = over || left;
  document.getElementById("keep-open").hidden = over || left;
  renderMoveCard();
  tick();
}

function renderMoveCard() {
  // Shown once per round change, until dismissed: a phone asleep at the end of the round
  // shows it as soon as it wakes and re-syncs.
  const card = document.getElementById("move-card");
  const n = round.seated_round;
  const table = tableIn(n);
  const due = round.phase === "moving" && table && !left && localStorage.getItem(SEEN) !== String(n);
  if (due && card.hidden) {
    document.getElementById("move-kicker").textContent = fmt(T.round_starts, { n });
    document.getElementById("move-title").textContent = fmt(T.move_to, { t: table });
    document.getElementById("move-question").textContent = round.seated_question;
    card.hidden = false;
    document.getElementById("move-ok").focus();
    if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
  } else if (!due) {
    card.hidden = true;
  }
}

function tick() {
  const clock = document.getElementById("phone-clock");
  const time = mmss(secondsLeft(round, live ? live.clock.now() : Date.now()));
  const n = round.round;
  const up = round.phase === "round" && !round.paused && time === "0:00";
  const texts = {
    checkin: T.checkin,
    round: fmt(up ? T.time_up : round.paused ? T.paused : T.running, { n, time }),
    moving: fmt(T.moving, { n: round.seated_round }),
  };
  clock.textContent = round.finished || left ? T.over : texts[round.phase];
  clock.hidden = left || round.finished;
  clock.classList.toggle("last-minute", round.phase === "round" && !round.paused && secondsLeft(round, live ? live.clock.now() : Date.now()) < 60);
}

function leave() {
  if (!window.confirm(T.confirm_leave)) return;
  const error = document.getElementById("leave-error");
  live.socket.timeout(10000).emit("leave", {}, (err, reply) => {
    const message = err ? T.offline : reply.ok ? "" : reply.error;
    error.hidden = !message;
    error.textContent = message;
    if (!err && reply.ok) {
      left = true;
      live.socket.disconnect();
      renderSeat();
    }
  });
}

document.getElementById("move-ok").addEventListener("click", () => {
  localStorage.setItem(SEEN, String(round.seated_round));
  document.getElementById("move-card").hidden = true;
});
document.getElementById("leave").addEventListener("click", leave);
recall();
// Someone who has left has nothing more to hear: the server refuses their link from now on.
if (!left) startLive();

function startLive() {
  live = connect({
    role: "participant",
    token: app.dataset.token,
    lang: app.dataset.lang,
    onSync(reply) {
      if (reply.host_url) return window.location.assign(reply.host_url);
      round = reply.round;
      seats = reply.seats;
      published = reply.published;
      left = reply.left;
      lastVoting = reply.voting || lastVoting;
      remember();
      renderSeat();
      if (reply.voting) voting.update(reply.voting);
      if (reply.answer) answer.update(reply.answer);
    },
    onChange(msg) {
      if (msg.kind === "round") {
        round = msg.data;
        renderSeat();
      }
      // A round change needs no sync when the phone already knows the table it shows:
      // a thousand phones asking at once was what kept the last one waiting.
      const known = msg.kind === "round" && tableIn(msg.data.seated_round) !== undefined;
      if ((msg.kind === "round" && !known) || msg.kind === "seating") live.resync();
      if (msg.kind === "voting") voting.update((lastVoting = { ...msg.data, mine: voting.state.mine }));
      remember();
      if (msg.kind === "voting") voting.update(msg.data);
      if (msg.kind === "round") answer.phase(msg.data);
    },
    // After "I am leaving" the server closes this link: the goodbye card says enough.
    onStatus: (state) => {
      if (left) return;
      showOffline(state);
      showStatus(document.getElementById("status"), state, T);
    },
  });
  live.socket.on("host", (msg) => window.location.assign(msg.url));
}
setInterval(tick, 500);
renderSeat();
