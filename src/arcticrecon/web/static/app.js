/* arcticrecon map page: wires the map (map.js), the panels (panels.js) and the tools.
 * No request leaves this server. */
"use strict";

function updateMarking() {
  const levels = (state.mission && state.mission.levels) || ["UNCLASSIFIED"];
  const shown = Object.values(ArxMap.layers).filter((L) => L.layer.getVisible() && L.count > 0);
  const banner = highWater(shown.map((L) => L.marking), levels);
  for (const id of ["map-marking", "map-marking-bottom"]) document.getElementById(id).textContent = banner;
}

function buildLayerPanel(registry) {
  const panel = document.getElementById("layer-panel");
  const groups = {};
  for (const d of registry) (groups[d.group] = groups[d.group] || []).push(d);
  for (const [g, defs] of Object.entries(groups)) {
    const fs = el("fieldset");
    fs.appendChild(el("legend", {}, g));
    for (const d of defs) {
      const lab = el("label", { class: "layer" + (d.available ? "" : " unavailable"), title: d.note });
      const cb = el("input", { type: "checkbox", "data-layer": d.id });
      cb.checked = d.available && d.visible;
      if (!d.available) cb.disabled = true;
      cb.addEventListener("change", () => { ArxMap.setVisible(d.id, cb.checked); updateMarking(); });
      lab.appendChild(cb);
      lab.appendChild(document.createTextNode(" " + d.title + (d.available ? "" : " — not available (" + d.note + ")")));
      fs.appendChild(lab);
    }
    panel.appendChild(fs);
  }
  const btn = document.getElementById("layers-button");
  btn.addEventListener("click", () => {
    panel.hidden = !panel.hidden;
    btn.setAttribute("aria-expanded", String(!panel.hidden));
  });
}

function wireTools() {
  ArxMap.showCoords = (lat, lon) => {
    document.getElementById("coord-dd").textContent = lat.toFixed(5) + "°, " + lon.toFixed(5) + "°";
    document.getElementById("coord-dms").textContent = dms(lat, "NS") + " " + dms(lon, "EW");
  };
  ArxMap.showGrid = async (lat, lon) => {
    try {
      const c = await api("/api/geo/coords?lat=" + lat.toFixed(6) + "&lon=" + lon.toFixed(6));
      document.getElementById("coord-mgrs").textContent = c.ups ? c.mgrs + " · UPS " + c.ups : c.mgrs;
    } catch (e) { document.getElementById("coord-mgrs").textContent = "—"; }
  };
  const mb = document.getElementById("measure-button");
  mb.addEventListener("click", () => {
    const on = mb.getAttribute("aria-pressed") !== "true";
    mb.setAttribute("aria-pressed", String(on));
    const out = document.getElementById("measure-result");
    if (!on) { ArxMap.stopMeasure(); out.textContent = ""; return; }
    out.textContent = "click two points";
    ArxMap.startMeasure(async (a, b) => {
      const q = new URLSearchParams({ lat1: a[1].toFixed(6), lon1: a[0].toFixed(6), lat2: b[1].toFixed(6), lon2: b[0].toFixed(6) });
      const r = await api("/api/geo/inverse?" + q.toString());
      out.textContent = "distance " + r.distance_km.toLocaleString("en", { maximumFractionDigits: 1 }) + " km (" +
        r.distance_nm.toLocaleString("en", { maximumFractionDigits: 1 }) + " NM), initial course " +
        r.initial_course_deg.toFixed(1) + "° true (GeographicLib)";
      out.dataset.distanceM = String(r.distance_m);
      out.dataset.courseDeg = String(r.initial_course_deg);
    });
  });
  const pb = document.getElementById("pick-button");
  pb.addEventListener("click", () => {
    const on = pb.getAttribute("aria-pressed") !== "true";
    pb.setAttribute("aria-pressed", String(on));
    ArxMap.pick(on ? (p) => {
      state.pick = p;
      const near = ArxMap.nearestSite(p.x_m, p.y_m);
      document.getElementById("report-position").value = p.lat_deg.toFixed(5) + ", " + p.lon_deg.toFixed(5) +
        (near ? " (nearest site " + near.icao + ", " + (near.d_m / 1000).toFixed(0) + " km in the map plane)" : "");
      // the server decides the site from the position (within 5 km, else none)
      document.getElementById("report-site").value = "";
      document.getElementById("survey-new-link").href = "/surveys/new?lat=" + p.lat_deg.toFixed(6) +
        "&lon=" + p.lon_deg.toFixed(6);
      pb.setAttribute("aria-pressed", "false");
      ArxMap.pick(null);
      document.getElementById("report-text").focus();
    } : null);
  });
  document.getElementById("png-button").addEventListener("click", () => ArxMap.exportPng("arcticrecon-map.png"));
  document.getElementById("month-select").addEventListener("change", refreshMission);
}

/* Why the chosen exercise has no ranking in the current run ("" when it has one): a run
 * ranks only the exercises it was started for (the API answers 404 for the others). */
function exerciseNote() {
  const ex = document.getElementById("exercise-select").value;
  if (!state.runId || !ex || !state.runExercises || state.runExercises.includes(ex)) return "";
  return "“" + ex + "” is not in the current ranking (run " + state.runId.slice(0, 8) + ": " +
    state.runExercises.join(", ") + "): press Run ranking for this exercise";
}

function updateDownloads() {
  const note = exerciseNote();
  document.getElementById("exercise-note").textContent = note;
  for (const a of document.querySelectorAll("#downloads a")) {
    const q = new URLSearchParams();
    if (state.runId) q.set("run_id", state.runId);
    const ex = document.getElementById("exercise-select").value;
    const perExercise = ["ranking", "routes", "deployment"].includes(a.dataset.what);
    if (ex && perExercise) q.set("exercise", ex);
    const off = perExercise && note !== "";
    a.classList.toggle("disabled", off);
    a.setAttribute("aria-disabled", String(off));
    if (off) { a.removeAttribute("href"); a.title = note; continue; }
    a.removeAttribute("title");
    a.href = "/api/export/" + a.dataset.what + "." + a.dataset.fmt + (q.toString() ? "?" + q.toString() : "");
  }
}

/* A download link that fails says why (the API's one-line error), instead of a silently
 * "canceled" download. */
async function download(ev) {
  const a = ev.target.closest("#downloads a");
  if (!a) return;
  ev.preventDefault();
  const out = document.getElementById("download-status");
  if (!a.getAttribute("href")) { out.textContent = a.title; return; }
  out.textContent = "preparing " + a.dataset.what + "." + a.dataset.fmt + "…";
  try {
    const r = await fetch(a.href, { credentials: "same-origin" });
    if (!r.ok) {
      const ct = r.headers.get("content-type") || "";
      const body = ct.includes("json") ? await r.json() : { detail: await r.text() };
      out.textContent = "download failed: " + (body.detail || "HTTP " + r.status);
      return;
    }
    const cd = r.headers.get("content-disposition") || "";
    const m = cd.match(/filename="?([^";]+)"?/);
    const link = el("a", { href: URL.createObjectURL(await r.blob()),
      download: m ? m[1] : a.dataset.what + "." + a.dataset.fmt });
    document.body.appendChild(link); link.click(); link.remove();
    out.textContent = "";
  } catch (e) { out.textContent = "download failed: " + e.message; }
}

async function refreshMission() {
  const ex = document.getElementById("exercise-select").value;
  await ArxMap.setParams({ run_id: state.runId || "", exercise: state.runId ? ex : "",
    month: document.getElementById("month-select").value, unavailable: exerciseNote() });
  renderRanking();
  updateDownloads();
  updateMarking();
}

async function loadOptions(runId) {
  const ex = document.getElementById("exercise-select").value;
  const params = new URLSearchParams({ run_id: runId, limit: "5000" });
  if (ex) params.set("exercise", ex);
  state.options = exerciseNote() ? [] : (await api("/api/opportunities?" + params.toString())).items;
  await refreshMission();
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
    state.runId = run.id;
    state.runExercises = run.exercises;
    await loadOptions(run.id);
    st.textContent = "done: " + run.n_options + " options";
  } catch (e) {
    st.textContent = "error: " + e.message;
  }
}

async function start() {
  const [mission, registry, me, runs] = await Promise.all([api("/api/mission"), api("/api/map/layers"),
    api("/api/me"), api("/api/plan-runs")]);
  state.mission = mission;
  document.getElementById("mission-name").textContent = "— " + mission.name;
  const sel = document.getElementById("exercise-select");
  for (const e of mission.exercises) sel.appendChild(el("option", { value: e.name }, e.name));
  const done = runs.find((r) => r.status === "done");
  if (done) {
    state.runId = done.id;
    state.runExercises = done.exercises;
    if (done.exercises && done.exercises.length) sel.value = done.exercises[0];
    ArxMap.params.run_id = done.id;
    ArxMap.params.exercise = sel.value;
  }
  ArxMap.onSite = openSite;
  ArxMap.onLoaded = (id, L) => {
    const box = document.querySelector("#layer-panel input[data-layer='" + id + "']");
    if (box) box.parentNode.title = L.error ? "no data: " + L.error : L.def.note;
    updateMarking();
  };
  buildLayerPanel(registry);
  wireTools();
  await ArxMap.init("map", registry);
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
  document.getElementById("downloads").addEventListener("click", download);
  if (done) await loadOptions(done.id);
  updateDownloads();
  updateMarking();
  ArxMap.map.once("rendercomplete", () => {
    document.body.dataset.ready = "1";
    window.arxFirstRenderMs = performance.now();
  });
  ArxMap.map.render();
}

document.addEventListener("DOMContentLoaded", () => { start().catch((e) => {
  document.getElementById("run-status").textContent = "error: " + e.message; }); });
