// Shared by every live screen: connect, re-sync with `since`, the outbox, clock offset, text.
/* global io */
import { countdown } from "./retry.js";

/** Read a JSON data-* attribute. */
export function dataJson(el, name) {
  return JSON.parse(el.dataset[name] || "null");
}

/** Fill {name} placeholders in a translated string. */
export function fmt(text, vars = {}) {
  return text.replace(/\{(\w+)\}/g, (_, key) => String(vars[key] ?? ""));
}

/** Text as a search compares it: no case, no accents, no apostrophes, so "d'agostino"
 * and "dagostino" find "D’Agostino" (the Python side is namesakes.search_key). */
export function searchable(text) {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .replace(/['’‘ʼ`´′]/g, "")
    .toLowerCase();
}

/** Whether every word typed in `query` is in `text` (both as `searchable` makes them). */
export function matchesSearch(text, query) {
  const haystack = searchable(text);
  return searchable(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/** Fill a string that depends on a number: `forms` is [for one, for any other number], as
 * the template's plural_forms made it (Italian and English use the singular for 1 only). */
export function plural(forms, n, vars = {}) {
  return fmt(Array.isArray(forms) ? forms[n === 1 ? 0 : 1] : forms, { n, ...vars });
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
  const clock = new ServerClock();
  const refuse = (message) => {
    revoked = true;
    socket.disconnect(); // the link was replaced: stop retrying; unsent notes stay stored
    onStatus("revoked", message);
  };
  const sync = () => {
    syncing = true;
    const sent = Date.now();
    socket.timeout(10000).emit("sync", { since: getSince ? getSince() : 0 }, (err, reply) => {
      syncing = false;
      if (err) return socket.connected && sync();
      if (reply && reply.ok === false) return refuse(reply.error);
      if (reply.round) clock.sample(reply.round.server_now, sent, Date.now());
      onSync(reply);
      const pending = buffered;
      buffered = [];
      pending.forEach(onChange);
      onStatus("online");
    });
  };
  // The page's "There is a queue: trying again in 3 seconds" notice (templates/_retry.html).
  const notice = document.getElementById("live-notice");
  let cancelWait = null;
  const comeBack = (seconds) => {
    socket.disconnect(); // no quick reconnects meanwhile: the server named its wait
    onStatus("waiting"); // not "offline": the network is there, the server asked to wait
    if (cancelWait) cancelWait();
    const again = () => {
      cancelWait = null;
      socket.connect();
    };
    if (notice) cancelWait = countdown(notice, seconds, "queue", again);
    else {
      const timer = setTimeout(again, seconds * 1000);
      cancelWait = () => clearTimeout(timer);
    }
  };
  socket.on("connect", () => {
    if (notice) notice.hidden = true;
    sync();
  });
  socket.on("change", (msg) => (syncing ? buffered.push(msg) : onChange(msg)));
  socket.on("revoked", () => refuse());
  socket.on("disconnect", () => revoked || onStatus("offline"));
  socket.on("connect_error", (err) => {
    const wait = busyWait(err);
    if (wait) return comeBack(wait);
    return socket.active ? onStatus("offline") : refuse();
  });
  // A phone that wakes up catches up at once, instead of at its next push.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && socket.connected) sync();
  });
  setInterval(() => socket.connected && clock.measure(socket), 20000);
  return { socket, resync: sync, clock };
}

/** The seconds a connection refused for load must wait (0 for any other refusal): the
 * Socket.IO connect refused with {busy, retry_after}, or the Engine.IO handshake refused
 * with a 401 whose body says the same (cafe/admission.py). */
export function busyWait(err) {
  if (err && err.data && err.data.busy) return Number(err.data.retry_after) || 0;
  const xhr = err && err.context;
  if (!xhr || typeof xhr.responseText !== "string" || xhr.status !== 401) return 0;
  try {
    const body = JSON.parse(xhr.responseText);
    return body && body.busy ? Number(body.retry_after) || 0 : 0;
  } catch {
    return 0;
  }
}

/**
 * The server's time as this screen sees it: offset = server − local, from the reply with
 * the shortest round trip (its midpoint is the best guess of when the server answered).
 */
export class ServerClock {
  constructor() {
    this.offset = 0;
    this.rtt = Infinity;
    this.samples = 0;
  }

  sample(serverNow, sent, received) {
    if (!serverNow) return;
    const rtt = received - sent;
    // A fresh sample also wins after a while: the phone's own clock may have been changed.
    if (rtt <= this.rtt || this.samples % 5 === 0) {
      this.rtt = rtt;
      this.offset = Date.parse(serverNow) - (sent + received) / 2;
    }
    this.samples += 1;
  }

  measure(socket) {
    const sent = Date.now();
    socket.timeout(5000).emit("time", {}, (err, reply) => {
      if (!err && reply && reply.ok) this.sample(reply.server_now, sent, Date.now());
    });
  }

  now() {
    return Date.now() + this.offset;
  }
}

/** Seconds left in a round payload's countdown (the paused value while paused), or null. */
export function secondsLeft(round, serverNow) {
  if (!round || round.phase !== "round") return null;
  if (round.paused) return round.seconds_left;
  return Math.max(0, (Date.parse(round.ends_at) - serverNow) / 1000);
}

/** "12:34" for a number of seconds (rounded up, so 0:00 means the time is really up). */
export function mmss(seconds) {
  if (seconds === null || seconds === undefined) return "";
  const s = Math.ceil(seconds - 0.001);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** Show the connection state in a status element. */
export function showStatus(node, state, strings) {
  node.classList.toggle("online", state === "online");
  node.textContent = state === "online" ? strings.online : strings.offline;
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
