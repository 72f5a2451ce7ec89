/* arcticrecon page helpers: the API client (same origin only), DOM helpers, markings. */
"use strict";

const CSRF = document.querySelector('meta[name="csrf-token"]').content;

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function fmt(v, d) { return v === null || v === undefined ? "—" : (typeof v === "number" ? v.toFixed(d ?? 0) : String(v)); }

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

/* High-water mark of layer markings: highest level in the mission's order, REL TO the
 * intersection (null = no record restricts it) — the rule of survey.marking. */
function highWater(markings, levels) {
  let top = levels[0], rel = null;
  for (const m of markings) {
    if (!m) continue;
    if (levels.indexOf(m.level) > levels.indexOf(top)) top = m.level;
    if (m.rel_to) rel = rel === null ? m.rel_to.slice() : rel.filter((n) => m.rel_to.includes(n));
  }
  if (rel === null) return top;
  return top + " REL TO " + (rel.length ? rel.slice().sort().join(", ") : "(no common nation)");
}

/* 64°11'27.3"N (seconds to 0.1") */
function dms(v, hemis) {
  const h = v >= 0 ? hemis[0] : hemis[1];
  let t = Math.round(Math.abs(v) * 36000);
  const d = Math.floor(t / 36000); t -= d * 36000;
  const m = Math.floor(t / 600); const s = (t - m * 600) / 10;
  return d + "°" + String(m).padStart(2, "0") + "'" + s.toFixed(1).padStart(4, "0") + '"' + h;
}
