// A form whose work takes seconds says so: <form data-busy="text"> turns its submit button
// into that text, greyed out, once it is sent (a second click would plan twice).
for (const form of document.querySelectorAll("form[data-busy]")) {
  form.addEventListener("submit", (event) => {
    if (event.defaultPrevented) return;  // the confirm question was answered "Cancel"
    const button = event.submitter || form.querySelector("[type=submit]");
    form.setAttribute("aria-busy", "true");
    // After the event: the form is already on its way, so disabling cannot stop it.
    setTimeout(() => {
      button.disabled = true;
      button.textContent = form.dataset.busy;
    });
  });
}
