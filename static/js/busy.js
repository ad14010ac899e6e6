// Work that takes seconds says so: a <form data-busy="text"> turns its submit button, and
// an <a data-busy="text"> itself, into that text once it is on its way (greyed, and a
// form's button disabled: a second click would plan twice).
const restore = [];

function showBusy(control, text, holder) {
  const label = control.textContent;
  holder.setAttribute("aria-busy", "true");
  control.textContent = text;
  restore.push(() => {
    holder.removeAttribute("aria-busy");
    control.textContent = label;
    control.disabled = false;
  });
}

for (const form of document.querySelectorAll("form[data-busy]")) {
  form.addEventListener("submit", (event) => {
    if (event.defaultPrevented) return;  // the confirm question was answered "Cancel"
    const button = event.submitter || form.querySelector("[type=submit]");
    // After the event: the form is already on its way, so disabling cannot stop it.
    setTimeout(() => {
      showBusy(button, form.dataset.busy, form);
      button.disabled = true;
    });
  });
}

for (const link of document.querySelectorAll("a[data-busy]")) {
  link.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.shiftKey) return;
    showBusy(link, link.dataset.busy, link);
  });
}

// Back to this page from the history: it is no longer busy.
window.addEventListener("pageshow", (event) => {
  if (event.persisted) restore.splice(0).forEach((undo) => undo());
});
