/* The report folder's interactive map: the page's map.js over data embedded in
 * map-data.js (no server, no request). */
"use strict";

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
async function api(path) {
  const id = path.split("?")[0].split("/").pop();
  return window.ARX_DATA.layers[id];
}
function dms(v, hemis) {
  const h = v >= 0 ? hemis[0] : hemis[1];
  let t = Math.round(Math.abs(v) * 36000);
  const d = Math.floor(t / 36000); t -= d * 36000;
  const m = Math.floor(t / 600); const s = (t - m * 600) / 10;
  return d + "°" + String(m).padStart(2, "0") + "'" + s.toFixed(1).padStart(4, "0") + '"' + h;
}

document.addEventListener("DOMContentLoaded", async () => {
  const reg = window.ARX_DATA.registry;
  const panel = document.getElementById("layer-panel");
  for (const d of reg) {
    const lab = el("label");
    const cb = el("input", { type: "checkbox", "data-layer": d.id });
    cb.checked = d.visible;
    cb.addEventListener("change", () => ArxMap.setVisible(d.id, cb.checked));
    lab.appendChild(cb);
    lab.appendChild(document.createTextNode(" " + d.title));
    panel.appendChild(lab);
  }
  ArxMap.showCoords = (lat, lon) => {
    document.getElementById("coord-dd").textContent = lat.toFixed(5) + "°, " + lon.toFixed(5) + "°";
    document.getElementById("coord-dms").textContent = dms(lat, "NS") + " " + dms(lon, "EW");
  };
  await ArxMap.init("map", reg);
  document.body.dataset.ready = "1";
});
