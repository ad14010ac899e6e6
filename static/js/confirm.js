// Steps that cannot be taken back ask first: <form data-confirm="question"> shows the
// question and sends the form only on OK (a module, not an inline handler: CSP).
for (const form of document.querySelectorAll("form[data-confirm]")) {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
}
