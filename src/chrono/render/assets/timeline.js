/* chrono's timeline viewer: lanes, zoom from millennia to minutes, details on click.
 *
 * Reads the events from <script type="application/json" id="chrono-data"> (written by
 * chrono.render.html) and draws them into #chrono-chart. Every user string is set with
 * textContent; the one exception is a description, which the server made HTML with a Markdown
 * parser and cleaned with the nh3 sanitizer. The view (lanes, visible range, open event) lives in
 * the URL's #fragment, so a view can be shared; in an exported file the filters (actor, tag,
 * search, from, to) are applied here from the query string, on the server the server applies them.
 *
 * Time is seconds since 0001-01-01T00:00 of the events' own wall clocks, as chrono.render.chart
 * computes it; an event covers [t0, t1), the whole span its date can mean at its precision.
 */
(function () {
  "use strict";

  var DAY = 86400;
  var ROW = 34, BAR = 10, MIN_BAR = 2, LABEL_GAP = 10;
  var AGGREGATE_OVER = 400;
  var MIN_SPAN = 3600, MAX_SPAN = 2.2e8 * 365.2425 * DAY;  // an hour to chrono's whole range of years
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var STEPS = [];
  for (var e = 8; e >= 0; e--) [5, 2, 1].forEach(function (n) { if (n * Math.pow(10, e) <= 1e8) STEPS.push(["year", n * Math.pow(10, e)]); });
  STEPS = STEPS.concat([
    ["month", 6], ["month", 3], ["month", 1], ["day", 7], ["day", 1], ["hour", 12], ["hour", 6],
    ["hour", 3], ["hour", 1], ["minute", 30], ["minute", 15], ["minute", 10], ["minute", 5], ["minute", 1]
  ]);
  var APPROX = { year: 365.2425 * DAY, month: 30.44 * DAY, day: DAY, hour: 3600, minute: 60 };

  // --- time ------------------------------------------------------------------------------

  // Days since 1970-01-01 of a proleptic Gregorian date and back, for any year (H. Hinnant's
  // algorithms, as chrono.dates uses): JS dates stop at 271,821 years, chrono's do not.
  function daysFromCivil(y, m, d) {
    y -= m <= 2 ? 1 : 0;
    var era = Math.floor(y / 400), yoe = y - era * 400;
    var doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
    return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  }
  function civilFromDays(z) {
    z += 719468;
    var era = Math.floor(z / 146097), doe = z - era * 146097;
    var yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    var doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    var mp = Math.floor((5 * doy + 2) / 153), m = mp + (mp < 10 ? 3 : -9);
    return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, doy - Math.floor((153 * mp + 2) / 5) + 1];
  }
  function fromParts(y, m, d, h, mi) { return daysFromCivil(y, m, d) * DAY + (h || 0) * 3600 + (mi || 0) * 60; }
  function parts(seconds) {  // {y, m, d, h, mi} of a time, to the minute
    var days = Math.floor(seconds / DAY), rest = seconds - days * DAY, c = civilFromDays(days);
    return { y: c[0], m: c[1], d: c[2], h: Math.floor(rest / 3600), mi: Math.floor(rest % 3600 / 60) };
  }
  function yearLabel(y) { return y > 0 ? String(y) : (1 - y) + " BC"; }
  function pad(n, w) { var s = String(n); while (s.length < w) s = "0" + s; return s; }
  function iso(seconds) {
    var p = parts(Math.round(seconds));
    return (p.y < 0 ? "-" + pad(-p.y, 4) : pad(p.y, 4)) + "-" + pad(p.m, 2) + "-" + pad(p.d, 2) +
      "T" + pad(p.h, 2) + ":" + pad(p.mi, 2);
  }
  // A date at any precision (2024, 2024-10, 2024-10-07, 2024-10-07T12:00) as its [start, end).
  function parseSpan(text) {
    var m = /^(-?\d{4,})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}))?)?)?$/.exec((text || "").trim());
    if (!m) return null;
    var y = +m[1], mo = m[2] ? +m[2] : 0, d = m[3] ? +m[3] : 0;
    if (m[4]) { var t = fromParts(y, mo, d, +m[4], +m[5]); return [t, t + 60]; }
    if (d) { var s = fromParts(y, mo, d); return [s, s + DAY]; }
    if (mo) return [fromParts(y, mo, 1), mo === 12 ? fromParts(y + 1, 1, 1) : fromParts(y, mo + 1, 1)];
    return [fromParts(y, 1, 1), fromParts(y + 1, 1, 1)];
  }

  function ticks(v0, v1, width, minGap) {
    var span = Math.max(v1 - v0, 1), chosen = STEPS[0];
    for (var i = 0; i < STEPS.length; i++) {
      if (APPROX[STEPS[i][0]] * STEPS[i][1] / span * width < minGap) break;
      chosen = STEPS[i];
    }
    var unit = chosen[0], step = chosen[1], out = [], first = parts(v0), t, y, m, guard = 0;
    if (unit === "year") {
      for (y = Math.floor(first.y / step) * step; guard++ < 500; y += step) {
        t = fromParts(y, 1, 1);
        if (t >= v1) break;
        if (t >= v0) out.push({ t: t, label: yearLabel(y), unit: unit, step: step });
      }
    } else if (unit === "month") {
      for (y = first.y, m = first.m; guard++ < 500;) {
        t = fromParts(y, m, 1);
        if (t >= v1) break;
        if ((m - 1) % step === 0 && t >= v0) out.push({ t: t, label: MONTHS[m - 1] + " " + yearLabel(y), unit: unit, step: step });
        if (m === 12) { y++; m = 1; } else { m++; }
      }
    } else if (unit === "day") {
      for (t = fromParts(first.y, first.m, first.d); t < v1 && guard++ < 500; t += DAY) {
        var d = parts(t);
        if (t >= v0 && (step === 1 || [1, 8, 15, 22].indexOf(d.d) >= 0)) {
          out.push({ t: t, label: d.d + " " + MONTHS[d.m - 1] + " " + yearLabel(d.y), unit: unit, step: step });
        }
      }
    } else {
      var size = (unit === "hour" ? 3600 : 60) * step;
      for (t = Math.ceil(v0 / size) * size; t < v1 && guard++ < 500; t += size) {
        var dd = parts(t), clock = pad(dd.h, 2) + ":" + pad(dd.mi, 2), day = dd.d + " " + MONTHS[dd.m - 1];
        out.push({ t: t, label: (clock === "00:00" || !out.length) ? day + " " + clock : clock, unit: unit, step: step, day: day });
      }
    }
    return out;
  }

  // --- data and state ---------------------------------------------------------------------

  var data = JSON.parse(document.getElementById("chrono-data").textContent);
  var chart = document.getElementById("chrono-chart");
  var detail = document.getElementById("chrono-detail");
  var status = document.getElementById("chrono-status");
  var events = data.events;
  var byId = {};
  events.forEach(function (e) { byId[e.id] = e; });
  var query = new URLSearchParams(window.location.search);
  if (data.filter === "client") events = events.filter(clientFilter(query));

  var state = readHash();
  var measure = document.createElement("canvas").getContext("2d");

  function fold(text) {
    return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // The feed filters, for a file without a server: actor and tag by name (all of several),
  // text in title, description or location, and the range overlapping from..to.
  function clientFilter(q) {
    var actors = q.getAll("actor").map(fold), tags = q.getAll("tag").map(fold);
    var words = fold(q.get("search")).split(/\s+/).filter(Boolean);
    var from = parseSpan(q.get("from")), to = parseSpan(q.get("to"));
    return function (e) {
      var mine = e.actors.map(function (a) { return fold(a[0]); });
      var myTags = e.tags.map(fold);
      if (!actors.every(function (a) { return mine.indexOf(a) >= 0; })) return false;
      if (!tags.every(function (t) { return myTags.indexOf(t) >= 0; })) return false;
      var text = fold([e.title, e.text, e.location].join("\n"));
      if (!words.every(function (w) { return text.indexOf(w) >= 0; })) return false;
      if (from && e.t1 <= from[0]) return false;
      if (to && e.t0 >= to[1]) return false;
      return true;
    };
  }

  function fullRange() {
    if (!events.length) { var now = fromParts(2000, 1, 1); return [now, now + 365 * DAY]; }
    var lo = Infinity, hi = -Infinity;
    events.forEach(function (e) { if (e.t0 < lo) lo = e.t0; if (e.t1 > hi) hi = e.t1; });
    var padding = Math.max((hi - lo) / 40, 60);
    return [lo - padding, hi + padding];
  }

  function readHash() {
    var h = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    var lanes = h.get("lanes");
    var s = {
      lanes: ["none", "actor", "tag"].indexOf(lanes) >= 0 ? lanes : data.lanes,
      view: fullRange(), event: h.get("event")
    };
    var view = (h.get("view") || "").split("/");
    if (view.length === 2) {
      var a = parseSpan(view[0]), b = parseSpan(view[1]);
      if (a && b && b[0] > a[0]) s.view = [a[0], b[0]];
    }
    return s;
  }

  function writeHash() {
    var h = new URLSearchParams();
    if (state.lanes !== data.lanes) h.set("lanes", state.lanes);
    var full = fullRange();
    if (Math.abs(state.view[0] - full[0]) > 1 || Math.abs(state.view[1] - full[1]) > 1) {
      h.set("view", iso(state.view[0]) + "/" + iso(state.view[1]));
    }
    if (state.event) h.set("event", state.event);
    var text = h.toString();
    history.replaceState(null, "", window.location.pathname + window.location.search + (text ? "#" + text : ""));
  }

  // --- drawing ----------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function laneOf(e) {
    if (state.lanes === "actor") return e.actors.length ? e.actors[0][0] : "No actor";
    if (state.lanes === "tag") return e.tags.length ? e.tags[0] : "No tag";
    return "All events";
  }

  function lanes(list) {
    var groups = {}, names = [];
    list.forEach(function (e) {
      var name = laneOf(e);
      if (!groups[name]) { groups[name] = []; names.push(name); }
      groups[name].push(e);
    });
    var rest = { actor: "No actor", tag: "No tag" }[state.lanes];
    names.sort(function (a, b) {
      if ((a === rest) !== (b === rest)) return a === rest ? 1 : -1;
      return groups[b].length - groups[a].length || (a < b ? -1 : a > b ? 1 : 0);
    });
    return names.map(function (name, i) { return { name: name, events: groups[name], colour: i % 8 }; });
  }

  function labelOf(e) {
    var text = e.title.replace(/\s+/g, " ");
    if (e.uncertain) text += " ?";
    if (e.status !== "confirmed") text += " (" + e.status + ")";
    return text;
  }

  function draw() {
    var width = chart.clientWidth;
    var v0 = state.view[0], v1 = state.view[1], scale = width / (v1 - v0);
    var x = function (t) { return (t - v0) * scale; };
    var font = window.getComputedStyle(chart).font;
    measure.font = "13px " + (window.getComputedStyle(chart).fontFamily || "sans-serif");
    if (font) measure.font = font;
    chart.textContent = "";

    var axis = el("div", "axis");
    var tickList = ticks(v0, v1, width, 90), dated = false;
    tickList.forEach(function (tick) {
      var at = x(tick.t), shown = at >= 24 && at <= width - 24, label = tick.label;
      if (shown && tick.day && !dated && label.indexOf(" ") < 0) label = tick.day + " " + label;  // say the day once
      if (shown && tick.day) dated = true;
      var node = el("div", "tick", shown ? label : "");
      node.dataset.t = String(tick.t);
      node.dataset.date = iso(tick.t);
      node.style.left = at + "px";
      axis.appendChild(node);
    });
    chart.appendChild(axis);

    var visible = events.filter(function (e) {
      return (e.open === "end" || e.t1 > v0) && (e.open === "start" || e.t0 < v1);
    });
    var aggregate = visible.length > AGGREGATE_OVER;
    var body = el("div", "lanes");
    var grid = el("div", "grid");
    tickList.forEach(function (tick) {
      var line = el("div", "gridline");
      line.style.left = x(tick.t) + "px";
      grid.appendChild(line);
    });
    body.appendChild(grid);

    lanes(visible).forEach(function (lane) {
      var section = el("section", "lane c" + lane.colour);
      section.dataset.lane = lane.name;
      if (state.lanes !== "none") section.appendChild(el("h3", "lane-name", lane.name + " · " + lane.events.length));
      var track = el("div", "track");
      var rows = aggregate ? drawBins(track, lane.events, tickList, x, v0, v1) : drawEvents(track, lane.events, x, width);
      track.style.height = rows * ROW + "px";
      section.appendChild(track);
      body.appendChild(section);
    });
    chart.appendChild(body);
    var shown = count(visible.length) + " of " + count(events.length) + " event" + (events.length === 1 ? "" : "s") + " in view";
    if (aggregate) {
      var t0 = tickList[0], period = t0 ? (t0.step === 1 ? t0.unit : t0.step + " " + t0.unit + "s") : "period";
      shown += ", counted by " + period + ": zoom in or click a bar to see them";
    }
    if (events.length) status.textContent = shown;
    else if (data.events.length) status.textContent = "No events match.";
    writeHash();
  }

  function count(n) { return n.toLocaleString("en"); }

  function drawEvents(track, list, x, width) {
    var placed = list.map(function (e) {
      // An open interval ("since 2014", "until 2014") runs on to the edge of the view.
      var left = e.open === "start" ? Math.min(-4, x(e.t1)) : x(e.t0);
      var right = e.open === "end" ? Math.max(width + 4, x(e.t0)) : x(e.t1), point = e.instant;
      var label = labelOf(e);
      var labelWidth = Math.min(measure.measureText(label).width + 4, width);  // longer: cut with "…"
      var barLeft = Math.max(left, -4), barWidth = point ? 0 : Math.max(right - left, MIN_BAR);
      // A label that would run off the right edge ends where its event ends instead.
      var labelLeft = Math.max(left, 0);
      if (labelLeft + labelWidth > width) labelLeft = Math.min(left + (point ? 6 : barWidth), width) - labelWidth;
      labelLeft = Math.max(labelLeft, 0);
      return {
        e: e, left: left, width: barWidth, label: label, labelLeft: labelLeft,
        from: Math.min(barLeft, labelLeft) - (point ? 6 : 0),
        to: Math.max(Math.min(left + barWidth, width), labelLeft + labelWidth) + (point ? 6 : 0)
      };
    });
    var order = placed.slice().sort(function (a, b) { return a.from - b.from || a.to - b.to; });
    var ends = [];
    order.forEach(function (p) {
      for (var r = 0; r < ends.length; r++) {
        if (ends[r] + LABEL_GAP <= p.from) { ends[r] = p.to; p.row = r; return; }
      }
      p.row = ends.length; ends.push(p.to);
    });
    placed.forEach(function (p) {
      var e = p.e;
      var node = el("button", "event " + e.precision);
      node.type = "button";
      if (e.approximate) node.classList.add("approximate");
      if (e.uncertain) node.classList.add("uncertain");
      if (e.instant) node.classList.add("instant");
      if (e.open) node.classList.add("open-" + e.open);
      if (e.status !== "confirmed") node.classList.add(e.status);
      if (state.event === e.id) node.classList.add("selected");
      node.dataset.id = e.id;
      node.title = e.date + " — " + e.title;
      node.style.top = p.row * ROW + "px";
      var bar = el("span", "bar");
      bar.style.left = p.left + "px";
      if (!e.instant) bar.style.width = p.width + "px";
      var label = el("span", "label", p.label);
      label.style.left = p.labelLeft + "px";
      label.style.maxWidth = width + "px";
      node.appendChild(bar);
      node.appendChild(label);
      node.addEventListener("click", function () { open(e.id); });
      track.appendChild(node);
    });
    return Math.max(ends.length, 1);
  }

  // Far out, a lane shows how many events fall in each period between two ticks, not the events.
  function drawBins(track, list, tickList, x, v0, v1) {
    var edges = [v0].concat(tickList.map(function (t) { return t.t; })).concat([v1]);
    var counts = edges.slice(1).map(function () { return 0; });
    list.forEach(function (e) {
      var mid = Math.max(Math.min((e.t0 + e.t1) / 2, v1 - 1), v0);
      for (var i = 0; i < counts.length; i++) if (mid < edges[i + 1]) { counts[i]++; break; }
    });
    var most = Math.max.apply(null, counts.concat([1]));
    counts.forEach(function (n, i) {
      if (!n) return;
      var node = el("button", "bin");
      node.type = "button";
      node.dataset.count = String(n);
      node.title = n + " event" + (n === 1 ? "" : "s") + ": click to zoom in";
      var left = Math.max(x(edges[i]), 0), right = x(edges[i + 1]);
      node.style.left = left + 1 + "px";
      node.style.width = Math.max(right - left - 2, 2) + "px";
      var fill = el("span", "fill");
      fill.style.height = Math.max(4, Math.round((ROW - 12) * n / most)) + "px";
      node.appendChild(fill);
      node.appendChild(el("span", "count", String(n)));
      node.addEventListener("click", function () { zoomTo(edges[i], edges[i + 1]); });
      track.appendChild(node);
    });
    return 1;
  }

  // --- detail -----------------------------------------------------------------------------

  // The event's media: a picture (or the thumbnail of anything else) from the URL given, a link to
  // what is not a picture, the caption and credit as text.
  function mediaFigure(m) {
    var figure = el("figure", "media");
    var picture = m.image ? m.url : m.thumbnail;
    var link = el("a");
    link.href = m.url;
    link.rel = "noopener noreferrer";
    if (picture) {
      var img = el("img");
      img.src = picture;
      img.alt = m.alt || "";
      img.loading = "lazy";
      img.referrerPolicy = "no-referrer";
      link.appendChild(img);
    } else {
      link.textContent = m.alt || m.caption || m.url;
    }
    figure.appendChild(link);
    if (m.caption || m.credit) {
      var caption = el("figcaption", "", m.caption || "");
      if (m.credit) caption.appendChild(el("span", "credit", (m.caption ? " " : "") + "(" + m.credit + ")"));
      figure.appendChild(caption);
    }
    return figure;
  }

  function open(id) {
    var e = byId[id];
    if (!e) return;
    state.event = id;
    detail.textContent = "";
    var close = el("button", "close", "Close");
    close.type = "button";
    close.addEventListener("click", shut);
    detail.appendChild(close);
    detail.appendChild(el("p", "when", e.date));
    var heading = el("h2", "", e.title);
    heading.id = "chrono-detail-title";
    detail.appendChild(heading);
    var facts = el("p", "facts", e.known +
      (e.approximate ? ", approximate" : "") + (e.uncertain ? ", uncertain" : ""));
    detail.appendChild(facts);
    if (e.status !== "confirmed") detail.appendChild(el("p", "status " + e.status, "Status: " + e.status));
    if (e.html) {
      var text = el("div", "description");
      text.innerHTML = e.html;  // Markdown made HTML and sanitized by the server (nh3)
      detail.appendChild(text);
    }
    if (e.media) detail.appendChild(mediaFigure(e.media));
    if (e.location) detail.appendChild(el("p", "location", "Location: " + e.location));
    if (e.coordinates) detail.appendChild(el("p", "coordinates", "Coordinates: " + e.coordinates));
    if (e.quantities && e.quantities.length) {
      detail.appendChild(el("h3", "", "Quantities"));
      var quantities = el("ul", "quantities");
      e.quantities.forEach(function (q) { quantities.appendChild(el("li", "", q)); });
      detail.appendChild(quantities);
    }
    if (e.ids && e.ids.length) {
      detail.appendChild(el("p", "ids", "External ids: " + e.ids.map(function (i) { return i[0] + " " + i[1]; }).join(", ")));
    }
    if (e.actors.length) {
      detail.appendChild(el("h3", "", "Actors"));
      var actors = el("ul", "actors");
      e.actors.forEach(function (a) {
        var item = el("li", "", a[0]);
        if (a[1]) item.appendChild(el("span", "role", " — " + a[1]));
        actors.appendChild(item);
      });
      detail.appendChild(actors);
    }
    if (e.tags.length) detail.appendChild(el("p", "tags", "Tags: " + e.tags.join(", ")));
    if (e.sources.length) {
      detail.appendChild(el("h3", "", "Sources"));
      var sources = el("ul", "sources");
      e.sources.forEach(function (s) {
        var item = el("li");
        if (s.url) {
          var link = el("a", "", s.label);
          link.href = s.url;
          link.rel = "noopener noreferrer";
          item.appendChild(link);
        } else {
          item.appendChild(el("span", "", s.label));
        }
        if (s.extra) item.appendChild(el("span", "extra", " (" + s.extra + ")"));
        if (s.archive) {
          item.appendChild(document.createTextNode(" "));
          var archived = el("a", "", "[archived]");
          archived.href = s.archive;
          archived.rel = "noopener noreferrer";
          item.appendChild(archived);
        }
        if (s.quote) item.appendChild(el("blockquote", "", s.quote));
        sources.appendChild(item);
      });
      detail.appendChild(sources);
    }
    detail.hidden = false;
    markSelected();
    writeHash();
    close.focus({ preventScroll: true });
  }

  function shut() {
    detail.hidden = true;
    var id = state.event;
    state.event = null;
    markSelected();
    writeHash();
    var node = id && chart.querySelector('.event[data-id="' + CSS.escape(id) + '"]');
    if (node) node.focus({ preventScroll: true });
  }

  function markSelected() {
    Array.prototype.forEach.call(chart.querySelectorAll(".event"), function (node) {
      node.classList.toggle("selected", node.dataset.id === state.event);
    });
  }

  // --- zoom and pan -----------------------------------------------------------------------

  function zoomTo(a, b) {
    var span = Math.min(Math.max(b - a, MIN_SPAN), MAX_SPAN), mid = (a + b) / 2;
    state.view = [mid - span / 2, mid + span / 2];
    draw();
  }

  function zoom(factor, at) {
    var v0 = state.view[0], v1 = state.view[1];
    var centre = at === undefined ? (v0 + v1) / 2 : at;
    zoomTo(centre - (centre - v0) * factor, centre + (v1 - centre) * factor);
  }

  function pan(fraction) {
    var span = state.view[1] - state.view[0];
    zoomTo(state.view[0] + span * fraction, state.view[1] + span * fraction);
  }

  function timeAt(clientX) {
    var box = chart.getBoundingClientRect();
    return state.view[0] + (clientX - box.left) / box.width * (state.view[1] - state.view[0]);
  }

  document.getElementById("chrono-zoom-in").addEventListener("click", function () { zoom(0.5); });
  document.getElementById("chrono-zoom-out").addEventListener("click", function () { zoom(2); });
  document.getElementById("chrono-fit").addEventListener("click", function () {
    var r = fullRange(); state.view = r; draw();
  });
  document.getElementById("chrono-earlier").addEventListener("click", function () { pan(-0.4); });
  document.getElementById("chrono-later").addEventListener("click", function () { pan(0.4); });
  Array.prototype.forEach.call(document.querySelectorAll('input[name="chrono-lanes"]'), function (input) {
    input.checked = input.value === state.lanes;
    input.addEventListener("change", function () { state.lanes = input.value; draw(); });
  });

  // Ctrl+wheel (and a trackpad pinch) zooms where the pointer is; a plain wheel scrolls the page.
  chart.addEventListener("wheel", function (ev) {
    if (ev.ctrlKey || ev.metaKey) {
      ev.preventDefault();
      zoom(ev.deltaY > 0 ? 1.25 : 0.8, timeAt(ev.clientX));
    } else if (Math.abs(ev.deltaX) > Math.abs(ev.deltaY)) {
      ev.preventDefault();
      pan(ev.deltaX / chart.clientWidth);
    }
  }, { passive: false });
  chart.addEventListener("dblclick", function (ev) {
    if (!ev.target.closest(".event")) zoom(0.5, timeAt(ev.clientX));
  });
  // Drag to move; two fingers pinch to zoom. Redraws are coalesced to one per frame.
  var pointers = {}, drag = null, pinch = null, frame = 0;
  function later() { cancelAnimationFrame(frame); frame = requestAnimationFrame(draw); }
  function touching() { return Object.keys(pointers).map(function (k) { return pointers[k]; }); }
  chart.addEventListener("pointerdown", function (ev) {
    pointers[ev.pointerId] = ev.clientX;
    var xs = touching();
    if (xs.length === 2) {
      drag = null;
      pinch = { gap: Math.abs(xs[0] - xs[1]) || 1, at: timeAt((xs[0] + xs[1]) / 2), view: state.view.slice() };
    } else if (xs.length === 1 && !ev.target.closest(".event, .bin")) {
      drag = { x: ev.clientX, view: state.view.slice() };
    }
  });
  window.addEventListener("pointermove", function (ev) {
    if (!(ev.pointerId in pointers)) return;
    pointers[ev.pointerId] = ev.clientX;
    var xs = touching();
    if (pinch && xs.length === 2) {
      var factor = pinch.gap / (Math.abs(xs[0] - xs[1]) || 1), v = pinch.view;
      var span = Math.min(Math.max((v[1] - v[0]) * factor, MIN_SPAN), MAX_SPAN);
      var share = (pinch.at - v[0]) / (v[1] - v[0]);
      state.view = [pinch.at - share * span, pinch.at + (1 - share) * span];
      later();
    } else if (drag) {
      var dx = ev.clientX - drag.x;
      if (Math.abs(dx) < 3) return;
      var width = drag.view[1] - drag.view[0], shift = -dx / chart.clientWidth * width;
      state.view = [drag.view[0] + shift, drag.view[1] + shift];
      later();
    }
  });
  function release(ev) {
    delete pointers[ev.pointerId];
    if (touching().length < 2) pinch = null;
    if (!touching().length) drag = null;
  }
  window.addEventListener("pointerup", release);
  window.addEventListener("pointercancel", release);
  chart.addEventListener("keydown", function (ev) {
    if (ev.key === "+" || ev.key === "=") zoom(0.5);
    else if (ev.key === "-") zoom(2);
    else if (ev.key === "ArrowLeft" && ev.shiftKey) pan(-0.2);
    else if (ev.key === "ArrowRight" && ev.shiftKey) pan(0.2);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && !detail.hidden) shut();
  });

  window.addEventListener("resize", later);

  draw();
  if (state.event && byId[state.event]) open(state.event);
})();
