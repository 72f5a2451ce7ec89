/* arcticrecon map: OpenLayers in EPSG:3413 (NSIDC polar stereographic north, proj4js),
 * APP-6 symbols with milsymbol, layers from the server's registry (/api/map/layers).
 * Every layer arrives as GeoJSON in EPSG:4326 with its marking; nothing is fetched from
 * another host (vendored libraries, no tiles unless the operator configured a map server). */
"use strict";

// EPSG:3413: WGS 84 / NSIDC Sea Ice Polar Stereographic North (EPSG registry; PROJ string)
proj4.defs("EPSG:3413", "+proj=stere +lat_0=90 +lat_ts=70 +lon_0=-45 +k=1 +x_0=0 +y_0=0 " +
  "+datum=WGS84 +units=m +no_defs +type=crs");
ol.proj.proj4.register(proj4);
const P3413 = ol.proj.get("EPSG:3413");
P3413.setExtent([-12400000, -12400000, 12400000, 12400000]);
//: Greenland with a margin [m] (the extent of the report's maps)
const GREENLAND_3413 = [-800000, -3500000, 950000, -550000];

const ArxMap = (() => {
  const layers = {};      // id -> {def, layer, marking, count}
  const symbolCache = {};
  const geojson = new ol.format.GeoJSON();
  let map = null, measureDraw = null, pickHandler = null, onSite = null;
  //: unavailable: why the chosen exercise has no ranking in the run ("" if it has one)
  const params = { run_id: "", exercise: "", month: "", unavailable: "" };

  function symbolStyle(sidc, fill, label, selected) {
    const key = sidc + fill + (selected ? "s" : "");
    if (!symbolCache[key]) {
      const sym = new ms.Symbol(sidc, { size: selected ? 22 : 16, fillColor: fill, fill: true,
        frame: true, outlineWidth: selected ? 4 : 0, outlineColor: "#d00000" });
      const c = sym.asCanvas(), a = sym.getAnchor();
      symbolCache[key] = new ol.style.Icon({ img: c, width: c.width, height: c.height,
        anchor: [a.x, a.y], anchorXUnits: "pixels", anchorYUnits: "pixels", declutterMode: "obstacle" });
    }
    return new ol.style.Style({ image: symbolCache[key], text: label ? new ol.style.Text({
      text: label, offsetY: -16, font: "11px sans-serif", fill: new ol.style.Fill({ color: "#111" }),
      stroke: new ol.style.Stroke({ color: "#fff", width: 3 }) }) : undefined });
  }

  function featureStyle(f) {
    const p = f.getProperties(), st = p.style || {};
    const sel = onSite && ArxMap.selected === f.getId();
    if (p.symbol && f.getGeometry().getType() === "Point") {
      const lab = p.icao || "";
      return symbolStyle(p.symbol, st.fill || "#80e0ff", lab, sel);
    }
    if (p.text) {
      return new ol.style.Style({ text: new ol.style.Text({ text: p.name, font: "bold 11px sans-serif",
        offsetY: 14, fill: new ol.style.Fill({ color: st.stroke || "#111" }),
        stroke: new ol.style.Stroke({ color: "#fff", width: 3 }) }) });
    }
    const stroke = new ol.style.Stroke({ color: st.stroke || "#333", width: st.stroke_width_px || 1,
      lineDash: st.dash ? [8, 5] : undefined });
    let fill;
    if (st.fill) {
      const c = ol.color.asArray(st.fill).slice();
      c[3] = st.fill_opacity ?? 0.25;
      fill = new ol.style.Fill({ color: c });
    }
    return new ol.style.Style({ stroke, fill });
  }

  /* A geodesic circle containing the pole arrives cut as RFC 7946 asks (edges along 180°
   * and 90°N); in polar stereographic those edges are a slit from the pole: drop them. */
  function uncutCircle(f) {
    const g = f.getGeometry();
    if (!f.get("circle_radius_m") || g.getType() !== "Polygon") return;
    const ring = g.getCoordinates()[0];
    if (!ring.some((c) => Math.abs(c[1]) >= 89.999999)) return;
    const kept = ring.filter((c) => Math.abs(c[1]) < 89.999999 && Math.abs(c[0]) < 179.999999);
    kept.push(kept[0]);
    f.setGeometry(new ol.geom.Polygon([kept]));
  }

  function url(def) {
    const u = new URL(def.url.replace("{run_id}", encodeURIComponent(params.run_id))
      .replace("{exercise}", encodeURIComponent(params.exercise))
      .replace("{month}", encodeURIComponent(params.month)), "http://map.invalid");
    for (const [k, v] of [...u.searchParams.entries()]) if (v === "") u.searchParams.delete(k);
    return u.pathname + u.search;
  }

  /* An image layer's answer: {marking, images: [{id, title, url, extent_3413_m: [xmin, ymin,
   * xmax, ymax], opacity?}]} (web/maplayers.py); each image is georeferenced by its extent in
   * EPSG:3413 metres and drawn as one ol.layer.Image in the layer's group. */
  function imageLayers(gj) {
    return (gj.images || []).map((im) => {
      const lyr = new ol.layer.Image({ opacity: im.opacity ?? 0.7, source: new ol.source.ImageStatic({
        url: im.url, imageExtent: im.extent_3413_m, projection: P3413, interpolate: false }) });
      lyr.set("id", im.id);
      lyr.set("title", im.title || im.id);
      return lyr;
    });
  }

  async function load(id) {
    const L = layers[id];
    if (!L || !L.def.available) return;
    if (params.unavailable && /\{exercise\}/.test(L.def.url)) {
      // the run does not rank this exercise (the API would answer 404): say so, draw nothing;
      // the sites stay as they are (their symbols do not depend on the exercise)
      if (id === "sites") return;
      L.error = params.unavailable;
      L.count = 0;
      if (L.def.kind === "image") L.layer.setLayers(new ol.Collection([]));
      else L.layer.getSource().clear(true);
      ArxMap.onLoaded && ArxMap.onLoaded(id, L);
      return;
    }
    let gj;
    try {
      gj = await api(url(L.def));
    } catch (e) { // a layer without data (e.g. no AIS store yet) says why and stays empty
      L.error = e.message;
      L.count = 0; // what it drew belongs to other parameters (e.g. the previous exercise)
      if (L.def.kind === "image") L.layer.setLayers(new ol.Collection([]));
      else L.layer.getSource().clear(true);
      ArxMap.onLoaded && ArxMap.onLoaded(id, L);
      return;
    }
    L.error = null;
    if (L.def.kind === "image") {
      const imgs = imageLayers(gj);
      L.marking = gj.marking || null;
      L.count = imgs.length;
      L.layer.setLayers(new ol.Collection(imgs));
      ArxMap.onLoaded && ArxMap.onLoaded(id, L);
      return;
    }
    const feats = geojson.readFeatures(gj);
    for (const f of feats) {
      uncutCircle(f);
      f.getGeometry().transform("EPSG:4326", "EPSG:3413");
      f.set("_layer", id);
    }
    L.marking = gj.marking || null;
    L.count = feats.length;
    const src = L.layer.getSource();
    src.clear(true);
    src.addFeatures(feats);
    ArxMap.onLoaded && ArxMap.onLoaded(id, L);
  }

  function makeLayer(def) {
    const opts = { source: new ol.source.Vector(), visible: def.visible && def.available,
      style: featureStyle, properties: { id: def.id } };
    if (def.id === "sites" || def.id === "findings" || def.id === "ranking") opts.declutter = def.id;
    if (def.id === "coastline") opts.zIndex = 0;
    else if (def.id === "graticule") opts.zIndex = 1;
    else if (def.id === "presence") opts.zIndex = 2;
    else if (def.id === "sites") opts.zIndex = 10;
    else opts.zIndex = 5;
    return new ol.layer.Vector(opts);
  }

  async function init(target, registry) {
    const view = new ol.View({ projection: P3413, center: [75000, -2000000], resolution: 2800,
      extent: [-4000000, -5500000, 4000000, 2500000], constrainOnlyCenter: true });
    map = new ol.Map({ target, view, layers: [], controls: ol.control.defaults.defaults({ attribution: false })
      .extend([new ol.control.ScaleLine({ units: "metric", minWidth: 120 })]) });
    const tile = document.querySelector('meta[name="tile-url"]').content;
    if (tile) { // operator's own EPSG:3413 GetMap template (ARCTICRECON_TILE_URL); never by default
      const [x0, y0, x1, y1] = GREENLAND_3413, w = 1024, h = Math.round(w * (y1 - y0) / (x1 - x0));
      const href = tile.replace("{bbox}", GREENLAND_3413.join(",")).replace("{width}", String(w))
        .replace("{height}", String(h));
      map.addLayer(new ol.layer.Image({ zIndex: -1, source: new ol.source.ImageStatic({ url: href,
        imageExtent: GREENLAND_3413, projection: P3413 }) }));
    }
    for (const def of registry) {
      if (def.kind !== "vector" && def.kind !== "image") continue;
      const layer = def.kind === "image" ? new ol.layer.Group({ zIndex: 0.5,
        visible: def.visible && def.available, properties: { id: def.id } }) : makeLayer(def);
      layers[def.id] = { def, layer, marking: null, count: 0 };
      map.addLayer(layers[def.id].layer);
    }
    view.fit(GREENLAND_3413, { size: map.getSize(), padding: [10, 10, 10, 10] });
    map.on("singleclick", onClick);
    map.on("pointermove", onMove);
    const visible = registry.filter((d) => d.available && d.visible && layers[d.id]).map((d) => d.id);
    await Promise.all(visible.map(load));
    return map;
  }

  function onClick(ev) {
    if (measureDraw) return;
    if (pickHandler) {
      const ll = ol.proj.toLonLat(ev.coordinate, P3413);
      pickHandler({ lat_deg: ll[1], lon_deg: ll[0], x_m: ev.coordinate[0], y_m: ev.coordinate[1] });
      return;
    }
    const f = pickAt(ev.pixel);
    if (f && onSite) onSite(f.get("icao"));
  }

  //: Which of overlapping symbols a click opens: airfields, then strips, reported sites,
  //: heliports, closed sites last (an open site is never hidden behind a closed neighbour).
  const KIND_RANK = { airport: 0, strip: 1, reported: 2, heliport: 3, closed: 4 };

  /* The site under a pixel: of all symbols within the hit tolerance, the best kind
   * (KIND_RANK), then the one nearest the pixel (not the one drawn last). */
  function pickAt(pixel) {
    const hits = [];
    map.forEachFeatureAtPixel(pixel, (x) => { if (x.get("icao")) hits.push(x); },
      { layerFilter: (l) => ["sites", "findings", "presence"].includes(l.get("id")), hitTolerance: 4 });
    const rank = (x) => KIND_RANK[x.get("closed") === true ? "closed" : x.get("kind")] ?? 2;
    const dist = (x) => {
      const g = x.getGeometry();
      if (g.getType() !== "Point") return Infinity;
      const p = map.getPixelFromCoordinate(g.getCoordinates());
      return Math.hypot(p[0] - pixel[0], p[1] - pixel[1]);
    };
    hits.sort((a, b) => rank(a) - rank(b) || dist(a) - dist(b));
    return hits[0] || null;
  }

  let coordTimer = null;
  function onMove(ev) {
    if (ev.dragging) return;
    const ll = ol.proj.toLonLat(ev.coordinate, P3413);
    ArxMap.showCoords(ll[1], ll[0]);
    clearTimeout(coordTimer);
    coordTimer = setTimeout(() => ArxMap.showGrid(ll[1], ll[0]), 400);
  }

  function setVisible(id, on) {
    const L = layers[id];
    if (!L) return;
    L.layer.setVisible(on);
    if (on && L.count === 0) load(id);
  }

  function setParams(p) {
    Object.assign(params, p);
    // every layer whose url follows the run, the exercise or the month (web/maplayers.py)
    const follows = (d) => /\{(run_id|exercise|month)\}/.test(d.url);
    return Promise.all(Object.keys(layers).filter((id) => follows(layers[id].def) &&
      (layers[id].layer.getVisible() || id === "sites")).map(load));
  }

  function startMeasure(done) {
    stopMeasure();
    const src = new ol.source.Vector();
    const lyr = new ol.layer.Vector({ source: src, zIndex: 50, style: new ol.style.Style({
      stroke: new ol.style.Stroke({ color: "#d00000", width: 2, lineDash: [6, 4] }) }) });
    lyr.set("id", "_measure");
    map.addLayer(lyr);
    measureDraw = new ol.interaction.Draw({ source: src, type: "LineString", maxPoints: 2 });
    measureDraw.on("drawend", (e) => {
      const [a, b] = e.feature.getGeometry().getCoordinates();
      done(ol.proj.toLonLat(a, P3413), ol.proj.toLonLat(b, P3413));
    });
    map.addInteraction(measureDraw);
    ArxMap.measureLayer = lyr;
  }
  function stopMeasure() {
    if (measureDraw) map.removeInteraction(measureDraw);
    if (ArxMap.measureLayer) map.removeLayer(ArxMap.measureLayer);
    measureDraw = null; ArxMap.measureLayer = null;
  }

  /* The view as one PNG (all layer canvases composed; OpenLayers export example). */
  function exportPng(filename) {
    map.once("rendercomplete", () => {
      const size = map.getSize(), out = document.createElement("canvas");
      out.width = size[0]; out.height = size[1];
      const ctx = out.getContext("2d");
      ctx.fillStyle = "#dbe9f4"; ctx.fillRect(0, 0, out.width, out.height);
      map.getViewport().querySelectorAll(".ol-layer canvas, canvas.ol-layer").forEach((c) => {
        if (c.width > 0) {
          const op = c.parentNode.style.opacity || c.style.opacity;
          ctx.globalAlpha = op === "" ? 1 : Number(op);
          const m = c.style.transform.match(/^matrix\(([^(]*)\)$/);
          if (m) ctx.setTransform(...m[1].split(",").map(Number));
          else ctx.setTransform(out.width / c.width, 0, 0, out.height / c.height, 0, 0);
          ctx.drawImage(c, 0, 0);
        }
      });
      ctx.globalAlpha = 1; ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.font = "bold 13px sans-serif"; ctx.fillStyle = "#7a0000";
      ctx.fillText(document.getElementById("map-marking").textContent, 8, 18);
      out.toBlob((blob) => {
        const a = document.createElement("a");
        a.href = URL.createObjectURL(blob); a.download = filename;
        document.body.appendChild(a); a.click(); a.remove();
        ArxMap.lastPng = blob;
      });
    });
    map.renderSync();
  }

  function nearestSite(x, y) {
    const L = layers.sites;
    if (!L) return null;
    const f = L.layer.getSource().getClosestFeatureToCoordinate([x, y]);
    return f ? { icao: f.get("icao"), d_m: Math.hypot(...f.getGeometry().getCoordinates().map((v, i) => v - [x, y][i])) } : null;
  }

  return { init, load, setVisible, pickAt, setParams, startMeasure, stopMeasure, exportPng, nearestSite,
    layers, params, selected: null, onLoaded: null, measureLayer: null, lastPng: null,
    showCoords: () => {}, showGrid: () => {},
    set onSite(fn) { onSite = fn; }, get map() { return map; },
    pick(fn) { pickHandler = fn; }, refresh() { for (const L of Object.values(layers)) L.layer.changed(); } };
})();
