// The organiser's event page: notes and check-ins counted live while the room fills up.
import { connect, dataJson, fmt, plural } from "./live.js";

const box = document.getElementById("live-counts");
const T = dataJson(box, "i18n");
let pending = null;

function show(counts) {
  document.getElementById("note-count").textContent = plural(T.notes, counts.notes);
  document.getElementById("checked-in-count").textContent = fmt(T.checked_in, { n: counts.checked_in });
}

const live = connect({
  role: "organiser",
  eventId: Number(box.dataset.event),
  lang: box.dataset.lang,
  onSync: (reply) => show(reply.counts),
  // Many notes can arrive at once: ask for fresh counts at most once a second.
  onChange: () => {
    if (!pending) pending = setTimeout(() => { pending = null; live.resync(); }, 1000);
  },
  onStatus: () => {},
});
