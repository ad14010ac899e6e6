// The door: the join page's forms are sent in the background, so a refusal for a moment
// (429 or 503 with Retry-After, a server error) or a dropped network leaves the form as
// typed, says when it tries again, and sends it again by itself after that wait.
import { countdown, namedWait } from "./retry.js";

let cancel = null;
const notice = () => document.getElementById("door-notice");

function isDoorForm(form) {
  return form instanceof HTMLFormElement && form.closest("main") && !form.hasAttribute("data-native");
}

function request(form, submitter) {
  const data = new FormData(form, submitter);
  const method = (form.getAttribute("method") || "get").toUpperCase();
  const url = new URL(form.action, window.location.href);
  if (method === "GET") {
    url.search = new URLSearchParams(data).toString();
    return { url, init: { credentials: "same-origin" } };
  }
  return { url, init: { method, body: data, credentials: "same-origin" } };
}

/** Show the server's answer in place of the page's content (a form with an error next to
 * its field, the namesake question, the search results). */
function show(html, url, method) {
  const page = new DOMParser().parseFromString(html, "text/html");
  const main = page.querySelector("main");
  if (!main) return window.location.assign(url);
  document.title = page.title;
  document.querySelector("main").replaceWith(main);
  if (method === "GET") window.history.replaceState(null, "", url);
  const focus = main.querySelector("[aria-invalid=true], [role=alert] button, .found button");
  if (focus) focus.focus();
}

/** Put the notice where the eye is: just above the button that was pressed. */
function beside(form) {
  const node = notice();
  const actions = form.querySelector(".actions");
  if (actions) actions.before(node);
  else form.before(node);
  return node;
}

function later(form, submitter, seconds, kind) {
  if (cancel) cancel();
  const node = beside(form);
  cancel = countdown(node, seconds, kind, () => {
    cancel = null;
    send(form, submitter);
  });
  node.scrollIntoView({ block: "nearest" });
}

async function send(form, submitter) {
  const { url, init } = request(form, submitter);
  form.setAttribute("aria-busy", "true");
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    form.removeAttribute("aria-busy");
    return later(form, submitter, namedWait(null), "offline");
  }
  form.removeAttribute("aria-busy");
  if (response.status === 429 || response.status >= 500) {
    return later(form, submitter, namedWait(response), "queue");
  }
  if (response.redirected) return window.location.assign(response.url);
  notice().hidden = true;
  show(await response.text(), url.toString(), init.method || "GET");
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!isDoorForm(form) || !notice()) return;
  event.preventDefault();
  if (form.getAttribute("aria-busy") === "true") return; // a second tap while it is on its way
  if (cancel) cancel();
  cancel = null;
  send(form, event.submitter);
});
