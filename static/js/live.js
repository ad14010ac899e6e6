// Shared by every live screen: connect, re-sync with `since`, the outbox, clock offset, text.
/* global io */

/** Read a JSON data-* attribute. */
export function dataJson(el, name) {
  return JSON.parse(el.dataset[name] || "null");
}

/** Fill {name} placeholders in a translated string. */
export function fmt(text, vars = {}) {
  return text.replace(/\{(\w+)\}/g, (_, key) => String(vars[key] ?? ""));
}

/** A random UUID v4; crypto.randomUUID needs HTTPS, which a venue laptop does not have. */
export function uuid4() {
  if (window.isSecureContext && crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Make a text element (never HTML: notes are shown as typed). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Connect to the server as a role and keep in sync.
 * onSync(reply) gets the server's answer to every (re)connect; onChange(msg) every push.
 * getSince() says which seq this screen has seen, so a reconnect sends only what it missed.
 */
export function connect({ role, token, eventId, lang, getSince, onSync, onChange, onStatus }) {
  const socket = io({
    auth: { role, token, event_id: eventId },
    query: { lang },
    reconnectionDelay: 300,
    reconnectionDelayMax: 2000,
  });
  let syncing = false;
  let revoked = false;
  let buffered = [];
  const refuse = (message) => {
    revoked = true;
    socket.disconnect(); // the link was replaced: stop retrying; unsent notes stay stored
    onStatus("revoked", message);
  };
  const sync = () => {
    syncing = true;
    socket.timeout(10000).emit("sync", { since: getSince ? getSince() : 0 }, (err, reply) => {
      syncing = false;
      if (err) return socket.connected && sync();
      if (reply && reply.ok === false) return refuse(reply.error);
      onSync(reply);
      const pending = buffered;
      buffered = [];
      pending.forEach(onChange);
      onStatus("online");
    });
  };
  socket.on("connect", sync);
  socket.on("change", (msg) => (syncing ? buffered.push(msg) : onChange(msg)));
  socket.on("revoked", () => refuse());
  socket.on("disconnect", () => revoked || onStatus("offline"));
  socket.on("connect_error", () => (socket.active ? onStatus("offline") : refuse()));
  return { socket, resync: sync };
}

/** Show the connection state in a status element. */
export function showStatus(node, state, strings) {
  node.classList.toggle("online", state === "online");
  node.textContent = state === "online" ? strings.online : strings.offline;
}

/** Server time minus this phone's time, from a round payload (for a correct countdown). */
export function clockOffset(round) {
  return round && round.server_now ? Date.parse(round.server_now) - Date.now() : 0;
}

/** "12:34" until `endsAt`, using the server clock offset. */
export function countdown(endsAt, offset) {
  if (!endsAt) return "";
  const left = Math.max(0, Math.round((Date.parse(endsAt) - (Date.now() + offset)) / 1000));
  return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
}

/**
 * Writes that wait for the server's acknowledgement, kept in localStorage so that they
 * survive a reload or a dead battery's restart. Items leave only when acknowledged.
 */
export class Outbox {
  constructor(key) {
    this.key = key;
    try {
      this.items = JSON.parse(localStorage.getItem(key) || "[]");
    } catch {
      this.items = [];
    }
  }

  save() {
    localStorage.setItem(this.key, JSON.stringify(this.items));
  }

  push(item) {
    this.items.push(item);
    this.save();
  }

  remove(item) {
    this.items = this.items.filter((x) => x !== item);
    this.save();
  }

  /** Send items one by one, in order; stop at the first that is not acknowledged. */
  async flush(socket, send) {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (const item of [...this.items]) {
        if (!socket.connected) break;
        if (item.error) continue;
        let reply;
        try {
          reply = await socket.timeout(8000).emitWithAck(item.event, item.data);
        } catch {
          break; // no acknowledgement: keep it and try again on the next flush
        }
        if (!send(item, reply)) break;
      }
    } finally {
      this.flushing = false;
    }
  }
}
