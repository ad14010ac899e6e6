// The harvest question answered from a participant's phone: one short text, editable until
// the event closes. What is typed and sent waits in localStorage until the server has
// acknowledged it (nothing lost offline, after a reload too); a resend is harmless, since
// the answer keeps one uuid and the server stores the same text once.
import { dataJson, fmt, uuid4 } from "./live.js";

const MAX = 500;

export class AnswerForm {
  constructor(token, getSocket, resync) {
    this.resync = resync; // the question comes with a sync once the rounds are over
    this.card = document.getElementById("answer-card");
    this.T = dataJson(this.card, "i18n");
    this.key = `cafe.answer.${token}`;
    this.getSocket = getSocket;
    this.state = { open: false, question: "", mine: null };
    this.stored = JSON.parse(localStorage.getItem(this.key) || "null"); // {uuid, text, sent}
    this.area = document.getElementById("answer-text");
    document.getElementById("answer-form").addEventListener("submit", (e) => {
      e.preventDefault();
      this.save();
    });
    this.area.addEventListener("input", () => this.count());
    setInterval(() => this.send(), 3000);
  }

  /** The server's answer state (from sync), or the phase after a round change. */
  update(state) {
    this.state = { ...this.state, ...state };
    const mine = this.state.mine;
    if (mine && !this.pending() && document.activeElement !== this.area) this.area.value = mine.text;
    if (this.pending() && !this.area.value) this.area.value = this.stored.text;
    this.send();
    this.render();
  }

  /** A round change: answers are taken only at harvest time, until closing. */
  phase(round) {
    if (round.phase === "harvest" && !this.state.question) return this.resync();
    this.state.open = round.phase === "harvest" && !!this.state.question;
    this.render();
  }

  pending() {
    return this.stored && !this.stored.sent;
  }

  save() {
    const text = this.area.value.trim();
    const error = document.getElementById("answer-error");
    if (!text) {
      error.hidden = false;
      error.textContent = this.T.empty;
      this.area.focus();
      return;
    }
    const uuid = (this.stored && this.stored.uuid) || (this.state.mine && this.state.mine.uuid) || uuid4();
    this.stored = { uuid, text, sent: false };
    localStorage.setItem(this.key, JSON.stringify(this.stored));
    this.render();
    this.send();
  }

  send() {
    const socket = this.getSocket();
    if (!this.pending() || !socket || !socket.connected || this.sending) return;
    const sent = this.stored;
    this.sending = true;
    socket.timeout(8000).emit("answer", { uuid: sent.uuid, text: sent.text }, (err, reply) => {
      this.sending = false;
      if (err) return this.render(); // no acknowledgement: kept, sent again
      const error = document.getElementById("answer-error");
      error.hidden = reply.ok;
      error.textContent = reply.ok ? "" : reply.error;
      this.area.setAttribute("aria-invalid", String(!reply.ok));
      if (reply.ok || !reply.revoked) {
        // Acknowledged, or refused for good (the reason is shown; the words stay typed).
        if (this.stored === sent) this.stored = { ...sent, uuid: reply.uuid || sent.uuid, sent: true };
        localStorage.setItem(this.key, JSON.stringify(this.stored));
        if (reply.ok) this.state.mine = reply.answer;
      }
      this.render();
    });
  }

  count() {
    const left = MAX - this.area.value.length;
    document.getElementById("answer-left").textContent = fmt(this.T.left, { n: left });
  }

  render() {
    const { open, question, mine } = this.state;
    this.card.hidden = !question || (!open && !mine && !this.pending());
    document.getElementById("answer-question").textContent = question;
    this.area.disabled = !open;
    document.getElementById("answer-send").hidden = !open;
    this.count();
    let said = "";
    if (this.pending()) said = this.sending ? this.T.sending : this.T.waiting;
    else if (!open && mine) said = this.T.closed;
    else if (mine && mine.hidden) said = this.T.hidden;
    else if (mine && mine.pending) said = this.T.pending;
    else if (mine) said = this.T.saved;
    document.getElementById("answer-state").textContent = said;
  }
}
