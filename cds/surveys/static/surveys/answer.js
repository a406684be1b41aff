/* Skip logic in the browser, a convenience only: the server (cds/surveys/answers.py) applies the
   same rules and ignores what a hidden question sends. Each question (.survey-q) and section
   (.survey-section) may carry data-relevant, its parsed rule as JSON (cds/surveys/expr.py's tree:
   ["lit", v], ["ref", name], ["dot"], ["neg", x], ["call", fn, [args]], ["bin", op, a, b]).
   A hidden question's inputs are disabled, so they are not posted. */
(function () {
  "use strict";
  var form = document.getElementById("survey-answers");
  if (!form) { return; }

  function asText(v) {
    if (v === null || v === undefined) { return ""; }
    if (typeof v === "boolean") { return v ? "true" : "false"; }
    if (typeof v === "number") { return Number.isInteger(v) ? String(v) : String(v); }
    return String(v);
  }
  function asNumber(v) {
    if (typeof v === "boolean") { return v ? 1 : 0; }
    if (typeof v === "number") { return v; }
    var t = asText(v).trim();
    if (t !== "" && !isNaN(Number(t))) { return Number(t); }
    if (/^\d{4}-\d{2}-\d{2}$/.test(t)) { return Date.parse(t + "T00:00:00Z") / 86400000; }
    return NaN;
  }
  function asBool(v) {
    if (typeof v === "boolean") { return v; }
    if (typeof v === "number") { return v !== 0 && !isNaN(v); }
    return asText(v) !== "";
  }
  var CMP = { "=": 1, "!=": 1, "<": 1, "<=": 1, ">": 1, ">=": 1 };
  function order(op, x, y) {
    switch (op) {
      case "=": return x === y; case "!=": return x !== y; case "<": return x < y;
      case "<=": return x <= y; case ">": return x > y; default: return x >= y;
    }
  }
  function compare(op, a, b) {
    if (typeof a === "boolean" || typeof b === "boolean") {
      a = asBool(a); b = asBool(b);
      return op === "=" ? a === b : (op === "!=" ? a !== b : false);
    }
    var numeric = typeof a === "number" || typeof b === "number";
    if (numeric || (op !== "=" && op !== "!=")) {
      var x = asNumber(a), y = asNumber(b);
      if (isNaN(x) || isNaN(y)) {
        if (op === "=" || op === "!=" || !numeric) { return order(op, asText(a), asText(b)); }
        return op === "!=";
      }
      return order(op, x, y);
    }
    return order(op, asText(a), asText(b));
  }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  var CALLS = {
    "true": function () { return true; },
    "false": function () { return false; },
    "today": function () { return today(); },
    "selected": function (a) { return asText(a[0]).split(/\s+/).indexOf(asText(a[1])) >= 0; },
    "count-selected": function (a) { var t = asText(a[0]).trim(); return t ? t.split(/\s+/).length : 0; },
    "not": function (a) { return !asBool(a[0]); },
    "string-length": function (a) { return asText(a[0]).length; },
    "contains": function (a) { return asText(a[0]).indexOf(asText(a[1])) >= 0; },
    "starts-with": function (a) { return asText(a[0]).indexOf(asText(a[1])) === 0; },
    "regex": function (a) { try { return new RegExp(asText(a[1])).test(asText(a[0])); } catch (e) { return false; } },
    "number": function (a) { return asNumber(a[0]); },
    "int": function (a) { return Math.trunc(asNumber(a[0])); },
    "round": function (a) { var p = Math.pow(10, a.length > 1 ? asNumber(a[1]) : 0); return Math.round(asNumber(a[0]) * p) / p; },
    "string": function (a) { return asText(a[0]); },
    "if": function (a) { return asBool(a[0]) ? a[1] : a[2]; },
    "coalesce": function (a) { return asText(a[0]) ? a[0] : a[1]; },
    "date": function (a) { return asText(a[0]); }
  };
  function ev(t, values) {
    switch (t[0]) {
      case "lit": return t[1];
      case "ref": return Object.prototype.hasOwnProperty.call(values, t[1]) ? values[t[1]] : "";
      case "dot": return "";
      case "neg": return -asNumber(ev(t[1], values));
      case "call": return CALLS[t[1]] ? CALLS[t[1]](t[2].map(function (x) { return ev(x, values); })) : "";
      default: break;
    }
    var op = t[1];
    if (op === "and") { return asBool(ev(t[2], values)) && asBool(ev(t[3], values)); }
    if (op === "or") { return asBool(ev(t[2], values)) || asBool(ev(t[3], values)); }
    var a = ev(t[2], values), b = ev(t[3], values);
    if (CMP[op]) { return compare(op, a, b); }
    var x = asNumber(a), y = asNumber(b);
    if (op === "+") { return x + y; }
    if (op === "-") { return x - y; }
    if (op === "*") { return x * y; }
    if (op === "div") { return y === 0 ? NaN : x / y; }
    if (op === "mod") { return y === 0 ? NaN : x % y; }
    return "";
  }
  function truth(el, values) {
    var raw = el.getAttribute("data-relevant");
    if (!raw) { return true; }
    try { return asBool(ev(JSON.parse(raw), values)); } catch (e) { return true; }
  }

  function valueOf(q) {
    var type = q.getAttribute("data-type");
    var inputs = q.querySelectorAll("input, textarea, select");
    var parts = [];
    inputs.forEach(function (i) {
      if (i.type === "radio" || i.type === "checkbox") {
        if (i.checked && !/__remove$/.test(i.name)) {
          parts.push(type === "matrix" ? i.name.split("__").pop() + ":" + i.value : i.value);
        }
      } else if (i.type === "file") {
        if (i.files && i.files.length) { parts.push(i.files[0].name); }
      } else if (i.value.trim()) {
        parts.push(i.value.trim());
      }
    });
    if (type === "file" && !parts.length && q.querySelector("[data-testid=file-link]")) { parts.push("1"); }
    var v = parts.join(" ");
    if ((type === "integer" || type === "decimal" || type === "scale") && v) {
      var n = Number(v.replace(/\s/g, "").replace(",", "."));
      return isNaN(n) ? v : n;
    }
    if (type === "date") {
      var m = /^(\d{1,2})[\/\-.](\d{1,2})[\/\-.](\d{4})$/.exec(v);
      if (m) { return m[3] + "-" + m[2].padStart(2, "0") + "-" + m[1].padStart(2, "0"); }
    }
    return v;
  }

  function apply() {
    var questions = Array.prototype.slice.call(form.querySelectorAll(".survey-q"));
    var values = {};
    questions.forEach(function (q) { values[q.getAttribute("data-name")] = valueOf(q); });
    questions.forEach(function (q) {
      var section = q.closest(".survey-section");
      var shown = (!section || truth(section, values)) && truth(q, values);
      q.hidden = !shown;
      q.querySelectorAll("input, textarea, select").forEach(function (i) { i.disabled = !shown; });
      if (!shown) { values[q.getAttribute("data-name")] = ""; }
    });
    form.querySelectorAll(".survey-section[data-relevant]").forEach(function (s) { s.hidden = !truth(s, values); });
  }
  form.addEventListener("change", apply);
  form.addEventListener("input", apply);
  apply();
}());
