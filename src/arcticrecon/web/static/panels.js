/* arcticrecon page panels: the site panel, the ranking table, the report form. */
"use strict";

const state = { mission: null, runId: null, options: [], sortKey: "rank", sortAsc: true,
  selected: null, pick: null };

async function openSite(icao) {
  state.selected = icao;
  ArxMap.selected = icao;
  ArxMap.refresh();
  const panel = document.getElementById("site-panel");
  panel.hidden = false;
  const s = await api("/api/sites/" + encodeURIComponent(icao));
  document.getElementById("site-title").textContent = s.icao + " — " + s.name;
  const facts = [s.kind, dms(s.lat_deg, "NS") + " " + dms(s.lon_deg, "EW"),
    "elevation " + fmt(s.elevation_m) + " m", "longest runway " + fmt(s.longest_runway_m) + " m", s.tz];
  if (Object.keys(s.overrides).length) facts.push("overridden by findings: " + Object.keys(s.overrides).join(", "));
  document.getElementById("site-facts").textContent = facts.join(" · ");
  if (!state.pick) document.getElementById("report-site").value = s.icao;
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
      if (a.media_type.startsWith("image/")) li.appendChild(el("img", { src: a.url, alt: a.filename, class: "photo" }));
      else li.appendChild(el("a", { href: a.url }, a.filename));
    }
    fl.appendChild(li);
  }
  if (!s.reports.length) fl.appendChild(el("li", {}, "no findings released to you"));
  loadAircraft(icao);
  loadLight(icao);
  loadCold(icao);
}

async function loadAircraft(icao) {
  const box = document.getElementById("aircraft-verdicts");
  box.replaceChildren();
  try {
    const rows = await api("/api/sites/" + encodeURIComponent(icao) + "/aircraft");
    const ul = el("ul", { class: "verdicts" });
    for (const r of rows) {
      const li = el("li", { class: r.ok ? "ok" : "no", title: (r.reason || "") + (r.caveats.length ? " — " + r.caveats.join("; ") : "") },
        (r.ok ? "✔ " : "✘ ") + r.aircraft);
      ul.appendChild(li);
    }
    box.appendChild(ul);
  } catch (e) { box.appendChild(el("p", { class: "note" }, "aircraft verdicts not available: " + e.message)); }
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
  const today = new Date().toISOString().slice(0, 10);
  try {
    const d = await api("/api/sites/" + encodeURIComponent(icao) + "/light?start=" + today + "&end=" + today);
    for (const day of d.days) {
      const tr = el("tr");
      // intervals that start on the date, as the CLI prints them ("04:13 → 00:50 (04 Jun)")
      const len = day.day_length_h == null ? "—" : fmtHours(day.day_length_h);
      [day.date, day.nautical.text, day.civil.text, day.daylight.text, len,
        day.civil.in_day_h.toFixed(1)].forEach((v) => tr.appendChild(el("td", {}, v ?? "—")));
      tb.appendChild(tr);
    }
  } catch (e) {
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
    ["Month", "Air [°C]"].concat(d.wind_kmh.map((w) => "WCI @" + w + " km/h")).forEach((h) => head.appendChild(el("th", {}, h)));
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
    box.appendChild(el("p", { class: "note" }, "* outside the index domain: air temperature shown. " + d.source));
  } catch (e) {
    box.appendChild(el("p", { class: "note" }, "cold table not available: " + e.message));
  }
}

function renderRanking() {
  const ex = document.getElementById("exercise-select").value;
  const q = document.getElementById("ranking-filter").value.trim().toLowerCase();
  const feas = document.getElementById("feasible-only").checked;
  const month = document.getElementById("month-select").value;
  let rows = state.options.filter((o) => (!ex || o.exercise === ex) && (!feas || o.feasible) &&
    (!month || Number(o.window_start.slice(5, 7)) === Number(month)) &&
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
  const note = typeof exerciseNote === "function" ? exerciseNote() : "";
  document.getElementById("ranking-count").textContent = rows.length + " options" + (note ? " — " + note : "");
  document.querySelectorAll("#ranking-table th").forEach((th) => {
    th.classList.toggle("sorted", th.dataset.key === k);
    th.setAttribute("aria-sort", th.dataset.key === k ? (state.sortAsc ? "ascending" : "descending") : "none");
  });
}

async function fileReport(ev) {
  ev.preventDefault();
  const st = document.getElementById("report-status");
  const relto = [...document.querySelectorAll('#report-relto input:checked')].map((i) => i.value);
  const body = { site: document.getElementById("report-site").value.trim(),
    kind: document.getElementById("report-kind").value,
    level: document.getElementById("report-level").value,
    rel_to: relto, text: document.getElementById("report-text").value };
  // a picked position is stored with the finding; the server takes the site named (if within
  // 5 km of it), else the nearest within 5 km, else none (a position-only finding)
  if (state.pick) { body.lat_deg = state.pick.lat_deg; body.lon_deg = state.pick.lon_deg; }
  if (!body.site) delete body.site;
  st.textContent = "sending…";
  try {
    let rep = await api("/api/surveys", { method: "POST", json: body });
    const photo = document.getElementById("report-photo").files[0];
    if (rep.visible_to_you === false) {
      st.textContent = "filed " + rep.id.slice(0, 8) + " (not releasable to you" + (photo ? "; photo not attached" : "") + ")";
    } else {
      if (photo) {
        const fd = new FormData();
        fd.append("file", photo, photo.name);
        rep = await api("/api/surveys/" + rep.id + "/attachments", { method: "POST", body: fd });
      }
      st.textContent = "filed " + rep.id.slice(0, 8) + " at " + rep.site + " (" + rep.marking + ", " +
        rep.attachments.length + " attachment(s))";
    }
    st.dataset.reportId = rep.id;
    document.getElementById("report-form").reset();
    document.getElementById("report-site").value = body.site || "";
    document.getElementById("report-position").value = "";
    document.querySelectorAll('#report-relto input').forEach((i) => { i.checked = true; });
    state.pick = null;
    await Promise.all([ArxMap.load("findings"), ArxMap.load("sites")]);
    if (state.selected) openSite(state.selected);
  } catch (e) {
    st.textContent = "error: " + e.message;
  }
}
