/* arcticrecon map page. Plain JavaScript, no libraries, no requests to other hosts.
 * The base map arrives already projected to EPSG:3413 metres (/api/map/base) and is
 * drawn as SVG; sites carry x_m/y_m in the same projection. */
"use strict";

const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const SVGNS = "http://www.w3.org/2000/svg";
// matplotlib viridis at 0, 0.1, ..., 1 (the colours of the HTML report's maps)
const VIRIDIS = ["#440154", "#482475", "#414487", "#355f8d", "#2a788e", "#21918c",
  "#22a884", "#44bf70", "#7ad151", "#bddf26", "#fde725"];
const GREY = "#b0b0b0";

const state = { sites: [], byIcao: {}, mission: null, runId: null, options: [],
  sortKey: "rank", sortAsc: true, selected: null };

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function svg(tag, attrs) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}
function hexToRgb(h) { return [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)); }
function scoreColour(s) {
  if (s === null || s === undefined || !isFinite(s)) return GREY;
  const x = Math.min(Math.max(s, 0), 1) * 10, i = Math.min(Math.floor(x), 9), f = x - i;
  const a = hexToRgb(VIRIDIS[i]), b = hexToRgb(VIRIDIS[i + 1]);
  return "rgb(" + a.map((v, k) => Math.round(v + f * (b[k] - v))).join(",") + ")";
}

async function api(path, opts) {
  const o = Object.assign({ headers: {} }, opts || {});
  o.credentials = "same-origin";
  if (o.method && o.method !== "GET") o.headers["X-CSRF-Token"] = CSRF;
  if (o.json !== undefined) {
    o.headers["Content-Type"] = "application/json";
    o.body = JSON.stringify(o.json);
    delete o.json;
  }
  const r = await fetch(path, o);
  if (r.status === 401) { window.location.href = "/login"; throw new Error("logged out"); }
  const ct = r.headers.get("content-type") || "";
  const body = ct.includes("json") ? await r.json() : await r.text();
  if (!r.ok) throw new Error((body && body.detail) || ("HTTP " + r.status));
  return body;
}

// ---------------------------------------------------------------- map
function pathOf(points) {
  return "M" + points.map((p) => p[0] + "," + (-p[1])).join(" L") ;
}
async function drawBase() {
  const m = await api("/api/map/base");
  const [x0, y0, x1, y1] = m.extent_m;
  const map = document.getElementById("map");
  map.setAttribute("viewBox", [x0, -y1, x1 - x0, y1 - y0].join(" "));
  map.setAttribute("preserveAspectRatio", "xMidYMid meet");
  map.appendChild(svg("rect", { x: x0, y: -y1, width: x1 - x0, height: y1 - y0, fill: "#dbe9f4" }));
  // Optional background from a map server the user configured (ARCTICRECON_TILE_URL): a
  // GetMap URL template in EPSG:3413 with {bbox}, {width}, {height}. Never by default.
  const tile = document.querySelector('meta[name="tile-url"]').content;
  if (tile) {
    const href = tile.replace("{bbox}", [x0, y0, x1, y1].join(",")).replace("{width}", "1024")
      .replace("{height}", String(Math.round(1024 * (y1 - y0) / (x1 - x0))));
    map.appendChild(svg("image", { href: href, x: x0, y: -y1, width: x1 - x0, height: y1 - y0,
      preserveAspectRatio: "none", class: "background" }));
  }
  const grat = svg("g", { class: "graticule", fill: "none", stroke: "#b8cde0", "stroke-width": 2500 });
  for (const g of m.graticule) grat.appendChild(svg("path", { d: pathOf(g.points) }));
  map.appendChild(grat);
  const coast = m.coastline.map((r) => pathOf(r) + " Z").join(" ");
  map.appendChild(svg("path", { d: coast, class: "coast", fill: "#f4f4f0", stroke: "#7a8a99",
    "stroke-width": 3000, "fill-rule": "evenodd" }));
  map.appendChild(svg("g", { id: "site-layer" }));
  const credit = svg("text", { x: x1 - 15000, y: -y0 - 20000, "text-anchor": "end",
    "font-size": 38000, fill: "#555" });
  credit.textContent = m.source;
  map.appendChild(credit);
}

function bestScores() {
  const best = {};
  for (const o of state.options) {
    if (!o.feasible || o.score === null) continue;
    if (!(o.icao in best) || o.score > best[o.icao]) best[o.icao] = o.score;
  }
  return best;
}

function drawSites() {
  const layer = document.getElementById("site-layer");
  layer.replaceChildren();
  const best = bestScores();
  const ordered = [...state.sites].sort((a, b) => (best[a.icao] ?? -1) - (best[b.icao] ?? -1));
  for (const s of ordered) {
    const score = best[s.icao];
    const c = svg("circle", { cx: s.x_m, cy: -s.y_m, r: s.kind === "airport" ? 16000 : 11000,
      fill: scoreColour(score), stroke: state.selected === s.icao ? "#d00" : "#333",
      "stroke-width": state.selected === s.icao ? 6000 : 1500, class: "site",
      "data-icao": s.icao, tabindex: 0 });
    const t = svg("title");
    t.textContent = s.icao + " " + s.name + (score !== undefined ? " — best score " + score.toFixed(2) : "");
    c.appendChild(t);
    c.addEventListener("click", () => openSite(s.icao));
    c.addEventListener("keydown", (e) => { if (e.key === "Enter") openSite(s.icao); });
    layer.appendChild(c);
  }
}

// ---------------------------------------------------------------- site panel
function fmt(v, d) { return v === null || v === undefined ? "—" : (typeof v === "number" ? v.toFixed(d ?? 0) : String(v)); }

async function openSite(icao) {
  state.selected = icao;
  drawSites();
  const panel = document.getElementById("site-panel");
  panel.hidden = false;
  const s = await api("/api/sites/" + encodeURIComponent(icao));
  document.getElementById("site-title").textContent = s.icao + " — " + s.name;
  const facts = [s.kind, "lat " + s.lat_deg.toFixed(3) + "°", "lon " + s.lon_deg.toFixed(3) + "°",
    "elevation " + fmt(s.elevation_m) + " m", "longest runway " + fmt(s.longest_runway_m) + " m", s.tz];
  if (Object.keys(s.overrides).length) facts.push("overridden by findings: " + Object.keys(s.overrides).join(", "));
  document.getElementById("site-facts").textContent = facts.join(" · ");
  document.getElementById("report-site").value = s.icao;
  const rb = document.querySelector("#runway-table tbody");
  rb.replaceChildren();
  for (const r of s.runways) {
    const tr = el("tr");
    [r.ident, fmt(r.length_m), fmt(r.width_m), r.surface, r.closed ? "yes" : "no"].forEach((v) => tr.appendChild(el("td", {}, v)));
    rb.appendChild(tr);
  }
  if (!s.runways.length) rb.appendChild(el("tr")).appendChild(el("td", { colspan: 5 }, "no runway listed"));
  const fl = document.getElementById("findings");
  fl.replaceChildren();
  for (const r of s.reports) {
    const li = el("li", { class: "finding", "data-id": r.id });
    li.appendChild(el("strong", {}, r.marking));
    li.appendChild(document.createTextNode(" " + r.kind + ", " + r.author + ", " + r.observed_at_utc.slice(0, 16) + "Z: " + r.text));
    for (const a of r.attachments) {
      if (a.media_type.startsWith("image/")) {
        const img = el("img", { src: a.url, alt: a.filename, class: "photo" });
        li.appendChild(img);
      } else {
        li.appendChild(el("a", { href: a.url }, a.filename));
      }
    }
    fl.appendChild(li);
  }
  if (!s.reports.length) fl.appendChild(el("li", {}, "no findings released to you"));
  loadLight(icao);
  loadCold(icao);
}

function fmtHours(h) {
  // h:mm below 48 h, "N d HH h" beyond (as the CLI's day length)
  const m = Math.round(h * 60);
  if (m < 48 * 60) return String(Math.floor(m / 60)).padStart(2, "0") + ":" + String(m % 60).padStart(2, "0");
  return Math.floor(m / 1440) + " d " + String(Math.floor((m % 1440) / 60)).padStart(2, "0") + " h";
}

async function loadLight(icao) {
  const tb = document.querySelector("#light-table tbody");
  tb.replaceChildren();
  try {
    const d = await api("/api/sites/" + encodeURIComponent(icao) + "/light");
    tb.replaceChildren();
    for (const day of d.days) {
      const tr = el("tr");
      // intervals that start on the date, as the CLI prints them ("04:13 → 00:50 (04 Jun)")
      const len = day.day_length_h == null ? "—" : fmtHours(day.day_length_h);
      [day.date, day.nautical.text, day.civil.text, day.daylight.text, len,
        day.civil.in_day_h.toFixed(1)].forEach((v) => tr.appendChild(el("td", {}, v ?? "—")));
      tb.appendChild(tr);
    }
  } catch (e) {
    tb.replaceChildren();
    tb.appendChild(el("tr")).appendChild(el("td", { colspan: 6 }, "light not available: " + e.message));
  }
}

async function loadCold(icao) {
  const box = document.getElementById("cold-table");
  box.replaceChildren();
  try {
    const d = await api("/api/sites/" + encodeURIComponent(icao) + "/cold");
    const t = el("table");
    const head = el("tr");
    ["Month", "Air [°C] (daily min / mean)"].concat(d.wind_kmh.map((w) => "Wind chill @" + w + " km/h")).forEach((h) => head.appendChild(el("th", {}, h)));
    t.appendChild(el("thead")).appendChild(head);
    const tb = el("tbody");
    for (const m of d.months) {
      const tr = el("tr");
      tr.appendChild(el("td", {}, m.month));
      tr.appendChild(el("td", { title: m.basis }, fmt(m.t2m_degC, 1)));
      for (const w of m.winds) {
        tr.appendChild(el("td", { title: w.applicable ? w.frostbite_label : "index not defined here: air temperature shown" },
          fmt(w.wind_chill_degC, 0) + (w.applicable ? "" : "*")));
      }
      tb.appendChild(tr);
    }
    t.appendChild(tb);
    box.appendChild(t);
    box.appendChild(el("p", { class: "note" }, "* outside the index domain (air above 10 °C or wind below 4.8 km/h): air temperature shown. " + d.source));
  } catch (e) {
    box.appendChild(el("p", { class: "note" }, "cold table not available: " + e.message));
  }
}

// ---------------------------------------------------------------- ranking
function renderRanking() {
  const ex = document.getElementById("exercise-select").value;
  const q = document.getElementById("ranking-filter").value.trim().toLowerCase();
  const feas = document.getElementById("feasible-only").checked;
  let rows = state.options.filter((o) => (!ex || o.exercise === ex) && (!feas || o.feasible) &&
    (!q || (o.icao + " " + (o.site || "")).toLowerCase().includes(q)));
  const k = state.sortKey, asc = state.sortAsc ? 1 : -1;
  const num = document.querySelector('#ranking-table th[data-key="' + k + '"]').dataset.type === "num";
  rows = rows.slice().sort((a, b) => {
    const x = a[k], y = b[k];
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return asc * (num ? x - y : String(x).localeCompare(String(y)));
  });
  const tb = document.querySelector("#ranking-table tbody");
  tb.replaceChildren();
  for (const o of rows.slice(0, 300)) {
    const tr = el("tr", { "data-icao": o.icao });
    [o.rank, o.icao, o.site, o.window_start + " – " + o.window_end,
      o.score === null ? "—" : o.score.toFixed(3), o.explanation || o.excluded_reason || ""]
      .forEach((v) => tr.appendChild(el("td", {}, v)));
    tr.addEventListener("click", () => openSite(o.icao));
    tb.appendChild(tr);
  }
  document.getElementById("ranking-count").textContent = rows.length + " options";
  document.querySelectorAll("#ranking-table th").forEach((th) => {
    th.classList.toggle("sorted", th.dataset.key === k);
    th.setAttribute("aria-sort", th.dataset.key === k ? (state.sortAsc ? "ascending" : "descending") : "none");
  });
}

async function loadOptions(runId) {
  const ex = document.getElementById("exercise-select").value;
  const params = new URLSearchParams({ run_id: runId, limit: "5000" });
  if (ex) params.set("exercise", ex);
  const d = await api("/api/opportunities?" + params.toString());
  state.options = d.items;
  renderRanking();
  drawSites();
}

async function runRanking() {
  const ex = document.getElementById("exercise-select").value;
  const st = document.getElementById("run-status");
  const bar = document.getElementById("run-progress");
  st.textContent = "starting…";
  try {
    let run = await api("/api/plan-runs", { method: "POST", json: ex ? { exercise: ex } : {} });
    while (run.status === "queued" || run.status === "running") {
      bar.value = run.progress;
      st.textContent = run.step + " (" + Math.round(run.progress * 100) + "%)";
      await new Promise((r) => setTimeout(r, 500));
      run = await api("/api/plan-runs/" + run.id);
    }
    bar.value = run.progress;
    if (run.status !== "done") { st.textContent = "failed: " + run.error; return; }
    st.textContent = "done: " + run.n_options + " options";
    state.runId = run.id;
    await loadOptions(run.id);
  } catch (e) {
    st.textContent = "error: " + e.message;
  }
}

// ---------------------------------------------------------------- report form
async function fileReport(ev) {
  ev.preventDefault();
  const st = document.getElementById("report-status");
  const relto = [...document.querySelectorAll('#report-relto input:checked')].map((i) => i.value);
  const body = { site: document.getElementById("report-site").value.trim(),
    kind: document.getElementById("report-kind").value,
    level: document.getElementById("report-level").value,
    rel_to: relto, text: document.getElementById("report-text").value };
  st.textContent = "sending…";
  try {
    let rep = await api("/api/surveys", { method: "POST", json: body });
    const photo = document.getElementById("report-photo").files[0];
    if (rep.visible_to_you === false) {
      // written above the user's own clearance / for other nations only: no read-back
      st.textContent = "filed " + rep.id.slice(0, 8) + " (not releasable to you" +
        (photo ? "; photo not attached" : "") + ")";
    } else {
      if (photo) {
        const fd = new FormData();
        fd.append("file", photo, photo.name);
        rep = await api("/api/surveys/" + rep.id + "/attachments", { method: "POST", body: fd });
      }
      st.textContent = "filed " + rep.id.slice(0, 8) + " (" + rep.marking + ", " + rep.attachments.length + " attachment(s))";
    }
    st.dataset.reportId = rep.id;
    document.getElementById("report-form").reset();
    document.getElementById("report-site").value = body.site;
    setDefaultsForForm();
    await loadSites();
    if (state.selected) openSite(state.selected);
  } catch (e) {
    st.textContent = "error: " + e.message;
  }
}

function setDefaultsForForm() {
  document.querySelectorAll('#report-relto input').forEach((i) => { i.checked = true; });
}

// ---------------------------------------------------------------- start
async function loadSites() {
  state.sites = await api("/api/sites");
  state.byIcao = Object.fromEntries(state.sites.map((s) => [s.icao, s]));
  drawSites();
}

async function start() {
  await drawBase();
  const [mission] = await Promise.all([api("/api/mission"), loadSites()]);
  state.mission = mission;
  document.getElementById("mission-name").textContent = "— " + mission.name;
  const sel = document.getElementById("exercise-select");
  for (const e of mission.exercises) sel.appendChild(el("option", { value: e.name }, e.name));
  const me = await api("/api/me");
  const lv = document.getElementById("report-level");
  for (const l of mission.levels.slice(0, mission.levels.indexOf(me.clearance) + 1)) lv.appendChild(el("option", { value: l }, l));
  const fs = document.getElementById("report-relto");
  for (const n of mission.nations) {
    const lab = el("label", { class: "inline" });
    lab.appendChild(el("input", { type: "checkbox", value: n, checked: "" }));
    lab.appendChild(document.createTextNode(" " + n));
    fs.appendChild(lab);
  }
  document.getElementById("run-button").addEventListener("click", runRanking);
  sel.addEventListener("change", () => { if (state.runId) loadOptions(state.runId); });
  document.getElementById("ranking-filter").addEventListener("input", renderRanking);
  document.getElementById("feasible-only").addEventListener("change", renderRanking);
  document.querySelectorAll("#ranking-table th").forEach((th) => th.addEventListener("click", () => {
    if (state.sortKey === th.dataset.key) state.sortAsc = !state.sortAsc;
    else { state.sortKey = th.dataset.key; state.sortAsc = th.dataset.type !== "num" || th.dataset.key === "rank"; }
    renderRanking();
  }));
  document.getElementById("report-form").addEventListener("submit", fileReport);
  const runs = await api("/api/plan-runs");
  const done = runs.find((r) => r.status === "done");
  if (done) { state.runId = done.id; await loadOptions(done.id); }
  document.body.dataset.ready = "1";
}

document.addEventListener("DOMContentLoaded", () => { start().catch((e) => {
  document.getElementById("run-status").textContent = "error: " + e.message; }); });
