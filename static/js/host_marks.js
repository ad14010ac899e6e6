// The host's key-insight star and tags on a note. They go out through the same outbox as
// the notes (event "note:mark"), so they survive bad Wi-Fi and are sent once.
import { el } from "./live.js";

/** A note as this phone shows it, with a star or tags it has not had acknowledged yet. */
export function withPendingMark(note, item) {
  const { starred, tags } = item.data;
  return {
    ...note,
    starred: starred ?? note.starred,
    tags: tags ?? note.tags,
    state: item.error ? "error" : "waiting",
    error: item.error || note.error,
  };
}

/** The star button, the tags editor and the "hidden from the wall" line of a note. */
export function markControls(note, { T, choices, queue, refused }) {
  const box = el("div", "marks");
  if (note.hidden) box.append(el("p", "hidden-note", T.hidden));
  else if (note.pending) box.append(el("p", "pending-note", T.pending));
  const star = el("button", note.starred ? "star on" : "star", note.starred ? T.starred : T.star);
  star.type = "button";
  star.setAttribute("aria-pressed", String(!!note.starred));
  star.addEventListener("click", () => queue("note:mark", { uuid: note.uuid, starred: !note.starred }));
  box.append(star);
  if (refused) {
    const why = el("p", "field-error", refused);
    why.id = `star-why-${note.uuid}`;
    why.setAttribute("role", "alert");
    star.setAttribute("aria-describedby", why.id);
    box.append(why);
  }
  const tags = note.tags || [];
  if (tags.length) box.append(el("p", "tags", tags.map((t) => `#${t}`).join(" ")));
  box.append(tagEditor(note, tags, { T, choices, queue }));
  return box;
}

const openEditors = new Set(); // notes whose tag editor is open: a re-render keeps it open

function tagEditor(note, tags, { T, choices, queue }) {
  const details = el("details", "tag-edit");
  details.open = openEditors.has(note.uuid);
  details.addEventListener("toggle", () => (details.open ? openEditors.add(note.uuid) : openEditors.delete(note.uuid)));
  details.append(el("summary", "", T.tags));
  const form = el("form");
  const all = [...new Set([...choices, ...tags])];
  for (const tag of all) {
    const label = el("label", "check");
    const box = el("input");
    box.type = "checkbox";
    box.value = tag;
    box.checked = tags.includes(tag);
    label.append(box, document.createTextNode(` ${tag}`));
    form.append(label);
  }
  const id = `tag-${note.uuid}`;
  const otherLabel = el("label", "", T.other_tag);
  otherLabel.htmlFor = id;
  const other = el("input");
  other.id = id;
  other.maxLength = 40;
  const save = el("button", "secondary", T.save_tags);
  save.type = "submit";
  form.append(otherLabel, other, save);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = [...form.querySelectorAll("input[type=checkbox]:checked")].map((b) => b.value);
    const typed = other.value.split(",").map((t) => t.trim()).filter(Boolean);
    openEditors.delete(note.uuid);
    queue("note:mark", { uuid: note.uuid, tags: [...new Set([...chosen, ...typed])] });
  });
  details.append(form);
  return details;
}
