/* typfrage self-assessment page: asks the questions of a typology and */
/* assigns the answers exactly as typfrage's predict() does (the model, */
/* written by self_assessment(), is the JSON in #typfrage-model). */
(function () {
  "use strict";
  var M = JSON.parse(document.getElementById("typfrage-model").textContent);
  var S = M.strings;
  var P = M.items.length;
  var invalid = [];

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function fmt(s) {
    var args = Array.prototype.slice.call(arguments, 1), i = 0;
    return s.replace(/%[sd]/g, function () { return String(args[i++]); });
  }
  function num(v, d) {
    var s = (Math.round(v * Math.pow(10, d)) / Math.pow(10, d) + 0).toFixed(d);
    return M.lang === "de" ? s.replace(".", ",") : s;
  }
  function pct(v, d) { return num(100 * v, d) + (M.lang === "de" ? "\u00a0%" : "%"); }
  function typeTitle(t) {
    var n = M.types[t - 1].name, def = fmt(S.type_n, t);
    return n === def ? n : def + ": " + n;
  }

  /* --- the assignment (predict()'s rules) --- */

  /* assign_nearest() of the core (assign.hpp): distances of the point x */
  /* (fitted scale, NaN = unanswered) to every prototype, ties to the */
  /* prototype of smallest priority. */
  function squared4(a, b) {
    var s0 = 0, s1 = 0, s2 = 0, s3 = 0, f = 0, p = a.length;
    for (; f + 4 <= p; f += 4) {
      var d0 = a[f] - b[f], d1 = a[f + 1] - b[f + 1], d2 = a[f + 2] - b[f + 2], d3 = a[f + 3] - b[f + 3];
      s0 += d0 * d0; s1 += d1 * d1; s2 += d2 * d2; s3 += d3 * d3;
    }
    for (; f < p; ++f) { var d = a[f] - b[f]; s0 += d * d; }
    return (s0 + s1) + (s2 + s3);
  }
  function gowerDist(a, b) {
    var num = 0, den = 0, g = M.gower;
    for (var f = 0; f < a.length; ++f) {
      if (isNaN(a[f]) || isNaN(b[f])) continue;
      var w = g.weight[f], d;
      if (g.nominal[f]) d = a[f] === b[f] ? 0 : 1;
      else d = g.range[f] > 0 ? Math.abs(a[f] - b[f]) / g.range[f] : 0;
      num += w * d; den += w;
    }
    return den > 0 ? num / den : NaN;
  }
  function nearest(x, protos, metric, priority) {
    var p = x.length, used = 0;
    for (var f = 0; f < p; ++f) if (!isNaN(x[f])) ++used;
    var complete = used === p;
    var factor = !complete && metric !== "gower" ? p / used : 1;
    var best = -1, bestD = 0, dist = [];
    for (var j = 0; j < protos.length; ++j) {
      var proto = protos[j], d;
      if (metric === "gower") {
        d = gowerDist(proto, x);
      } else if (complete && metric === "euclidean") {
        d = Math.sqrt(squared4(proto, x));
      } else if (complete && metric === "manhattan") {
        d = 0;
        for (f = 0; f < p; ++f) d += Math.abs(proto[f] - x[f]);
      } else {
        var s = 0;
        for (f = 0; f < p; ++f) {
          if (isNaN(x[f])) continue;
          var diff = x[f] - proto[f];
          s += metric === "manhattan" ? Math.abs(diff) : diff * diff;
        }
        s *= factor;
        d = metric === "euclidean" ? Math.sqrt(s) : s;
      }
      dist.push(d);
      var pr = priority ? priority[j] : j, pb = priority && best >= 0 ? priority[best] : best;
      if (best < 0 || d < bestD || (d === bestD && pr < pb)) { best = j; bestD = d; }
    }
    return { best: best, dist: dist };
  }

  /* predict(type = "prob") of a centre method: fuzzy memberships (m = 2). */
  function memberships(dist, metric) {
    var d = dist.map(function (v) { return metric === "sqeuclidean" ? v : v * v; });
    var on = d.map(function (v) { return v === 0; });
    var hits = on.filter(Boolean).length;
    var u = hits > 0 ? on.map(function (b) { return b ? 1 / hits : 0; })
                     : d.map(function (v) { return 1 / v; });
    var s = u.reduce(function (a, b) { return a + b; }, 0);
    return u.map(function (v) { return v / s; });
  }

  /* The latent class posterior (lca.hpp's E-step): class shares times the */
  /* response probabilities of the answered items, rescaled by 2^600 when */
  /* small, in log space when tiny. */
  function lcaPosterior(raw) {
    var k = M.k, L = M.lca, acc = L.shares.slice(), slow = false;
    var tiny = Math.pow(2, -600), danger = Math.pow(2, -900), scale = Math.pow(2, 600);
    for (var j = 0; j < P && !slow; ++j) {
      if (isNaN(raw[j])) continue;
      var m = raw[j] - 1, mx = 0;
      for (var c = 0; c < k; ++c) { acc[c] *= L.probs[j][c][m]; if (acc[c] > mx) mx = acc[c]; }
      if (mx < tiny) {
        if (mx < danger) { slow = true; break; }
        for (c = 0; c < k; ++c) acc[c] *= scale;
      }
    }
    var safeLog = function (v) { return v > 1e-300 ? Math.log(v) : -690.7755278982137; };
    if (slow) {
      for (c = 0; c < k; ++c) acc[c] = safeLog(L.shares[c]);
      for (j = 0; j < P; ++j) {
        if (isNaN(raw[j])) continue;
        for (c = 0; c < k; ++c) acc[c] += safeLog(L.probs[j][c][raw[j] - 1]);
      }
      var top = Math.max.apply(null, acc);
      acc = acc.map(function (v) { return Math.exp(v - top); });
    }
    var s = 0;
    for (c = 0; c < k; ++c) s += acc[c];
    if (slow) return acc.map(function (v) { return v / s; });
    var inv = 1 / s;
    return acc.map(function (v) { return v * inv; });
  }

  /* The type of one set of answers (raw codes, NaN = unanswered): null when */
  /* predict() gives none, else {type, closeness, used}. */
  function classify(raw) {
    var used = raw.filter(function (v) { return !isNaN(v); }).length;
    if (used === 0) return null;
    if (!M.available && used < P) return null;
    if (M.metric === "lca") {
      var post = lcaPosterior(raw), best = 0;
      for (var c = 1; c < M.k; ++c) if (post[c] > post[best]) best = c;
      return { type: best + 1, closeness: post, used: used };
    }
    var x = raw.map(function (a, j) {
      return isNaN(a) ? NaN : (M.standardize ? (a - M.center[j]) / M.scale[j] : a);
    });
    var a = nearest(x, M.prototypes, M.metric, M.tie_priority);
    var type = a.best + 1;
    if (M.ward) type = M.ward.cluster[nearest(x, M.ward.rows, "sqeuclidean", null).best];
    return { type: type, closeness: memberships(a.dist, M.metric), used: used };
  }

  /* --- answers: the address and the form --- */

  function parseAnswer(item, str) {
    if (str === null || str === undefined || String(str).trim() === "") return NaN;
    var v = Number(String(str).trim());
    if (!isFinite(v)) return null;
    if (item.continuous) return v >= item.min && v <= item.max ? v : null;
    return item.values.indexOf(v) >= 0 ? v : null;
  }
  function readForm() {
    return M.items.map(function (item) {
      if (item.continuous) {
        var v = parseAnswer(item, $("q-" + item.name).value);
        return v === null ? NaN : v;
      }
      var c = document.querySelector("input[name='" + item.name + "']:checked");
      return c ? Number(c.value) : NaN;
    });
  }
  function setAnswer(item, v) {
    if (item.continuous) { $("q-" + item.name).value = isNaN(v) ? "" : String(v); return; }
    var inputs = document.querySelectorAll("input[name='" + item.name + "']");
    for (var i = 0; i < inputs.length; ++i) inputs[i].checked = Number(inputs[i].value) === v;
  }
  /* Read the answers from the address (or from `search`, a query string
     such as "?goal_legal=5", read exactly as the address would be). */
  function fromURL(search) {
    var q = new URLSearchParams(search === undefined ? window.location.search : search);
    invalid = [];
    M.items.forEach(function (item) {
      var v = parseAnswer(item, q.get(item.name));
      if (v === null) { invalid.push(item.name + "=" + q.get(item.name)); v = NaN; }
      setAnswer(item, v);
    });
    return update();
  }

  /* --- the page --- */

  function buildForm() {
    var box = $("typfrage-items");
    M.items.forEach(function (item) {
      var fs = el("fieldset");
      fs.appendChild(el("legend", null, item.label));
      if (item.continuous) {
        var inp = el("input");
        inp.type = "number"; inp.id = "q-" + item.name; inp.min = item.min; inp.max = item.max; inp.step = "any";
        inp.addEventListener("input", onEdit);
        fs.appendChild(inp);
      } else {
        var sc = el("div", "scale");
        item.values.forEach(function (v, i) {
          var lab = el("label"), r = el("input");
          r.type = "radio"; r.name = item.name; r.value = String(v);
          r.addEventListener("change", onEdit);
          lab.appendChild(r);
          lab.appendChild(el("span", "code", item.codes_shown[i]));
          if (item.value_labels[i] && item.value_labels[i] !== item.codes_shown[i]) {
            lab.appendChild(el("span", "vl", item.value_labels[i]));
          }
          sc.appendChild(lab);
        });
        fs.appendChild(sc);
      }
      box.appendChild(fs);
    });
  }
  function onEdit() { invalid = []; update(); }

  function linkFor(raw) {
    var q = new URLSearchParams();
    M.items.forEach(function (item, j) { if (!isNaN(raw[j])) q.set(item.name, String(raw[j])); });
    return "?" + q.toString();
  }

  function renderProfile(box, t, raw) {
    var type = M.types[t - 1], prof = el("div", "profile");
    M.profile_items.forEach(function (name, j) {
      var lo = M.profile_min[j], hi = M.profile_max[j], span = hi > lo ? hi - lo : 1;
      var pos = function (v) { return (100 * (v - lo) / span).toFixed(2) + "%"; };
      prof.appendChild(el("div", null, M.profile_labels[j]));
      var tr = el("div", "track"), o = el("span", "o"), m = el("span", "m");
      o.style.left = pos(M.overall[j]);
      m.style.left = pos(type.means[j]); m.style.background = type.colour;
      m.title = num(type.means[j], 2);
      tr.appendChild(o); tr.appendChild(m);
      var q = M.items.map(function (it) { return it.name; }).indexOf(name);
      if (q >= 0 && !isNaN(raw[q])) {
        var a = el("span", "a"); a.style.left = pos(raw[q]); a.title = String(raw[q]); tr.appendChild(a);
      }
      prof.appendChild(tr);
    });
    var same = M.profile_min.every(function (v, j) {
      return v === M.profile_min[0] && M.profile_max[j] === M.profile_max[0];
    });
    if (same) {
      var axis = el("div", "axis");
      axis.appendChild(el("span", null, num(M.profile_min[0], 0)));
      axis.appendChild(el("span", null, num(M.profile_max[0], 0)));
      prof.appendChild(el("div"));
      prof.appendChild(axis);
    }
    box.appendChild(prof);
    box.appendChild(el("p", "small", S.sa_profile_legend));
  }

  function update() {
    var raw = readForm(), res = classify(raw), box = $("typfrage-result");
    var open = M.items.filter(function (it, j) { return isNaN(raw[j]); }).map(function (it) { return it.label; });
    $("typfrage-link").href = linkFor(raw);
    box.innerHTML = "";
    box.appendChild(el("h2", null, S.sa_result));
    if (invalid.length) box.appendChild(el("p", "warn", fmt(S.sa_invalid, invalid.join(", "))));
    if (!res) {
      box.dataset.type = ""; box.dataset.name = ""; box.dataset.status = "incomplete";
      box.appendChild(el("p", "waiting", M.available ? S.sa_waiting_any : S.sa_waiting_all));
      if (open.length && open.length < P) box.appendChild(el("p", "note", fmt(S.sa_open, open.join("; "))));
      return null;
    }
    var t = res.type, type = M.types[t - 1];
    box.dataset.type = String(t); box.dataset.name = type.name;
    box.dataset.status = res.used === P ? "complete" : "partial";
    var card = el("div", "card");
    card.style.borderLeftColor = type.colour;
    card.appendChild(el("p", "kicker", S.sa_your_type));
    card.appendChild(el("p", "name", typeTitle(t)));
    card.appendChild(el("p", null, fmt(S.sa_share, pct(type.share, 0))));
    if (type.more) card.appendChild(el("p", null, type.more));
    if (type.less) card.appendChild(el("p", null, type.less));
    box.appendChild(card);
    if (res.used < P) {
      var list = open.length <= 4 ? open.join("; ") : open.slice(0, 3).join("; ") + "; \u2026";
      box.appendChild(el("p", "warn", fmt(S.sa_missing, P - res.used, P, list)));
    }
    var order = res.closeness.map(function (v, i) { return i; }).sort(function (a, b) { return res.closeness[b] - res.closeness[a] || a - b; });
    var second = order[0] === t - 1 ? order[1] : order[0];
    if (M.k > 1 && res.closeness[second] >= M.uncertain * res.closeness[t - 1]) {
      box.appendChild(el("p", "warn", fmt(S.sa_uncertain, typeTitle(second + 1))));
    }
    box.appendChild(el("h3", null, S.sa_closeness));
    var bars = el("div", "bars");
    M.types.forEach(function (ty, i) {
      var name = el("div", i === t - 1 ? "mine" : null, typeTitle(i + 1));
      var bar = el("div", "bar"), fill = el("span");
      fill.style.width = (100 * res.closeness[i]).toFixed(1) + "%"; fill.style.background = ty.colour;
      bar.appendChild(fill);
      bars.appendChild(name); bars.appendChild(bar); bars.appendChild(el("div", null, pct(res.closeness[i], 0)));
    });
    box.appendChild(bars);
    box.appendChild(el("p", "small", M.metric === "lca" ? S.sa_closeness_lca : S.sa_closeness_centre));
    box.appendChild(el("h3", null, S.sa_profile + ": " + typeTitle(t)));
    renderProfile(box, t, raw);
    return t;
  }

  function init() {
    document.title = M.title;
    $("typfrage-title").textContent = M.title;
    if (M.note) { $("typfrage-note").textContent = M.note; $("typfrage-note").hidden = false; }
    $("typfrage-intro").textContent = S.sa_intro + " " + fmt(S.sa_method, M.method_label, M.k, P);
    $("typfrage-questions").textContent = S.sa_questions;
    $("typfrage-reset").textContent = S.sa_reset;
    $("typfrage-link").textContent = S.sa_link;
    $("typfrage-footer").textContent = S.sa_footer;
    $("typfrage-reset").addEventListener("click", function () {
      M.items.forEach(function (item) { setAnswer(item, NaN); });
      onEdit();
    });
    buildForm();
    fromURL();
  }

  window.typfrage = { model: M, classify: classify, fromURL: fromURL, update: update };
  init();
})();
