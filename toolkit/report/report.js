(function () {
  "use strict";
  var groups = Array.prototype.slice.call(document.querySelectorAll("tbody.pair"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-verdict]"));
  var shownCount = document.getElementById("shown-count");

  function applyFilters() {
    var wanted = {};
    boxes.forEach(function (box) { wanted[box.getAttribute("data-verdict")] = box.checked; });
    var shown = 0;
    groups.forEach(function (group) {
      var visible = wanted[group.getAttribute("data-verdict")] === true;
      group.hidden = !visible;
      if (visible) { shown += 1; }
    });
    shownCount.textContent = String(shown);
  }

  function preset(name) {
    boxes.forEach(function (box) {
      box.checked = name === "all" || box.getAttribute("data-problem") === "true";
    });
    applyFilters();
  }

  // A link ending in #only=drift,omission (or #only=problems) opens the page filtered.
  function filtersFromLocation() {
    var match = /^#only=([a-z,]+)$/.exec(window.location.hash);
    if (!match) { return; }
    var names = match[1].split(",");
    boxes.forEach(function (box) {
      var verdict = box.getAttribute("data-verdict");
      box.checked = names.indexOf(verdict) >= 0 ||
        (names.indexOf("problems") >= 0 && box.getAttribute("data-problem") === "true");
    });
  }

  function showReasons(mark) {
    (mark.getAttribute("data-reasons") || "").split(" ").forEach(function (id) {
      var detail = id && document.getElementById(id);
      if (!detail) { return; }
      detail.open = true;
      detail.classList.add("flash");
      window.setTimeout(function () { detail.classList.remove("flash"); }, 1200);
    });
  }

  boxes.forEach(function (box) { box.addEventListener("change", applyFilters); });
  Array.prototype.forEach.call(document.querySelectorAll("button[data-preset]"), function (button) {
    button.addEventListener("click", function () { preset(button.getAttribute("data-preset")); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("mark.drift-span"), function (mark) {
    mark.addEventListener("click", function () { showReasons(mark); });
    mark.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); showReasons(mark); }
    });
  });
  window.addEventListener("hashchange", function () { filtersFromLocation(); applyFilters(); });
  filtersFromLocation();
  applyFilters();
  document.body.setAttribute("data-ready", "true");
})();
