// The host's tablecloth photos. Each photo gets an id when chosen and waits in IndexedDB
// until the server says it is saved; after a failure it is sent again with the same id,
// so it is never stored twice.
import { dataJson, el, fmt, uuid4 } from "./live.js";

const app = document.getElementById("photo-app");
const T = dataJson(app, "i18n");
const MAX = Number(app.dataset.max);
const input = document.getElementById("photo-input");
const list = document.getElementById("photo-list");
const errorBox = document.getElementById("photo-error");
const RETRY_MS = 15000;

const queue = new Map(); // uuid -> {uuid, blob, round, url, state, percent, error}
let saved = []; // what the server has for this table
let storePromise = null;

function store() {
  // Private browsing may refuse IndexedDB: the queue then lives in memory only.
  storePromise ||= new Promise((resolve) => {
    if (!("indexedDB" in window)) return resolve(null);
    const request = indexedDB.open("cafe-photos", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("queue", { keyPath: "uuid" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null);
  });
  return storePromise;
}

async function keep(item) {
  const db = await store();
  if (db) db.transaction("queue", "readwrite").objectStore("queue").put({ uuid: item.uuid, token: app.dataset.token, blob: item.blob, round: item.round });
}

async function forget(item) {
  const db = await store();
  if (db) db.transaction("queue", "readwrite").objectStore("queue").delete(item.uuid);
  URL.revokeObjectURL(item.url);
  queue.delete(item.uuid);
}

async function restore() {
  const db = await store();
  if (!db) return;
  const request = db.transaction("queue").objectStore("queue").getAll();
  request.onsuccess = () => {
    request.result.filter((row) => row.token === app.dataset.token).forEach((row) => enqueue(row.blob, row.uuid, row.round));
    render();
    sendAll();
  };
}

function enqueue(blob, uuid, round) {
  const item = { uuid, blob, round, url: URL.createObjectURL(blob), state: "waiting", percent: 0 };
  queue.set(uuid, item);
  return item;
}

function currentRound() {
  return document.getElementById("host-app").dataset.noteRound || "";
}

function choose() {
  const tooBig = [...input.files].filter((file) => file.size > MAX);
  showError(tooBig.length ? T.too_large : "");
  for (const file of input.files) {
    if (file.size > MAX) continue;
    keep(enqueue(file, uuid4(), currentRound()));
  }
  input.value = "";
  render();
  sendAll();
}

function send(item) {
  if (item.state === "sending" || item.state === "rejected") return;
  Object.assign(item, { state: "sending", percent: 0, error: "" });
  const form = new FormData();
  form.append("uuid", item.uuid);
  form.append("round", item.round);
  form.append("photo", item.blob, "photo");
  const xhr = new XMLHttpRequest();
  xhr.open("POST", app.dataset.upload);
  xhr.timeout = 180000;
  xhr.upload.onprogress = (e) => e.lengthComputable && progress(item, Math.round((100 * e.loaded) / e.total));
  xhr.onload = () => answered(item, xhr);
  xhr.onerror = xhr.ontimeout = () => settle(item, "failed");
  xhr.send(form);
  render();
}

function answered(item, xhr) {
  let reply = null;
  try {
    reply = JSON.parse(xhr.responseText);
  } catch {
    reply = null;
  }
  if (xhr.status < 300 && reply && reply.ok) {
    saved = saved.filter((p) => p.uuid !== reply.photo.uuid).concat(reply.photo);
    forget(item).then(render);
  } else if (xhr.status >= 400 && xhr.status < 500 && reply) {
    settle(item, "rejected", reply.error); // the file itself is refused: resending will not help
  } else {
    settle(item, "failed");
  }
}

function settle(item, state, error = "") {
  Object.assign(item, { state, error });
  render();
}

function progress(item, percent) {
  item.percent = percent;
  const status = list.querySelector(`[data-uuid="${item.uuid}"] .photo-state`);
  if (status) status.textContent = `${T.sending} ${percent}%`;
}

function sendAll() {
  for (const item of queue.values()) if (item.state === "waiting" || item.state === "failed") send(item);
}

function button(label, className, action) {
  const b = el("button", className, label);
  b.type = "button";
  b.addEventListener("click", action);
  return b;
}

function pendingItem(item) {
  const li = el("li", `photo-item photo-${item.state}`);
  li.dataset.uuid = item.uuid;
  const img = el("img");
  img.alt = "";
  img.addEventListener("error", () => img.replaceWith(el("div", "photo-missing"))); // not a picture
  img.src = item.url;
  const status = el("p", "photo-state", item.state === "sending" ? `${T.sending} ${item.percent}%` : T[item.state]);
  li.append(img, status);
  if (item.error) li.append(el("p", "field-error", item.error));
  if (item.state === "failed") li.append(button(T.retry, "quiet", () => send(item)));
  if (item.state === "rejected") li.append(button(T.remove, "quiet", () => forget(item).then(render)));
  return li;
}

function savedItem(photo, index) {
  const li = el("li", "photo-item photo-saved");
  const img = el("img");
  img.src = app.dataset.file.replace("KEY", photo.key) + "?thumb=1";
  img.alt = fmt(T.photo_of, { n: index + 1 });
  img.loading = "lazy";
  li.append(img, el("p", "photo-state", T.saved));
  return li;
}

function render() {
  const pending = [...queue.values()].reverse().map(pendingItem);
  const done = saved.map(savedItem).reverse();
  list.replaceChildren(...pending, ...done);
}

function showError(message) {
  errorBox.hidden = !message;
  errorBox.textContent = message;
}

async function loadSaved() {
  try {
    const reply = await fetch(app.dataset.list).then((r) => r.json());
    saved = reply.photos;
    render();
  } catch {
    // offline: the list comes with the next successful upload
  }
}

input.addEventListener("change", choose);
window.addEventListener("online", sendAll);
setInterval(sendAll, RETRY_MS);
loadSaved();
restore();
