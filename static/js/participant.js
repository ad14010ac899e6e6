// A participant's phone: where to sit this round, kept live; a banner when it is time to move.
import { connect, dataJson, fmt, showStatus } from "./live.js";

const app = document.getElementById("seat-app");
const T = dataJson(app, "i18n");
let seats = dataJson(app, "seats") || {};
let round = dataJson(app, "round");
let published = app.dataset.published === "true";
let live = null;

function render(previousRound) {
  const n = round.seated_round;
  const table = seats[n] ?? seats[String(n)];
  document.getElementById("seat-round").textContent = fmt(T.round, { n });
  document.getElementById("seat-table").textContent = table ?? "…";
  document.getElementById("seat-question").textContent = round.finished ? T.over : round.seated_question;
  const items = document.querySelectorAll("#schedule li");
  items.forEach((li, i) => {
    li.classList.toggle("now", i + 1 === n);
    const shown = published || i + 1 === n;
    li.lastElementChild.textContent = shown ? `${T.table} ${seats[i + 1] ?? seats[String(i + 1)] ?? "…"}` : T.later;
  });
  const banner = document.getElementById("move-banner");
  if (previousRound !== undefined && previousRound !== n && table && !round.finished) {
    banner.textContent = fmt(T.move, { n, t: table });
    banner.hidden = false;
    if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
  } else if (round.state === "running") {
    banner.hidden = true;
  }
}

live = connect({
  role: "participant",
  token: app.dataset.token,
  lang: app.dataset.lang,
  onSync(reply) {
    const before = round.seated_round;
    round = reply.round;
    seats = reply.seats;
    published = reply.published;
    render(before);
  },
  onChange(msg) {
    if (msg.kind === "round" || msg.kind === "seating") live.resync();
  },
  onStatus: (state) => showStatus(document.getElementById("status"), state, T),
});
render();
