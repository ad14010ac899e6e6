// The host page during the morning: which round notes go to, the clock, who is expected,
// the recap card that briefs newcomers, the "link replaced" card, and stranded notes.
import { el, fmt, mmss, secondsLeft } from "./live.js";

const byId = (id) => document.getElementById(id);

/** Move into `outbox` what other pages of this table left unsent on this phone (an old,
 * replaced host link), so it goes out from here. */
export function adoptStrandedNotes(outbox, prefix) {
  const others = Object.keys(localStorage).filter((k) => k.startsWith(prefix) && k !== outbox.key);
  for (const key of others) {
    try {
      outbox.items.push(...JSON.parse(localStorage.getItem(key) || "[]"));
    } catch {
      // an unreadable leftover: nothing in it can be sent anyway
    }
    localStorage.removeItem(key);
  }
  if (others.length) outbox.save();
}

/** Render the round's parts of the host page; `earlier` are this table's notes of rounds
 * before the one running, `noteItem` draws one note. */
export function renderMorning({ T, tableId, round, expected, earlier, noteItem }) {
  const n = round.note_round;
  const over = round.finished;
  byId("round-label").textContent = fmt(T.notes_go_to, { n });
  byId("round-label").hidden = over;
  showQuestion(T, round.question || ""); // the question of the notes' round
  const hint = byId("round-hint");
  hint.hidden = !["checkin", "moving"].includes(round.phase);
  hint.textContent = round.phase === "moving" ? fmt(T.moving_hint, { n, next: n + 1 }) : fmt(T.not_started, { n });
  byId("note-form").hidden = over;
  document.querySelector(".host-sticky").hidden = over; // the card below says it all
  byId("host-over").hidden = !over;
  byId("expected-box").hidden = over;
  renderExpected(T, round, expected);
  renderRecap(T, tableId, round, earlier, noteItem);
}

/** The question, kept to three lines in the sticky header, with a button to read it whole
 * when it is longer (shown only then). */
function showQuestion(T, text) {
  const question = byId("question");
  const more = byId("question-more");
  if (question.textContent !== text) question.classList.remove("whole");
  question.textContent = text;
  const whole = question.classList.contains("whole");
  more.hidden = !whole && question.scrollHeight <= question.clientHeight + 1;
  more.textContent = whole ? T.question_less : T.question_more;
  more.setAttribute("aria-expanded", String(whole));
  more.onclick = () => {
    question.classList.toggle("whole");
    showQuestion(T, text);
  };
}

function renderExpected(T, round, expected) {
  byId("expected-title").textContent = fmt(T.expected, { n: round.seated_round });
  const list = byId("expected-list");
  list.replaceChildren(
    ...expected.map((p) => {
      const li = el("li", p.here ? "here" : "away", p.name);
      if (p.host) li.append(el("span", "pill", T.host));
      li.append(el("span", "muted", ` · ${p.here ? T.here : T.not_here}`));
      return li;
    }),
  );
  if (!expected.length) list.append(el("li", "muted", T.nobody));
}

function renderRecap(T, tableId, round, earlier, noteItem) {
  // Once per round, until the host taps "Start writing".
  const card = byId("recap-card");
  const key = `cafe.recap.t${tableId}`;
  const due = round.phase === "round" && round.round > 1 && earlier.length && localStorage.getItem(key) !== String(round.round);
  if (!due) {
    card.hidden = true;
    return;
  }
  byId("recap-title").textContent = fmt(T.recap_title, { n: round.round });
  const box = byId("recap-notes");
  box.replaceChildren();
  for (let r = round.round - 1; r >= 1; r -= 1) {
    const these = earlier.filter((note) => note.round === r);
    if (!these.length) continue;
    const ul = el("ul", "notes");
    ul.append(...these.map((note) => noteItem(note, false)));
    box.append(el("h3", "", fmt(T.round, { n: r })), ul);
  }
  if (card.hidden) {
    card.hidden = false;
    byId("recap-ok").focus();
  }
  byId("recap-ok").onclick = () => {
    localStorage.setItem(key, String(round.round));
    card.hidden = true;
  };
}

/** The clock line: "Round 2 · 12:34 left", paused, time is up, moving, over. */
export function tickClock(T, round, serverNow) {
  const left = secondsLeft(round, serverNow);
  const n = round.round;
  const time = mmss(left);
  const up = round.phase === "round" && !round.paused && left === 0;
  const texts = {
    checkin: T.checkin,
    round: fmt(up ? T.time_up : round.paused ? T.paused : T.running, { n, time }),
    moving: fmt(T.moving, { next: n + 1 }),
  };
  const node = byId("host-clock");
  node.textContent = round.finished ? T.over : texts[round.phase];
  node.classList.toggle("last-minute", left !== null && left < 60 && !round.paused);
}

/** Say plainly that this link was replaced, and whether notes wait on this phone. */
export function showReplaced(unsent) {
  byId("replaced-unsent").hidden = unsent === 0;
  byId("replaced-card").hidden = false;
}
