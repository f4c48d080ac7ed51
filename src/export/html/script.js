// The class table's filter and sort, also read from and written to the link
// (#filter=fail&sort=score-desc) so that a view can be shared. The page reads without it.
(function () {
  "use strict";
  var table = document.getElementById("class");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var nav = document.querySelector("nav.filters");
  var buttons = Array.prototype.slice.call(nav.querySelectorAll("button[data-filter]"));
  var filters = buttons.map(function (button) { return button.getAttribute("data-filter"); });
  var state = { filter: "all", key: "", order: "asc" };

  function matches(row) {
    var verdicts = row.getAttribute("data-verdicts").split(" ").filter(Boolean);
    if (state.filter === "all") { return true; }
    if (state.filter === "pass") {
      return verdicts.length > 0 && verdicts.every(function (v) { return v === "pass"; });
    }
    return verdicts.indexOf(state.filter) >= 0;
  }

  function column(key) {
    for (var i = 0; i < headers.length; i++) {
      if (headers[i].getAttribute("data-key") === key) { return i; }
    }
    return -1;
  }

  function apply() {
    var index = column(state.key);
    var ordered = rows.map(function (row, position) { return { row: row, position: position }; });
    if (index >= 0) {
      var numeric = headers[index].getAttribute("data-type") === "number";
      var sign = state.order === "desc" ? -1 : 1;
      ordered.sort(function (a, b) {
        var x = a.row.cells[index].getAttribute("data-value") || "";
        var y = b.row.cells[index].getAttribute("data-value") || "";
        var by = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
        return by !== 0 ? sign * by : a.position - b.position;
      });
    }
    var shown = 0;
    ordered.forEach(function (item) {
      item.row.hidden = !matches(item.row);
      if (!item.row.hidden) { shown++; }
      body.appendChild(item.row);
    });
    headers.forEach(function (header, i) {
      if (i === index) {
        header.setAttribute("aria-sort", state.order === "desc" ? "descending" : "ascending");
      } else {
        header.removeAttribute("aria-sort");
      }
    });
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-filter") === state.filter));
    });
    // The words come from the page, in its language, with {shown} for the count to fill in.
    nav.querySelector(".shown").textContent =
      nav.getAttribute("data-shown-label").replace("{shown}", String(shown));
    table.setAttribute("data-filter", state.filter);
    table.setAttribute("data-sort", state.key ? state.key + "-" + state.order : "");
    table.setAttribute("data-shown", String(shown));
  }

  // Reads the filter and the sort from the link; other fragments (#student-2) leave them be.
  function read() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var filter = params.get("filter");
    if (filter !== null && filters.indexOf(filter) >= 0) { state.filter = filter; }
    var sort = params.get("sort");
    if (sort) {
      var cut = sort.lastIndexOf("-");
      var order = cut > 0 ? sort.slice(cut + 1) : "";
      if (order === "asc" || order === "desc") {
        if (column(sort.slice(0, cut)) >= 0) { state.key = sort.slice(0, cut); state.order = order; }
      } else if (column(sort) >= 0) {
        state.key = sort; state.order = "asc";
      }
    }
  }

  function write() {
    var parts = [];
    if (state.filter !== "all") { parts.push("filter=" + encodeURIComponent(state.filter)); }
    if (state.key) { parts.push("sort=" + encodeURIComponent(state.key + "-" + state.order)); }
    history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      state.filter = button.getAttribute("data-filter");
      apply(); write();
    });
  });
  headers.forEach(function (header) {
    var key = header.getAttribute("data-key");
    if (!key) { return; }
    header.tabIndex = 0;
    function sort() {
      if (state.key === key) {
        state.order = state.order === "asc" ? "desc" : "asc";
      } else {
        state.key = key;
        state.order = header.getAttribute("data-type") === "number" ? "desc" : "asc";
      }
      apply(); write();
    }
    header.addEventListener("click", sort);
    header.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
    });
  });
  window.addEventListener("hashchange", function () { read(); apply(); });
  nav.hidden = false;
  read();
  apply();
  document.documentElement.setAttribute("data-script", "ready");
})();
