// The vbgraph explorer: search, draw, read the evidence. Everything it shows comes from the
// HTTP API (/instruments, /graph, /instruments/{id}, /documents/{id}/text) and reaches the page
// as text (textContent, never innerHTML), so a document's words can never run as code.
"use strict";

const I18N = {
  vi: {
    heading: "Văn bản pháp luật về bình đẳng giới",
    search_label: "Tìm văn bản",
    search_placeholder: "Số hiệu hoặc tên: 55/2009, luat binh dang gioi…",
    day_label: "Tình trạng tại ngày",
    modes_label: "Cách xem",
    mode_neighbourhood: "Lân cận",
    mode_lineage: "Truy vết thay thế",
    mode_up: "Căn cứ lên trên",
    mode_down: "Văn bản thực hiện",
    mode_all: "Toàn bộ",
    depth: "Số bước",
    kinds_label: "Quan hệ",
    hint: "Tìm một văn bản, hoặc bấm vào một nút của đồ thị.",
    close: "Đóng",
    no_match: "Không tìm thấy văn bản nào",
    loading: "Đang tải…",
    drawn: (n, m) => `${n} văn bản, ${m} quan hệ`,
    as_of: (d) => `tại ngày ${d}`,
    type: "Loại", issuer: "Cơ quan ban hành", issued: "Ngày ban hành", in_force: "Hiệu lực từ",
    ended: "Hết hiệu lực", status: "Tình trạng", assumed: "giả định: ngày ban hành", stated: "theo văn bản",
    sources: "Nguồn của các ngày", relations: "Quan hệ và câu làm bằng chứng", merged: "Tên gọi đã gộp vào",
    proposal: "đề xuất suy luận, chưa được văn bản khẳng định", see_text: "xem trong văn bản",
    from_catalogue: "danh mục đối chiếu", trace: "Truy vết thay thế", no_relations: "Chưa có quan hệ nào.",
    relations_more: (shown, total) => `Hiện ${shown} trong số ${total} quan hệ (những quan hệ đầu tiên đã lưu).`,
    out: "→", in: "←", unknown_status: "chưa rõ",
    status_names: { "in force": "còn hiệu lực", "not yet in force": "chưa có hiệu lực",
                    "no longer in force": "hết hiệu lực", "unknown": "chưa rõ hiệu lực" },
    kind_names: { implements: "thực hiện", based_on: "căn cứ", cites: "dẫn chiếu", supersedes: "thay thế",
                  repeals: "bãi bỏ", amends: "sửa đổi, bổ sung", issued_by: "ban hành bởi" },
    error: "Lỗi",
  },
  en: {
    heading: "Vietnamese legal instruments on gender equality",
    search_label: "Find an instrument",
    search_placeholder: "Number or name: 55/2009, law on gender equality…",
    day_label: "Status on",
    modes_label: "View",
    mode_neighbourhood: "Neighbourhood",
    mode_lineage: "Trace lineage",
    mode_up: "Depends on",
    mode_down: "Implemented by",
    mode_all: "Whole graph",
    depth: "Steps",
    kinds_label: "Relations",
    hint: "Search for an instrument, or click a node of the graph.",
    close: "Close",
    no_match: "No instrument found",
    loading: "Loading…",
    drawn: (n, m) => `${n} instruments, ${m} relations`,
    as_of: (d) => `as of ${d}`,
    type: "Type", issuer: "Issued by", issued: "Issued", in_force: "In force from",
    ended: "No longer in force", status: "Status", assumed: "assumed: date issued", stated: "stated",
    sources: "Where the dates come from", relations: "Relations and the sentences that prove them",
    merged: "Names merged into it", proposal: "inferred proposal, not stated by a text",
    see_text: "see in the text", from_catalogue: "catalogue source", trace: "Trace lineage",
    no_relations: "No relations yet.", out: "→", in: "←", unknown_status: "unknown",
    relations_more: (shown, total) => `Showing ${shown} of ${total} relations (the first ones stored).`,
    status_names: { "in force": "in force", "not yet in force": "not yet in force",
                    "no longer in force": "no longer in force", "unknown": "force unknown" },
    kind_names: { implements: "implements", based_on: "based on", cites: "cites", supersedes: "supersedes",
                  repeals: "repeals", amends: "amends", issued_by: "issued by" },
    error: "Error",
  },
};
const DEFAULT_KINDS = ["implements", "based_on", "cites", "supersedes", "repeals", "amends"];

const state = { lang: "vi", focus: null, mode: "all", depth: 1, kinds: new Set(DEFAULT_KINDS), on: "",
                legend: null };
let network = null;
let graphData = null;

const $ = (id) => document.getElementById(id);
const t = (key) => I18N[state.lang][key];

/** An element with attributes and children; strings become text nodes, never markup. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "onclick") node.addEventListener("click", value);
    else if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function ddmmyyyy(iso) {
  if (!iso) return "?";
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

function setStatus(text) { $("status").textContent = text; }

async function api(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(params)) {
    for (const v of [].concat(value)) if (v !== null && v !== undefined && v !== "") url.searchParams.append(name, v);
  }
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.detail || `${response.status}`);
    error.problem = body;
    throw error;
  }
  return body;
}

const instrumentPath = (key) => "/instruments/" + encodeURIComponent(key);

// -- language -----------------------------------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
    node.placeholder = t(node.dataset.i18nPlaceholder);
  }
  for (const node of document.querySelectorAll("[data-i18n-aria]")) node.setAttribute("aria-label", t(node.dataset.i18nAria));
  $("lang").textContent = state.lang === "vi" ? "EN" : "VI";
  document.title = `vbgraph — ${t("heading")}`;
  drawLegend();
}

// -- search with suggestions ----------------------------------------------------------------

let searchTimer = null;
let searchSeq = 0;

function suggest() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(async () => {
    const q = $("search").value.trim();
    const list = $("suggestions");
    if (!q) { hideSuggestions(); return; }
    const seq = ++searchSeq;
    try {
      const page = await api("/instruments", { q, limit: 8, in_force_on: null });
      if (seq !== searchSeq) return; // an older answer arriving late
      list.replaceChildren(...page.items.map((item, i) => el("li", {
        role: "option", id: `suggestion-${i}`, "data-id": item.id, "aria-selected": i === 0 ? "true" : "false",
        onclick: () => choose(item.id),
      }, el("span", { class: "num" }, item.number || item.id), item.title || "",
         el("span", { class: "meta" }, [item.type, item.issuer, ddmmyyyy(item.date_issued)].filter(Boolean).join(" · ")))));
      if (!page.items.length) list.replaceChildren(el("li", { class: "none" }, t("no_match")));
      list.hidden = false;
      $("search").setAttribute("aria-expanded", "true");
    } catch (error) {
      setStatus(`${t("error")}: ${error.message}`);
    }
  }, 150);
}

function hideSuggestions() {
  $("suggestions").hidden = true;
  $("search").setAttribute("aria-expanded", "false");
}

function moveSelection(step) {
  const items = [...$("suggestions").querySelectorAll("li[data-id]")];
  if (!items.length) return;
  let at = items.findIndex((li) => li.getAttribute("aria-selected") === "true");
  at = (at + step + items.length) % items.length;
  items.forEach((li, i) => li.setAttribute("aria-selected", i === at ? "true" : "false"));
}

async function searchEnter() {
  const chosen = $("suggestions").querySelector('li[aria-selected="true"][data-id]');
  if (chosen && !$("suggestions").hidden) return choose(chosen.dataset.id);
  const q = $("search").value.trim();
  if (!q) return;
  try { // the forgiving forms the API resolves: nd 55/2009, Luật Bình đẳng giới …
    const found = await api("/instrument", { id: q });
    choose(found.instrument.id);
  } catch (error) {
    setStatus(`${t("error")}: ${error.message}`);
  }
}

// -- choosing, drawing ------------------------------------------------------------------------

function choose(key, mode) {
  hideSuggestions();
  state.focus = key;
  if (mode) state.mode = mode;
  else if (state.mode === "all") state.mode = "neighbourhood";
  remember();
  drawGraph();
  showDetails(key);
}

function remember() {
  const params = new URLSearchParams();
  if (state.focus) params.set("id", state.focus);
  params.set("mode", state.mode);
  if (state.on) params.set("on", state.on);
  if (state.lang !== "vi") params.set("lang", state.lang);
  history.replaceState(null, "", "?" + params.toString());
}

function markModes() {
  for (const button of document.querySelectorAll("[data-mode]")) {
    button.setAttribute("aria-pressed", button.dataset.mode === state.mode ? "true" : "false");
  }
}

async function drawGraph() {
  markModes();
  setStatus(t("loading"));
  const params = { mode: state.mode, depth: state.depth, kind: [...state.kinds], on: state.on || null,
                   lang: state.lang };
  if (state.mode !== "all") params.id = state.focus;
  let data;
  try {
    data = await api("/graph", params);
  } catch (error) {
    setStatus(`${t("error")}: ${error.message}`);
    return;
  }
  graphData = data;
  window.vbgraphView = data; // for people (and tests) who want the drawn data
  if (!state.legend) { state.legend = data.legend; drawLegend(); drawKinds(); }
  const content = { nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges) };
  if (!network) {
    network = new vis.Network($("graph"), content, {
      interaction: { hover: true, tooltipDelay: 150 },
      physics: { stabilization: { iterations: 250 }, barnesHut: { springLength: 140 } },
      edges: { smooth: { type: "dynamic" }, font: { size: 11, align: "middle" } },
    });
    network.on("click", (event) => {
      const id = event.nodes[0];
      const node = id && graphData.nodes.find((n) => n.id === id);
      if (node && node.family !== "agency") choose(id);
    });
    window.vbgraphNetwork = network;
  } else {
    network.setData(content);
  }
  if (data.focus && data.nodes.some((n) => n.id === data.focus)) {
    network.once("stabilized", () => network.selectNodes([data.focus]));
  }
  const day = state.on ? ` — ${t("as_of")(ddmmyyyy(state.on))}` : "";
  setStatus(t("drawn")(data.nodes.length, data.edges.length) + day);
}

function drawLegend() {
  const legend = state.legend;
  if (!legend) return;
  const lang = state.lang;
  $("legend").replaceChildren(
    ...legend.families.map((f) => el("span", {}, el("span", { class: "swatch", style: `background:${f.color}` }), f[lang])),
  );
  drawKinds();
}

function drawKinds() {
  const legend = state.legend;
  if (!legend) return;
  const box = $("kinds");
  box.replaceChildren(el("legend", {}, t("kinds_label")), ...legend.relations.map((r) => {
    if (r.kind === "proposal") {
      return el("span", {}, el("span", { class: "line", style: `border-color:${r.color};border-top-style:dashed` }),
                r[state.lang]);
    }
    const input = el("input", { type: "checkbox", value: r.kind, checked: state.kinds.has(r.kind) });
    input.addEventListener("change", () => {
      if (input.checked) state.kinds.add(r.kind); else state.kinds.delete(r.kind);
      drawGraph();
    });
    return el("label", {}, input,
              el("span", { class: "line", style: `border-color:${r.color};border-top-width:${Math.max(1, Math.round(r.width))}px` }),
              r[state.lang]);
  }));
}

// -- details and evidence -------------------------------------------------------------------

async function showDetails(key) {
  const box = $("details");
  let found;
  try {
    found = await api(instrumentPath(key), { on: state.on || null });
  } catch (error) {
    box.replaceChildren(el("p", { class: "hint" }, `${t("error")}: ${error.message}`));
    return;
  }
  const inst = found.instrument;
  const basis = inst.in_force_basis === "assumed" ? ` (${t("assumed")})` : "";
  const stateClass = inst.status.replaceAll(" ", "-");
  box.scrollTop = 0;
  box.replaceChildren(...[
    el("h2", {}, inst.number || inst.id),
    el("p", { class: "title" }, inst.title || ""),
    el("dl", {},
       el("dt", {}, t("type")), el("dd", {}, inst.type || "?"),
       el("dt", {}, t("issuer")), el("dd", {}, inst.issuer || "?"),
       el("dt", {}, t("issued")), el("dd", {}, ddmmyyyy(inst.date_issued)),
       el("dt", {}, t("in_force")), el("dd", {}, ddmmyyyy(inst.date_in_force) + basis),
       inst.date_no_longer_in_force ? [el("dt", {}, t("ended")),
                                       el("dd", {}, ddmmyyyy(inst.date_no_longer_in_force),
                                          inst.end_basis ? ` (${inst.end_basis})` : "")] : null,
       el("dt", {}, t("status")),
       el("dd", {}, el("span", { class: `state ${stateClass}` }, t("status_names")[inst.status] || inst.status),
          ` ${t("as_of")(ddmmyyyy(inst.status_on))}`)),
    el("button", { type: "button", class: "trace", onclick: () => choose(inst.id, "lineage") }, t("trace")),
    found.sources.length ? el("h3", {}, t("sources")) : null,
    ...found.sources.map((s) => el("blockquote", {}, `${s.field} = ${s.value}: `, s.quote ? `“${s.quote}”` : "",
                                   sourceLine(s.document, s.span, s.origin))),
    found.merged.length ? el("h3", {}, t("merged")) : null,
    ...found.merged.map((m) => el("p", {}, m.id, " — ", m.reason)),
    el("h3", {}, t("relations")),
    found.relations.length ? null : el("p", { class: "hint" }, t("no_relations")),
    found.relations_total > found.relations_shown
      ? el("p", { class: "hint more" }, t("relations_more")(found.relations_shown, found.relations_total)) : null,
    ...found.relations.map(relationBlock),
  ].filter(Boolean));
}

function relationBlock(link) {
  const other = link.instrument ? (link.instrument.number || link.id) : link.id;
  const arrow = link.direction === "out" ? t("out") : t("in");
  return el("div", { class: "relation" },
    el("span", { class: "kind" }, `${arrow} ${t("kind_names")[link.kind] || link.kind} `),
    link.kind === "issued_by" ? el("span", {}, other)
      : el("a", { class: "key", role: "link", tabindex: "0", onclick: () => choose(link.id) }, other),
    link.proposal ? el("span", { class: "proposal" }, ` — ${t("proposal")}`) : null,
    ...link.evidence.map((e) => el("blockquote", {},
      e.sentence ? quoted(e.sentence) : (e.reasons || []).join("; "),
      sourceLine(e.document, e.span, e.origin, e.method))));
}

/** A sentence, cut to four lines until clicked (a preamble of citations runs long). */
function quoted(sentence) {
  const q = el("span", { class: "sentence clamp", title: sentence.length > 300 ? "…" : null }, `“${sentence}”`);
  q.addEventListener("click", () => q.classList.toggle("clamp"));
  return q;
}

function sourceLine(documentKey, span, origin, method) {
  const parts = [];
  if (documentKey && !documentKey.startsWith("catalogue:")) {
    parts.push(documentKey);
    if (span) {
      parts.push(" · ", el("a", { href: "#", onclick: (event) => { event.preventDefault(); showText(documentKey, span); } },
                           t("see_text")));
    }
  } else if (method === "catalogue" || (documentKey || "").startsWith("catalogue:")) {
    parts.push(t("from_catalogue"));
  }
  if (origin) {
    parts.push(" · ");
    parts.push(/^https?:\/\//.test(origin) ? el("a", { href: origin, rel: "noopener noreferrer", target: "_blank" }, origin)
                                          : origin);
  }
  return parts.length ? el("span", { class: "source" }, ...parts) : null;
}

async function showText(documentKey, span) {
  const response = await fetch("/documents/" + encodeURIComponent(documentKey) + "/text");
  if (!response.ok) { setStatus(`${t("error")}: ${response.status}`); return; }
  const text = await response.text();
  const [a, b] = span;
  const mark = el("mark", {}, text.slice(a, b));
  $("text-title").textContent = documentKey;
  $("text-body").replaceChildren(text.slice(0, a), mark, text.slice(b));
  $("text-view").showModal();
  mark.scrollIntoView({ block: "center" });
}

// -- start ----------------------------------------------------------------------------------

function start() {
  const params = new URLSearchParams(window.location.search);
  state.lang = params.get("lang") === "en" ? "en" : "vi";
  state.on = params.get("on") || "";
  state.mode = params.get("mode") || (params.get("id") ? "neighbourhood" : "all");
  $("day").value = state.on;
  applyLanguage();
  $("search").addEventListener("input", suggest);
  $("search").addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); moveSelection(1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); moveSelection(-1); }
    else if (event.key === "Enter") { event.preventDefault(); searchEnter(); }
    else if (event.key === "Escape") hideSuggestions();
  });
  document.addEventListener("click", (event) => { if (!event.target.closest(".search")) hideSuggestions(); });
  for (const button of document.querySelectorAll("[data-mode]")) {
    button.addEventListener("click", () => {
      state.mode = button.dataset.mode;
      if (state.mode !== "all" && !state.focus) { $("search").focus(); return; }
      state.depth = state.mode === "up" || state.mode === "down" ? Math.max(state.depth, 2) : state.depth;
      $("depth").value = state.depth;
      remember();
      drawGraph();
    });
  }
  $("depth").addEventListener("change", () => {
    state.depth = Math.min(5, Math.max(1, Number($("depth").value) || 1));
    drawGraph();
  });
  $("day").addEventListener("change", () => {
    state.on = $("day").value;
    remember();
    drawGraph();
    if (state.focus) showDetails(state.focus);
  });
  $("lang").addEventListener("click", () => {
    state.lang = state.lang === "vi" ? "en" : "vi";
    applyLanguage();
    remember();
    drawGraph();
    if (state.focus) showDetails(state.focus);
  });
  $("text-close").addEventListener("click", () => $("text-view").close());
  if (params.get("id")) choose(params.get("id"), state.mode);
  else drawGraph();
}

document.addEventListener("DOMContentLoaded", start);
