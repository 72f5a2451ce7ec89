/* arcticrecon: the structured field survey form (/surveys/new), built from the server's
 * JSON Schemas (/api/survey-forms). The server validates everything (same rules as
 * `arcticrecon survey add FILE`); its one-line message is shown next to the field it names. */
"use strict";

const SKIP = new Set(["form", "schema_version", "photos"]);
const UNITS = [["_utc", "UTC"], ["_deg", "°"], ["_pct", "%"], ["_cm", "cm"], ["_m", "m"],
  ["_kg_cm2", "kg/cm²"], ["_kg_m3", "kg/m³"], ["_t", "t"], ["_kt", "kt"]];

let FORMS = {};

function resolve(schema, prop) {
  let p = prop, optional = false;
  if (p.anyOf) {
    const real = p.anyOf.filter((a) => a.type !== "null");
    optional = real.length < p.anyOf.length;
    p = Object.assign({}, real[0], { default: prop.default, title: prop.title });
  }
  if (p.$ref) {
    const name = p.$ref.split("/").pop();
    p = Object.assign({ refName: name }, schema.$defs[name], { default: prop.default });
  }
  if (p.type === "array" && p.items && p.items.$ref) {
    p = Object.assign({}, p, { itemRef: p.items.$ref.split("/").pop() });
  }
  return { p, optional };
}

function labelFor(key) {
  let text = key, unit = "";
  for (const [suffix, u] of UNITS) {
    if (key.endsWith(suffix)) { text = key.slice(0, -suffix.length); unit = u; break; }
  }
  text = text.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1) + (unit ? " [" + unit + "]" : "");
}

/* One input per top-level property; data-kind says how to read it back. */
function fieldFor(schema, key, prop, required, params) {
  const { p, optional } = resolve(schema, prop);
  const wrap = el("div", { class: "field", "data-field": key });
  const id = "f-" + key;
  const label = el("label", { for: id }, labelFor(key) + (required.includes(key) ? " *" : ""));
  let input, kind;
  if (p.refName === "Position") {
    kind = "position";
    input = el("input", { id, type: "text", placeholder: "67.0108, -50.7000 or MGRS" });
    if (key === "position" && params.get("lat") && params.get("lon")) {
      input.value = Number(params.get("lat")).toFixed(5) + ", " + Number(params.get("lon")).toFixed(5);
    }
  } else if (p.enum) {
    kind = "enum";
    input = el("select", { id });
    if (optional || p.default === undefined) input.appendChild(el("option", { value: "" }, "—"));
    for (const v of p.enum) input.appendChild(el("option", { value: v }, v));
    if (p.default !== undefined && p.default !== null) input.value = p.default;
  } else if (p.type === "boolean") {
    kind = "bool";
    input = el("input", { id, type: "checkbox" });
    input.checked = !!p.default;
  } else if (p.type === "number" || p.type === "integer") {
    kind = p.type;
    input = el("input", { id, type: "number", step: p.type === "integer" ? "1" : "any", inputmode: "decimal" });
    for (const [a, b] of [["minimum", "min"], ["maximum", "max"]]) if (p[a] !== undefined) input.setAttribute(b, p[a]);
    if (p.default !== undefined && p.default !== null) input.value = p.default;
  } else if (p.type === "array" && p.itemRef === "Position") {
    kind = "positions";
    input = el("textarea", { id, rows: "4", placeholder: "one position per line" });
  } else if (p.type === "array" && p.items && p.items.type === "string") {
    kind = "words";
    input = el("input", { id, type: "text", placeholder: "comma-separated" });
  } else if (p.type === "string" && p.format === "date-time") {
    kind = "datetime";
    input = el("input", { id, type: "text", placeholder: "2026-02-03T14:00:00Z" });
  } else if (p.type === "string") {
    kind = "text";
    input = key === "narrative" ? el("textarea", { id, rows: "3" }) : el("input", { id, type: "text" });
    if (p.default) input.value = p.default;
  } else {
    kind = "json";
    input = el("textarea", { id, rows: "3", placeholder: "JSON, e.g. " + (p.type === "array" ? "[{…}]" : "{…}") });
  }
  input.dataset.kind = kind;
  input.name = key;
  wrap.append(label, input, el("span", { class: "err", role: "alert" }));
  return wrap;
}

function render(key) {
  const f = FORMS[key];
  const box = document.getElementById("form-fields");
  box.textContent = "";
  const params = new URLSearchParams(window.location.search);
  const req = f.schema.required || [];
  for (const [k, prop] of Object.entries(f.schema.properties)) {
    if (SKIP.has(k)) continue;
    box.appendChild(fieldFor(f.schema, k, prop, req, params));
  }
}

function readForm() {
  const out = { form: document.getElementById("form-select").value };
  for (const input of document.querySelectorAll("#form-fields [data-kind]")) {
    const k = input.name, kind = input.dataset.kind, raw = (input.value || "").trim();
    if (kind === "bool") { out[k] = input.checked; continue; }
    if (!raw) continue;
    if (kind === "number" || kind === "integer") out[k] = Number(raw);
    else if (kind === "positions") out[k] = raw.split("\n").map((s) => s.trim()).filter(Boolean);
    else if (kind === "words") out[k] = raw.split(",").map((s) => s.trim()).filter(Boolean);
    else if (kind === "json") {
      try { out[k] = JSON.parse(raw); } catch (e) { throw Object.assign(new Error(k + ": not valid JSON"), { field: k }); }
    } else out[k] = raw;
  }
  return out;
}

function clearErrors() {
  for (const e of document.querySelectorAll("#form-fields .err")) e.textContent = "";
  for (const e of document.querySelectorAll("#form-fields .field.bad")) e.classList.remove("bad");
}

function showError(field, message) {
  const top = String(field || "").split(/[.[]/)[0];
  const box = document.querySelector('#form-fields .field[data-field="' + CSS.escape(top) + '"]');
  if (box) {
    box.classList.add("bad");
    box.querySelector(".err").textContent = message;
    box.querySelector("[data-kind]").focus();
  }
  document.getElementById("survey-status").textContent = message;
}

async function submit(ev) {
  ev.preventDefault();
  clearErrors();
  const status = document.getElementById("survey-status");
  let form;
  try { form = readForm(); } catch (e) { showError(e.field, e.message); return; }
  const rel = [...document.querySelectorAll("#rel-to input:checked")].map((i) => i.value);
  const body = { form, level: document.getElementById("level-select").value || null, rel_to: rel.length ? rel : null };
  status.textContent = "filing…";
  const r = await fetch("/api/surveys/forms", {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": CSRF }, body: JSON.stringify(body),
  });
  if (r.status === 401) { window.location.href = "/login"; return; }
  const data = await r.json();
  if (!r.ok) { showError(data.field, data.detail || ("HTTP " + r.status)); return; }
  status.textContent = "filed";
  const res = document.getElementById("survey-result");
  res.hidden = false;
  const what = data.visible_to_you === false ? "(marked beyond what you may read)" :
    data.marking + " — site " + data.site;
  document.getElementById("survey-result-text").textContent = "Survey " + data.id + " " + what;
  res.dataset.reportId = data.id;
  const link = document.getElementById("survey-sheet-link");
  link.href = "/api/surveys/" + data.id + "/sheet";
  link.hidden = data.visible_to_you === false;
}

async function init() {
  const [forms, mission] = await Promise.all([api("/api/survey-forms"), api("/api/mission")]);
  const sel = document.getElementById("form-select");
  for (const f of forms.forms) {
    FORMS[f.form] = f;
    sel.appendChild(el("option", { value: f.form }, f.title + " (" + f.form + ", v" + f.schema_version + ")"));
  }
  const params = new URLSearchParams(window.location.search);
  if (params.get("form") && FORMS[params.get("form")]) sel.value = params.get("form");
  sel.addEventListener("change", () => { clearErrors(); render(sel.value); });
  const lv = document.getElementById("level-select");
  for (const l of mission.levels) lv.appendChild(el("option", { value: l }, l));
  const rel = document.getElementById("rel-to");
  for (const n of mission.nations) {
    const lab = el("label", { class: "inline" });
    const box = el("input", { type: "checkbox", value: n, name: "rel_to" });
    lab.append(box, document.createTextNode(" " + n));
    rel.appendChild(lab);
  }
  render(sel.value);
  document.getElementById("survey-form").addEventListener("submit", submit);
  document.body.dataset.ready = "1";
}

document.addEventListener("DOMContentLoaded", () => { init().catch((e) => {
  document.getElementById("survey-status").textContent = "could not load the forms: " + e.message;
}); });
