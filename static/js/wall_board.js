// The wall's views: live, by table, by question, themes, key insights, votes, where the
// groups agree, the harvest question's answers.
// Every card, row and bar is measured and packed into pages (wall_pages.js) that turn by
// themselves: nothing is cut, clamped or scrolled, and a note too long for a column is
// shown in parts. Cards are built once per version of a note and reused.
import { el, fmt, plural } from "./live.js";
import { columns, measure, pack, place, split } from "./wall_pages.js";

export const VIEWS = ["live", "tables", "questions", "themes", "insights", "votes", "consensus", "answers"];
const TABLE_HUES = 12;

export class Board {
  constructor({ T, questions, harvestQuestion }) {
    this.T = T;
    this.questionOf = questions; // {round: question}
    this.harvestQuestion = harvestQuestion;
    this.cards = new Map(); // uuid -> {seq, variant, node}
    this.fresh = new Set();
    this.page = 0;
    this.themeList = null; // every question's themes, from the server's `themes` reply
    this.answers = new Map(); // uuid -> answer the wall may show (no names)
    this.results = null; // vote results, from sync and `votes` changes
    const $ = (id) => document.getElementById(id);
    this.nodes = {
      main: $("wall-main"),
      board: $("wall-board"),
      list: $("wall-notes"),
      columns: $("wall-columns"),
      themes: $("wall-themes"),
      votes: $("wall-votes"),
      consensus: $("wall-consensus"),
      opening: $("wall-opening"),
      openingQuestion: $("wall-opening-question"),
      openingList: $("wall-opening-list"),
      empty: $("wall-empty"),
      pageNo: $("wall-page"),
      round: $("wall-round"),
      question: $("wall-question"),
      viewName: $("wall-view-name"),
    };
  }

  /** A note's card, rebuilt only when the note changed since it was last built. */
  card(note, variant = "") {
    const known = this.cards.get(`${note.uuid}:${variant}`);
    if (known && known.seq === note.seq) return known.node;
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
    this.cards.set(`${note.uuid}:${variant}`, { seq: note.seq, node: li });
    return li;
  }

  /** Show `view` of `notes` for the wall's phase; returns how many pages it has. */
  render(view, notes, round) {
    const harvest = round.phase === "harvest" || round.phase === "closed";
    const scope = harvest ? notes : notes.filter((n) => n.round === round.round);
    this.nodes.viewName.textContent = `· ${this.T.views[view]}`;
    this.heading(harvest ? this.T.harvest : fmt(this.T.round_of, { n: round.round, count: round.round_count }), harvest ? this.harvestQuestion : round.question);
    const opening = !harvest && !scope.length && (view === "live" || view === "tables");
    const method = view === "answers" ? "answersView" : view;
    const pages = opening ? this.opening(notes, round) : this[method](view === "questions" ? notes : scope, harvest, round);
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
    // An empty view's message takes the board: an empty list left in place pushed it off.
    for (const name of ["list", "columns", "themes", "votes", "consensus", "opening"]) this.nodes[name].hidden = which !== name || Boolean(empty);
    this.nodes.main.classList.toggle("opening", which === "opening");
    this.nodes.empty.hidden = !empty;
    if (empty) this.nodes.empty.textContent = empty;
  }

  /** The room a list has: its width and the board's height, its columns, gap and width. */
  room(list, height = this.nodes.board.clientHeight) {
    const probe = el("div", "wall-probe");
    list.append(probe);
    const min = probe.offsetWidth;
    const gap = probe.offsetHeight;
    probe.remove();
    return { ...columns(list.clientWidth, min, gap), gap, height };
  }

  /** Nodes measured in `host` at `width` px, a node taller than `height` split in parts. */
  items(host, nodes, width, height) {
    return measure(host, nodes, width).flatMap((item) => split(item, height, this.T, host, width));
  }

  /** Cards (or rows) packed into pages; this page shown in `list`. */
  paged(list, nodes, room = this.room(list)) {
    // Hidden (check-in, people moving): a notional page, drawn again when the board shows.
    if (!this.nodes.board.clientHeight) return list.replaceChildren(...nodes.slice(0, 12)) || 1;
    const items = this.items(list, nodes, room.colW, room.height);
    const pages = pack(items, { ...room, cols: room.cols });
    this.page %= pages.length;
    place(list, pages[this.page], room.colW, room.gap);
    return pages.length;
  }

  grid(notes, large) {
    const variant = large ? "large" : "";
    this.nodes.list.classList.toggle("large", large);
    this.show("list", notes.length ? "" : large ? this.T.no_insights : this.T.empty);
    if (!notes.length) return this.nodes.list.replaceChildren() || 0;
    return this.paged(this.nodes.list, notes.map((n) => this.card(n, variant)));
  }

  live(notes) {
    return this.grid(newestFirst(notes), false);
  }

  /** A round with no note yet: its question large, and the key insights of the rounds before. */
  opening(notes, round) {
    this.show("opening", "");
    this.nodes.openingQuestion.textContent = round.question || "";
    const before = newestFirst(notes.filter((n) => n.starred && n.round < round.round));
    this.nodes.openingList.hidden = !before.length;
    if (!before.length) return 1;
    const list = this.nodes.openingList.querySelector("ol");
    list.replaceChildren();
    const height = list.getBoundingClientRect().height;
    return this.paged(list, before.map((n) => this.card(n, "compact")), this.room(list, height));
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
    const list = this.nodes.votes;
    const head = el("li", "vote-head");
    head.append(el("span", "", ""), el("span", "", ""), ...results.groups.map((g) => el("span", "group", g.label)), el("span", "group", this.T.total));
    list.style.setProperty("--groups", String(results.groups.length));
    list.replaceChildren(head);
    const headH = head.getBoundingClientRect().height;
    const room = this.room(list);
    const height = room.height - headH - room.gap;
    const rows = voted.map((r, i) => this.voteRow(r, i + 1, results.groups));
    const pages = this.paged(list, rows, { ...room, cols: 1, colW: list.clientWidth, height });
    list.prepend(head);
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
    const room = this.room(this.nodes.list);
    const pages = [];
    for (const r of rounds) {
      const cards = newestFirst(notes.filter((n) => n.round === r)).map((n) => this.card(n));
      const items = this.items(this.nodes.list, cards, room.colW, room.height);
      for (const page of pack(items, room)) pages.push({ r, page });
    }
    this.page %= pages.length;
    const { r, page } = pages[this.page];
    this.heading(fmt(this.T.round_of, { n: r, count: round.round_count }), this.questionOf[r]);
    place(this.nodes.list, page, room.colW, room.gap);
    return pages.length;
  }

  /** One column per table; a table with more notes than a column holds goes on in the
   * next column ("continued"), on this page or the next. */
  tables(notes) {
    const tables = [...new Set(notes.map((n) => n.table))].sort((a, b) => a - b);
    this.show("columns", tables.length ? "" : this.T.empty);
    if (!tables.length) return this.nodes.columns.replaceChildren() || 0;
    const probe = this.column(1, [], false);
    probe.classList.add("probe");
    this.nodes.columns.replaceChildren(probe);
    const inner = probe.querySelector("ol");
    const { cols, colW, gap } = this.room(this.nodes.columns);
    const style = getComputedStyle(probe);
    const innerW = colW - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const height = this.nodes.board.clientHeight - inner.getBoundingClientRect().top + probe.getBoundingClientRect().top - parseFloat(style.paddingBottom);
    const cardGap = parseFloat(getComputedStyle(inner).rowGap) || 0;
    const chunks = [];
    for (const t of tables) {
      const cards = newestFirst(notes.filter((n) => n.table === t)).map((n) => this.card(n, "compact"));
      const items = this.items(inner, cards, innerW, height);
      pack(items, { cols: 1, height, gap: cardGap }).forEach((page, i) => chunks.push(this.column(t, page.map((p) => p.node), i > 0)));
    }
    const pages = Math.ceil(chunks.length / cols);
    this.page %= pages;
    this.nodes.columns.style.setProperty("--cols", String(cols));
    this.nodes.columns.replaceChildren(...chunks.slice(this.page * cols, (this.page + 1) * cols));
    return pages;
  }

  column(table, cards, continued) {
    const section = el("section", "wall-column");
    section.dataset.hue = String((table - 1) % TABLE_HUES);
    section.append(el("h2", "", fmt(continued ? this.T.table_continued : this.T.table, { n: table })));
    const list = el("ol", "wall-notes");
    list.append(...cards);
    section.append(list);
    return section;
  }

  /** Themes by meaning, with the organiser's decisions: during a round its question's, at
   * harvest every question's (and the harvest answers'), each under its question. Every
   * note is in one theme; a bar is as long as its count beside the largest. */
  themes(notes, harvest, round) {
    const scopes = (this.themeList || []).filter((s) => (harvest ? true : s.scope === round.round));
    const any = scopes.some((s) => s.themes.length);
    // Until the server's first answer, nothing rather than "no themes".
    this.show("themes", any || !this.themeList ? "" : this.T.no_themes);
    if (!any) return this.nodes.themes.replaceChildren() || 1;
    const texts = new Map(notes.map((n) => [n.uuid, n.text]));
    for (const a of this.answers.values()) texts.set(a.uuid, a.text);
    const rows = [];
    // One scale for every question shown: a bar is as long as its count beside the largest.
    const top = Math.max(1, ...scopes.flatMap((s) => s.themes.map((t) => t.count)));
    for (const s of scopes) {
      if (harvest) rows.push(el("li", "theme-question", s.scope ? fmt(this.T.question_n, { n: s.scope }) + ` · ${s.question}` : s.question));
      for (const t of s.themes.filter((t) => t.count)) rows.push(this.themeRow(t, top, texts, s.scope === 0));
    }
    const room = this.room(this.nodes.themes);
    return this.paged(this.nodes.themes, rows, { ...room, cols: 1, colW: this.nodes.themes.clientWidth });
  }

  themeRow(theme, top, texts, answers) {
    const li = el("li", `theme${theme.other ? " other" : ""}`);
    const what = el("div", "what");
    what.append(el("span", "term", theme.other ? this.T.other : theme.label));
    const quote = theme.quotes.map((q) => texts.get(q)).find(Boolean);
    if (quote) what.append(el("p", "quote", `«${quote}»`));
    const bar = el("span", "weight");
    bar.dataset.w = String(Math.max(1, Math.round((10 * theme.count) / top))); // tenths, from CSS
    const one = answers ? this.T.in_one_answer : this.T.in_one;
    const many = answers ? this.T.in_answers : this.T.in_notes;
    li.append(what, bar, el("span", "count", theme.count === 1 ? one : fmt(many, { n: theme.count })));
    return li;
  }

  /** Where the stakeholder groups agree, and where they divide (from the dot voting). */
  consensus() {
    const results = this.results || { insights: [], agreed: [], divided: [] };
    const byUuid = new Map(results.insights.map((r) => [r.uuid, r]));
    const agreed = (results.agreed || []).map((u) => byUuid.get(u)).filter(Boolean);
    const divided = (results.divided || []).map((u) => byUuid.get(u)).filter(Boolean);
    this.show("consensus", agreed.length ? "" : results.open ? this.T.no_votes_yet : this.T.no_votes);
    if (!agreed.length) return this.nodes.consensus.replaceChildren() || 0;
    const rows = [el("li", "cons-head", this.T.agreed)];
    rows.push(...agreed.map((r) => this.consensusRow(r)));
    rows.push(el("li", "cons-head", this.T.divided));
    if (divided.length) rows.push(...divided.map((r) => this.consensusRow(r)));
    else rows.push(el("li", "cons-none", this.T.none_divided));
    if (results.silent_text) rows.push(el("li", "cons-none", results.silent_text));
    const room = this.room(this.nodes.consensus);
    return this.paged(this.nodes.consensus, rows, { ...room, cols: 1, colW: this.nodes.consensus.clientWidth });
  }

  consensusRow(result) {
    const li = el("li", `cons-row kind-${result.kind}`);
    const what = el("div", "what");
    what.append(el("p", "text", result.text), el("p", "agree", result.agreement));
    const shares = el("div", "shares");
    for (const [group, [dotted, voters]] of Object.entries(result.shares || {})) {
      const cell = el("span", "share");
      const bar = el("span", "share-bar");
      bar.dataset.w = String(Math.round((10 * dotted) / Math.max(1, voters)));
      cell.append(el("span", "group", group), bar, el("span", "n", fmt(this.T.of, { n: dotted, total: voters })));
      shares.append(cell);
    }
    li.append(what, shares);
    return li;
  }

  /** The harvest question's answers, newest first, without names. */
  answersView() {
    const shown = [...this.answers.values()].sort((a, b) => b.created_seq - a.created_seq);
    this.nodes.list.classList.remove("large");
    this.show("list", shown.length ? "" : this.T.no_answers);
    this.heading(this.T.harvest, this.harvestQuestion);
    if (!shown.length) return this.nodes.list.replaceChildren() || 0;
    return this.paged(this.nodes.list, shown.map((a) => this.answerCard(a)));
  }

  answerCard(answer) {
    const known = this.cards.get(`${answer.uuid}:answer`);
    if (known && known.seq === answer.seq) return known.node;
    const li = el("li", "wall-note answer");
    li.dataset.uuid = answer.uuid;
    li.append(el("p", "text", answer.text));
    this.cards.set(`${answer.uuid}:answer`, { seq: answer.seq, node: li });
    return li;
  }
}

function newestFirst(notes) {
  return [...notes].sort((a, b) => b.created_seq - a.created_seq);
}
