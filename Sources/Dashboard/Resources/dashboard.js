/* 見える化: the pages read without this script; it adds picking the map's indicator, sorting, */
/* hover and focus details, and downloads (CSV of a view's table, its chart as an image). */
/* Everything comes from the page itself: no request leaves the folder. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };

  function pct(v) { return v == null ? "－" : (Math.round(v * 1000 + 1e-9) / 10).toFixed(1) + "%"; }
  function pts(d) { if (d == null) return "－"; var t = (Math.round(Math.abs(d) * 1000 + 1e-9) / 10).toFixed(1); return t === "0.0" ? t : (d > 0 ? "+" : "−") + t; }
  function count(n) { return n == null ? "－" : Math.round(n).toLocaleString("ja-JP"); }

  function save(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob); a.download = name;
    document.body.appendChild(a); a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function fileName(s) { return (s || "table").replace(/[\\/:*?"<>|\s]+/g, "_").slice(0, 80); }

  /* CSV of a table: the raw values (data-v) where there are, else the text; UTF-8 with BOM for Excel. */
  function csv(table) {
    var lines = $$("tr", table).map(function (tr) {
      return $$("th,td", tr).map(function (c) {
        var t = c.textContent, v = t;
        if (c.hasAttribute("data-v") && /%$/.test(t)) v = c.getAttribute("data-v");
        else if (c.tagName === "TD" && /^[+−-]?[\d,]+(\.\d+)?$/.test(t)) v = t.replace(/,/g, "").replace("−", "-");
        return /[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
      }).join(",");
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }
  $$("button.csv").forEach(function (b) {
    b.addEventListener("click", function () {
      var t = document.getElementById(b.getAttribute("data-table"));
      save(new Blob([csv(t)], { type: "text/csv" }), fileName($("caption", t).textContent) + ".csv");
    });
  });

  /* The chart as PNG (drawn from its SVG), or the SVG itself where a canvas refuses. */
  $$("button.png").forEach(function (b) {
    b.addEventListener("click", function () {
      var view = document.getElementById(b.getAttribute("data-view"));
      var svg = $(".chart svg", view);
      var clone = svg.cloneNode(true);
      /* XMLSerializer writes the SVG namespace itself: no address is spelled out here. */
      var style = document.createElementNS(svg.namespaceURI, "style");
      style.textContent = "text{font-family:sans-serif;font-size:11px}.axis{stroke:#666}.area{stroke:#fff}.outline{fill:#f4f1ea;stroke:#777}.pt{stroke:#1a1a1a}.inset{fill:none;stroke:#888}";
      clone.insertBefore(style, clone.firstChild);
      var text = new XMLSerializer().serializeToString(clone);
      var name = fileName($("h2", view).textContent);
      var img = new Image();
      var w = +svg.getAttribute("width"), h = +svg.getAttribute("height");
      img.onload = function () {
        try {
          var c = document.createElement("canvas"); c.width = w * 2; c.height = h * 2;
          var g = c.getContext("2d"); g.fillStyle = "#fff"; g.fillRect(0, 0, c.width, c.height); g.scale(2, 2); g.drawImage(img, 0, 0, w, h);
          c.toBlob(function (blob) { blob ? save(blob, name + ".png") : save(new Blob([text], { type: "image/svg+xml" }), name + ".svg"); });
        } catch (e) { save(new Blob([text], { type: "image/svg+xml" }), name + ".svg"); }
      };
      img.onerror = function () { save(new Blob([text], { type: "image/svg+xml" }), name + ".svg"); };
      img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
    });
  });

  /* Sorting: click or Enter on a column heading; numbers by their raw value. */
  $$("table.data").forEach(function (table) {
    $$("thead th[data-sort]", table).forEach(function (th) {
      th.tabIndex = 0;
      var sort = function () {
        var col = +th.getAttribute("data-sort");
        var dir = th.getAttribute("aria-sort") === "descending" ? "ascending" : "descending";
        $$("thead th", table).forEach(function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        var body = $("tbody", table);
        var rows = $$("tr", body);
        var key = function (tr) {
          var c = tr.children[col]; if (!c) return "";
          var v = c.getAttribute("data-v"), t = c.textContent;
          if (v != null) return v === "" ? -Infinity : +v;
          if (/^[+−-]?[\d,]+(\.\d+)?$/.test(t)) return +t.replace(/,/g, "").replace("−", "-");
          return t === "－" ? -Infinity : t;
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b), r;
          r = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "ja");
          return dir === "ascending" ? r : -r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  });

  /* Map details on hover and keyboard focus. */
  var info = document.getElementById("map-info");
  function show(el) { if (info) info.textContent = el.getAttribute("aria-label") || ""; }
  $$("svg.map .area, svg.map .pt-link").forEach(function (el) {
    el.addEventListener("mouseenter", function () { show(el); });
    el.addEventListener("focus", function () { show(el); });
    if (el.classList.contains("area")) {
      el.addEventListener("keydown", function (e) {
        var a = el.parentNode; if (e.key === "Enter" && a && a.getAttribute("href")) location.href = a.getAttribute("href");
      });
      el.addEventListener("click", function () { var a = el.parentNode; if (a && a.getAttribute("href")) location.href = a.getAttribute("href"); });
    }
  });

  /* カルテ: with the script, one card at a time (the one in the address, else the first). */
  var cards = $$("section.karte");
  function showCard() {
    if (!cards.length) return;
    var id = location.hash.slice(1), shown = false;
    cards.forEach(function (c) { var on = c.id === id; c.classList.toggle("on", on); shown = shown || on; });
    if (!shown) cards[0].classList.add("on");
  }
  if (cards.length) { document.documentElement.classList.add("cards"); window.addEventListener("hashchange", showCard); showCard(); }

  var go = $("select.goto");
  if (go) go.addEventListener("change", function () { if (go.value) location.href = go.value; });

  /* Picking the indicator the map shows. */
  var pick = document.getElementById("pick");
  var dataEl = document.getElementById("map-data");
  if (!pick || !dataEl) return;
  var data = JSON.parse(dataEl.textContent);
  var legendKeys = $$("#map ul.legend li");
  var palette = legendKeys.map(function (li) { return $(".key", li).style.background; });
  var national = !!$("svg.map.japan");

  function classOf(v, br) { for (var i = 0; i < br.length; i++) if (v < br[i]) return i; return br.length; }

  function recolour() {
    var key = pick.value, s = data[key];
    $$("#map .explain-item").forEach(function (e) { e.hidden = e.getAttribute("data-ind") !== key; });
    if (national) {
      var counts = [0, 0, 0, 0, 0], missing = 0, rank = [];
      $$("svg.map .area").forEach(function (p) {
        var code = p.getAttribute("data-pref"), v = s.values[code] || [];
        var share = v[0], name = (p.getAttribute("aria-label") || "").split("　")[0];
        if (share == null) { p.setAttribute("fill", palette[5] || "#d9d9d9"); missing++; }
        else { var c = classOf(share, s.breaks); counts[c]++; p.setAttribute("fill", palette[c]); rank.push([share, name]); }
        var t = name + "　" + pct(share) + "（n=" + count(v[1]) + "）";
        if (v.length > 3 && v[3] !== undefined && $("#t-map thead th:nth-child(4)")) t += "　前回 " + pct(v[3]) + "　差 " + pts(share != null && v[3] != null ? share - v[3] : null);
        p.setAttribute("aria-label", t);
        var title = $("title", p); if (title) title.textContent = t;
        var row = $$("#t-map tbody tr").filter(function (tr) { return tr.children[0].textContent === name; })[0];
        if (row) {
          row.children[1].textContent = pct(share); row.children[1].setAttribute("data-v", share == null ? "" : share);
          row.children[1].setAttribute("data-k", "ind|" + code + "|" + key);
          row.children[2].textContent = count(v[1]); row.children[2].setAttribute("data-v", v[1] == null ? "" : v[1]);
          if (row.children[3]) { row.children[3].textContent = pct(v[3]); row.children[3].setAttribute("data-v", v[3] == null ? "" : v[3]); }
          if (row.children[4]) { var d = share != null && v[3] != null ? share - v[3] : null; row.children[4].textContent = pts(d); row.children[4].setAttribute("data-v", d == null ? "" : Math.round(d * 1000) / 10); }
        }
      });
      legendKeys.forEach(function (li, i) {
        var k = $(".key", li); li.textContent = ""; li.appendChild(k);
        li.appendChild(document.createTextNode(i < 5 ? s.legend[i] + "（" + counts[i] + "）" : "値なし（" + missing + "）"));
      });
      $("#t-map caption").textContent = "都道府県別　" + s.label;
      var ol = document.getElementById("ranking");
      if (ol) {
        rank.sort(function (a, b) { return b[0] - a[0]; });
        ol.textContent = "";
        rank.forEach(function (r) { var li = document.createElement("li"); li.textContent = r[1] + "　" + pct(r[0]); ol.appendChild(li); });
      }
    } else {
      var colours = { "2": palette[0], "1": palette[1], "0": palette[2], "-1": palette[3], "-2": palette[4] };
      var n = { "2": 0, "1": 0, "0": 0, "-1": 0, "-2": 0 };
      $$("svg.map .pt").forEach(function (c) {
        var code = c.getAttribute("data-code"), v = String(s.values[code] == null ? -2 : s.values[code]);
        c.setAttribute("fill", colours[v]); c.setAttribute("data-s", v); n[v]++;
        var link = c.parentNode, label = (link.getAttribute("aria-label") || "").split("　")[0] + "　" + s.label + "：" + s.labels[v];
        link.setAttribute("aria-label", label);
        var title = $("title", c); if (title) title.textContent = label;
      });
      var order = ["2", "1", "0", "-1", "-2"];
      legendKeys.forEach(function (li, i) {
        var k = $(".key", li), text = li.textContent.replace(/（\d+）$/, "");
        li.textContent = ""; li.appendChild(k); li.appendChild(document.createTextNode(text + "（" + n[order[i]] + "）"));
      });
    }
  }
  pick.addEventListener("change", recolour);
})();
