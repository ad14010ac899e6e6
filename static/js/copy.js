// <button data-copy="ID" data-copied="Copied"> copies the text of element ID and says so
// on the button for a moment (a module, not an inline handler: CSP). On plain http (a
// venue's network) the Clipboard API is missing: the text is selected and copied instead.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const label = button.textContent;
  button.addEventListener("click", async () => {
    const source = document.getElementById(button.dataset.copy);
    let copied = false;
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
      copied = true;
    } catch {
      window.getSelection().selectAllChildren(source);
      copied = document.execCommand("copy");
    }
    if (!copied) return; // the text stays selected for the person to copy
    button.textContent = button.dataset.copied;
    setTimeout(() => { button.textContent = label; }, 2500);
  });
}
