// The wall's views of the notes: live, by table, by question, themes, key insights.
// What does not fit is paged (the pages turn by themselves), never cut or scrolled.
// Cards are built once per version of a note and reused, so a new note costs one card.
import { el, fmt } from "./live.js";

export const VIEWS = ["live", "tables", "questions", "themes", "insights", "votes"];
const TABLE_HUES = 12;

export class Board {
  constructor({ T, questions, harvestQuestion }) {
    this.T = T;
    this.questionOf = questions; // {round: question}
    this.harvestQuestion = harvestQuestion;
    this.cards = new Map(); // uuid -> {seq, node}
    this.fresh = new Set();
    this.page = 0;
    this.themeList = null; // from the server's `themes` reply
    this.results = null; // vote results, from sync and `votes` changes
    this.nodes = {
      board: document.getElementById("wall-board"),
      list: document.getElementById("wall-notes"),
      columns: document.getElementById("wall-columns"),
      themes: document.getElementById("wall-themes"),
      votes: document.getElementById("wall-votes"),
      empty: document.getElementById("wall-empty"),
      pageNo: document.getElementById("wall-page"),
      round: document.getElementById("wall-round"),
      question: document.getElementById("wall-question"),
      viewName: document.getElementById("wall-view-name"),
    };
    this.size = null;
  }

  /** A note's card, rebuilt only when the note changed since it was last built. */
  card(note, variant = "") {
    const known = this.cards.get(note.uuid);
    if (known && known.seq === note.seq && known.variant === variant) return known.node;
    const li = el("li", `wall-note ${variant}`.trim());
    li.dataset.kind = note.kind;
    li.dataset.uuid = note.uuid;
    li.dataset.hue = String((note.table - 1) % TABLE_HUES);
    if (this.fresh.delete(note.uuid)) {
      li.classList.add("fresh");
      li.addEventListener("animationend", () => li.classList.remove("fresh"), { once: true });
    }
    const meta = el("div", "meta");
    const where = el("span", "where", `${fmt(this.T.table, { n: note.table })} · ${fmt(this.T.round, { n: note.round })}`);
    meta.append(where, el("span", `kind kind-${note.kind}`, this.T.kinds[note.kind] || note.kind));
    li.append(meta, el("p", "text", note.text));
    const marks = el("p", "marks");
    if (note.starred) marks.append(el("span", "star", `★ ${this.T.insight}`));
    for (const tag of note.tags || []) marks.append(el("span", "tag", `#${tag}`));
    if (marks.childNodes.length) li.append(marks);
    this.cards.set(note.uuid, { seq: note.seq, variant, node: li });
    return li;
  }

  /** How many cards of a kind fit the board: [columns, rows]. Measured with a probe card. */
  fit(variant = "", width = null) {
    const box = this.nodes.board;
    const probe = el("li", `wall-note probe ${variant}`);
    probe.append(el("div", "meta", "·"), el("p", "text", "·"));
    box.append(probe); // absolute and invisible: measured even while its list is hidden
    const probeStyle = getComputedStyle(probe);
    const gap = parseFloat(probeStyle.getPropertyValue("--gap")) || 0;
    const cardW = parseFloat(probeStyle.minWidth) || probe.offsetWidth;
    const cardH = probe.offsetHeight;
    probe.remove();
    // Hidden (check-in, people moving): a notional page, drawn again when the board shows.
    if (!box.clientHeight) return { cols: 3, rows: 4, cardH: 1, gap };
    const W = width ?? box.clientWidth;
    const cols = Math.max(1, Math.floor((W + gap) / (cardW + gap)));
    const rows = Math.max(1, Math.floor((box.clientHeight + gap) / (cardH + gap)));
    return { cols, rows, cardH, gap };
  }

  /** Show `view` of `notes` for the wall's phase; returns how many pages it has. */
  render(view, notes, round) {
    const harvest = round.phase === "harvest" || round.phase === "closed";
    const scope = harvest ? notes : notes.filter((n) => n.round === round.round);
    this.nodes.viewName.textContent = `· ${this.T.views[view]}`;
    this.heading(harvest ? this.T.harvest : fmt(this.T.round_of, { n: round.round, count: round.round_count }), harvest ? this.harvestQuestion : round.question);
    const pages = this[view](view === "questions" ? notes : scope, harvest, round);
    const count = Math.max(1, pages);
    this.page %= count;
    this.nodes.pageNo.textContent = count > 1 ? fmt(this.T.page, { n: this.page + 1, count }) : "";
    return count;
  }

  heading(label, question) {
    this.nodes.round.textContent = label;
    this.nodes.question.textContent = question || "";
  }

  show(which, empty) {
    this.nodes.list.hidden = which !== "list";
    this.nodes.columns.hidden = which !== "columns";
    this.nodes.themes.hidden = which !== "themes";
    this.nodes.votes.hidden = which !== "votes";
    this.nodes.empty.hidden = !empty;
    if (empty) this.nodes.empty.textContent = empty;
  }

  grid(notes, large) {
    const variant = large ? "large" : "";
    this.nodes.list.classList.toggle("large", large);
    this.show("list", notes.length ? "" : large ? this.T.no_insights : this.T.empty);
    const { cols, rows } = this.fit(variant);
    const per = cols * rows;
    const pages = Math.ceil(notes.length / per);
    this.page %= Math.max(1, pages);
    this.nodes.list.replaceChildren(...notes.slice(this.page * per, (this.page + 1) * per).map((n) => this.card(n, variant)));
    return pages;
  }

  live(notes) {
    return this.grid(newestFirst(notes), false);
  }

  insights(notes) {
    // After voting, the most voted first.
    const dots = new Map((this.results ? this.results.insights : []).map((r) => [r.uuid, r.total]));
    const starred = newestFirst(notes.filter((n) => n.starred));
    starred.sort((a, b) => (dots.get(b.uuid) || 0) - (dots.get(a.uuid) || 0));
    return this.grid(starred, true);
  }

  votes() {
    const results = this.results || { insights: [], groups: [] };
    const voted = results.insights.filter((r) => r.total > 0);
    this.show("votes", voted.length ? "" : results.open ? this.T.no_votes_yet : this.T.no_votes);
    if (!voted.length) return 0;
    const head = el("li", "vote-head");
    head.append(el("span", "", ""), el("span", "", ""), ...results.groups.map((g) => el("span", "group", g.label)), el("span", "group", this.T.total));
    this.nodes.votes.style.setProperty("--groups", String(results.groups.length));
    this.nodes.votes.replaceChildren(head, this.voteRow(voted[0], 1, results.groups));
    const headH = head.offsetHeight;
    const rowH = this.nodes.votes.lastElementChild.offsetHeight;
    const gap = parseFloat(getComputedStyle(this.nodes.votes).rowGap) || 0;
    const per = Math.max(1, Math.floor((this.nodes.board.clientHeight - headH + gap) / (rowH + gap)));
    const pages = Math.ceil(voted.length / per);
    this.page %= pages;
    const shown = voted.slice(this.page * per, (this.page + 1) * per);
    this.nodes.votes.replaceChildren(head, ...shown.map((r, i) => this.voteRow(r, this.page * per + i + 1, results.groups)));
    return pages;
  }

  voteRow(result, rank, groups) {
    const li = el("li", "vote-result");
    const what = el("div", "what");
    what.append(el("p", "text", result.text), el("p", "agree", result.agreement));
    const top = Math.max(1, ...groups.map((g) => result.by_group[g.key] || 0));
    li.append(el("span", "rank", String(rank)), what);
    for (const g of groups) {
      const n = result.by_group[g.key] || 0;
      const cell = el("span", "group-dots", String(n));
      cell.dataset.w = String(Math.round((10 * n) / top));
      li.append(cell);
    }
    li.append(el("span", "total", String(result.total)));
    return li;
  }

  questions(notes, _harvest, round) {
    const rounds = [...new Set(notes.map((n) => n.round))].sort((a, b) => a - b);
    if (!rounds.length) return this.grid([], false);
    // One page per round's question at least; a round with many notes takes several.
    this.nodes.list.classList.remove("large");
    this.show("list", "");
    // Measured under the longest of these questions, so no page's heading pushes cards out.
    const longest = rounds.map((r) => this.questionOf[r] || "").sort((a, b) => b.length - a.length)[0];
    this.heading(fmt(this.T.round_of, { n: rounds[0], count: round.round_count }), longest);
    const { cols, rows } = this.fit();
    const per = cols * rows;
    const pages = [];
    for (const r of rounds) {
      const mine = newestFirst(notes.filter((n) => n.round === r));
      for (let i = 0; i < mine.length; i += per) pages.push({ r, notes: mine.slice(i, i + per) });
    }
    this.page %= pages.length;
    const { r, notes: shown } = pages[this.page];
    this.heading(fmt(this.T.round_of, { n: r, count: round.round_count }), this.questionOf[r]);
    this.nodes.list.replaceChildren(...shown.map((n) => this.card(n)));
    return pages.length;
  }

  tables(notes, harvest) {
    const tables = [...new Set(notes.map((n) => n.table))].sort((a, b) => a - b);
    this.show("columns", tables.length ? "" : this.T.empty);
    if (!tables.length) return 0;
    const column = el("section", "wall-column probe");
    column.append(el("h2", "", "·"));
    const more = el("p", "more", "·");
    this.nodes.columns.replaceChildren(column, more);
    const colW = parseFloat(getComputedStyle(column).minWidth) || 380;
    const titleH = column.offsetHeight;
    const moreH = more.offsetHeight + 8;
    const gap = parseFloat(getComputedStyle(this.nodes.columns).columnGap) || 0;
    const perPage = Math.max(1, Math.floor((this.nodes.board.clientWidth + gap) / (colW + gap)));
    const { cardH, gap: cardGap } = this.fit("compact", colW);
    const room = (h) => Math.max(1, Math.floor((this.nodes.board.clientHeight - titleH - h + cardGap) / (cardH + cardGap)));
    const fitting = [room(0), room(moreH)]; // all fit, or leave room for "+ n more"
    const pages = Math.ceil(tables.length / perPage);
    this.page %= pages;
    const shown = tables.slice(this.page * perPage, (this.page + 1) * perPage);
    this.nodes.columns.replaceChildren(...shown.map((t) => this.column(t, newestFirst(notes.filter((n) => n.table === t)), fitting, harvest)));
    return pages;
  }

  column(table, notes, fitting, harvest) {
    const section = el("section", "wall-column");
    section.dataset.hue = String((table - 1) % TABLE_HUES);
    section.append(el("h2", "", fmt(this.T.table, { n: table })));
    const list = el("ol", "wall-notes");
    const room = notes.length > fitting[0] ? fitting[1] : fitting[0];
    list.append(...notes.slice(0, room).map((n) => this.card(n, "compact")));
    section.append(list);
    if (notes.length > room) section.append(el("p", "more", fmt(harvest ? this.T.more_all : this.T.more, { n: notes.length - room })));
    return section;
  }

  themes() {
    const themes = this.themeList || [];
    // Until the server's first answer, nothing rather than "no themes".
    this.show("themes", themes.length || !this.themeList ? "" : this.T.no_themes);
    const top = themes[0] ? themes[0].weight : 1;
    this.nodes.themes.replaceChildren(
      ...themes.map((t) => {
        const li = el("li", "theme");
        const bar = el("span", "weight");
        bar.dataset.w = String(Math.max(1, Math.round((10 * t.weight) / top))); // widths in tenths, from CSS
        li.append(el("span", "term", t.term), bar, el("span", "count", fmt(this.T.in_notes, { n: t.notes.length })));
        return li;
      }),
    );
    return 1;
  }
}

function newestFirst(notes) {
  return [...notes].sort((a, b) => b.created_seq - a.created_seq);
}
