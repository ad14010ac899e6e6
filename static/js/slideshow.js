// The wall's photo slideshow: one photo at a time, the list refreshed every few seconds,
// so a photo taken or hidden shows up (or goes) without a reload.
import { dataJson, fmt } from "./live.js";

const app = document.getElementById("slideshow");
const T = dataJson(app, "i18n");
const slide = document.getElementById("slide");
const caption = document.getElementById("slide-caption");
const SHOW_MS = 8000;
const REFRESH_MS = 10000;
let photos = [];
let index = -1;

async function refresh() {
  try {
    photos = (await fetch(app.dataset.list).then((r) => r.json())).photos;
  } catch {
    // the Wi-Fi dropped: keep showing what we have
  }
  if (!photos.length) return empty();
  if (index < 0 || !photos.some((p) => p.key === slide.dataset.key)) next();
}

function empty() {
  // every photo was hidden (or none taken yet): say so instead of a stale one
  index = -1;
  slide.hidden = true;
  slide.removeAttribute("src");
  delete slide.dataset.key;
  caption.textContent = T.empty;
}

function next() {
  if (!photos.length) return;
  index = (index + 1) % photos.length;
  const photo = photos[index];
  slide.src = app.dataset.file.replace("KEY", photo.key);
  slide.dataset.key = photo.key;
  slide.alt = fmt(T.caption, { table: photo.table, round: photo.round });
  slide.hidden = false;
  caption.textContent = slide.alt;
}

setInterval(refresh, REFRESH_MS);
setInterval(next, SHOW_MS);
refresh();
