// Dot voting on a participant's phone: N dots to spread over the key insights, changed
// freely until voting closes. The whole set goes to the server each time (the same set
// twice is harmless), is kept in localStorage until acknowledged, and is re-sent on reconnect.
import { dataJson, el, plural } from "./live.js";

const card = document.getElementById("vote-card");
const T = dataJson(card, "i18n");

export class Voting {
  constructor(token, getSocket, resync) {
    this.key = `cafe.dots.${token}`;
    this.getSocket = getSocket;
    this.resync = resync; // after a refusal, the server's own set is shown again
    this.state = { open: false, insights: [], mine: {}, dots: 0, stack: false };
    this.pending = JSON.parse(localStorage.getItem(this.key) || "null");
    this.seenKey = `cafe.voting.seen.${token}`; // closing is said only where voting was open
  }

  /** The server's voting state (on sync, or a `voting` change without `mine`). */
  update(state) {
    const mine = state.mine ?? this.state.mine;
    this.state = { ...state, mine: this.pending || mine };
    if (state.open) localStorage.setItem(this.seenKey, "1");
    if (!state.open) this.forget();
    if (this.pending) this.send();
    this.render();
  }

  spent() {
    return Object.values(this.state.mine).reduce((a, b) => a + b, 0);
  }

  change(uuid, by) {
    const now = this.state.mine[uuid] || 0;
    const next = Math.max(0, now + by);
    if (by > 0 && (this.spent() >= this.state.dots || (!this.state.stack && now >= 1))) return;
    this.state.mine = { ...this.state.mine, [uuid]: next };
    if (!next) delete this.state.mine[uuid];
    this.pending = this.state.mine;
    localStorage.setItem(this.key, JSON.stringify(this.pending));
    this.render();
    this.send();
  }

  send() {
    const socket = this.getSocket();
    if (!socket || !socket.connected) return this.render();
    const sent = this.pending;
    socket.timeout(8000).emit("vote", { dots: sent }, (err, reply) => {
      if (err) return this.render();
      if (this.pending !== sent) return; // a newer set is on its way
      this.forget();
      const error = document.getElementById("vote-error");
      error.hidden = reply.ok;
      error.textContent = reply.ok ? "" : reply.error;
      if (reply.voting) this.update(reply.voting);
      else this.resync();
      this.render();
    });
  }

  forget() {
    this.pending = null;
    localStorage.removeItem(this.key);
  }

  render() {
    const { open, insights, dots, mine } = this.state;
    const closed = !open && localStorage.getItem(this.seenKey) === "1";
    card.hidden = !open && !closed;
    document.getElementById("vote-left").textContent = open ? plural(T.left, dots - this.spent(), { total: dots }) : T.closed;
    if (!open) {
      document.getElementById("vote-error").hidden = true; // the closed card says it once
      document.getElementById("vote-state").textContent = "";
      return document.getElementById("vote-list").replaceChildren();
    }
    const state = this.pending ? T.waiting : this.spent() ? T.saved : T.how;
    document.getElementById("vote-state").textContent = state;
    document.getElementById("vote-list").replaceChildren(...insights.map((n) => this.item(n, mine[n.uuid] || 0)));
  }

  item(note, count) {
    const li = el("li", count ? "voted" : "");
    li.append(el("p", "text", note.text));
    const row = el("div", "vote-row");
    const minus = el("button", "secondary", "−");
    minus.type = "button";
    minus.setAttribute("aria-label", T.remove);
    minus.disabled = !count;
    minus.addEventListener("click", () => this.change(note.uuid, -1));
    const plus = el("button", "", "+");
    plus.type = "button";
    plus.setAttribute("aria-label", T.add);
    plus.disabled = this.spent() >= this.state.dots || (!this.state.stack && count >= 1);
    plus.addEventListener("click", () => this.change(note.uuid, 1));
    const shown = el("span", "dots", "●".repeat(count) || "○");
    shown.setAttribute("aria-label", plural(T.dots_on, count));
    row.append(minus, shown, plus);
    li.append(row);
    return li;
  }
}
