// Trying again by itself. A page or form the server refused for a moment (429 with
// Retry-After, a server error) or that found no network counts down in plain words
// ("There is a queue: trying again in 3 seconds") and then sends again; nothing typed is lost.

const DEFAULT_WAIT = 5;
const LONGEST_WAIT = 600;

/** The wait the server named (Retry-After, in seconds), or a few seconds when it named none. */
export function namedWait(response) {
  const seconds = Number.parseInt(response ? response.headers.get("Retry-After") : "", 10);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, LONGEST_WAIT) : DEFAULT_WAIT;
}

/** The notice's texts: {queue: {one, other}, offline: {one, other}, now}, "{n}" for the count. */
function texts(notice) {
  return JSON.parse(notice.dataset.i18n || "{}");
}

function say(notice, kind, seconds) {
  const forms = texts(notice)[kind];
  if (!forms) return;
  notice.textContent = (seconds === 1 ? forms.one : forms.other).replace("{n}", String(seconds));
}

/**
 * Show the countdown in `notice` (kind "queue" or "offline") and call `then` when it ends.
 * Returns a function that cancels it.
 */
export function countdown(notice, seconds, kind, then) {
  let left = Math.max(1, Math.round(seconds));
  notice.hidden = false;
  notice.dataset.retrying = kind;
  say(notice, kind, left);
  const timer = setInterval(() => {
    left -= 1;
    if (left > 0) return say(notice, kind, left);
    clearInterval(timer);
    notice.textContent = texts(notice).now || "";
    then();
  }, 1000);
  return () => clearInterval(timer);
}

/** A page the server sent refused (the error page of a GET, the door's own page without
 * its script having sent it): load or send it again after the named wait. */
function resume(notice) {
  const form = notice.dataset.retryForm ? document.getElementById(notice.dataset.retryForm) : null;
  countdown(notice, Number(notice.dataset.retryAfter), "queue", () => {
    if (form) form.requestSubmit();
    else window.location.reload();
  });
}

const waiting = document.querySelector("[data-retry-after]");
if (waiting) resume(waiting);
