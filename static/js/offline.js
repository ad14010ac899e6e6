// A phone page that opens, and stays usable, without network. Phones reach Café over plain
// HTTP on the venue's network, where browsers allow no service worker; so the server lets
// the phone keep the page in its HTTP cache (a tap on a link or the QR opens it from
// there), this module keeps what the page last knew in localStorage (the cached copy shows
// that, not the state it was first sent with), says plainly that the phone is offline, and
// asks before a reload that could only end on the browser's error page (docs/decisions.md).
import { fmt } from "./live.js";

/** What a page last knew, kept per link: save(state) after every sync or push, load() on
 * start; `at` is the server's time of the state, to compare with the page's own. */
export class PageMemory {
  constructor(key) {
    this.key = key;
  }

  save(state, at) {
    try {
      localStorage.setItem(this.key, JSON.stringify({ at, state }));
    } catch {
      // a full storage: the page still works, it only forgets on a reload
    }
  }

  /** The state saved after `since` (a server time in ms), or null. */
  newerThan(since) {
    try {
      const kept = JSON.parse(localStorage.getItem(this.key) || "null");
      return kept && kept.at > since ? kept.state : null;
    } catch {
      return null;
    }
  }

  /** When the state was saved (server time, ms), or null. */
  savedAt() {
    try {
      return JSON.parse(localStorage.getItem(this.key) || "null")?.at ?? null;
    } catch {
      return null;
    }
  }
}

/** The offline banner and the guard before leaving; `banner` holds the text with {time}.
 * Returns show(state), to call with every connection state ("online", "offline", …). */
export function offlineNotice(banner, lastContact) {
  let offline = !navigator.onLine;
  const show = (state) => {
    offline = state === "offline";
    document.documentElement.classList.toggle("is-offline", offline);
    banner.hidden = !offline;
    const at = lastContact();
    const time = at ? new Date(at).toLocaleTimeString(document.documentElement.lang || [], { hour: "2-digit", minute: "2-digit" }) : "";
    banner.querySelector("p").textContent = fmt(at ? banner.dataset.since : banner.dataset.never, { time });
  };
  // A reload without network ends on the browser's error page (plain HTTP allows no service
  // worker): ask first. Browsers show their own question, not this page's words.
  window.addEventListener("beforeunload", (event) => {
    if (!offline) return;
    event.preventDefault();
    event.returnValue = "";
  });
  window.addEventListener("offline", () => show("offline"));
  show(offline ? "offline" : "connecting");
  return show;
}
