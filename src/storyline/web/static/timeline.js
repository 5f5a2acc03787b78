// Zooms the story timeline with the mouse wheel and the + / - / arrow keys, by asking the
// server for the next window (the same links the page offers without JavaScript).
(function () {
  "use strict";
  var figure = document.getElementById("timeline");
  if (!figure) { return; }
  var svg = figure.querySelector("svg");
  var DAY = 86400000;
  var from = Date.parse(figure.dataset.from), to = Date.parse(figure.dataset.to);
  if (isNaN(from) || isNaN(to)) { return; }
  function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function go(start, end) {
    var params = new URLSearchParams({ from: iso(start), to: iso(Math.max(end, start + 6 * DAY)) });
    window.location.assign(window.location.pathname + "?" + params.toString() + "#timeline");
  }
  function zoom(factor, at) {
    var span = to - from, centre = from + span * at;
    go(centre - span * at * factor, centre + span * (1 - at) * factor);
  }
  var pending = null;
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    if (pending) { return; }
    var box = svg.getBoundingClientRect();
    var at = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    pending = setTimeout(function () { zoom(event.deltaY < 0 ? 0.5 : 2, at); }, 120);
  }, { passive: false });
  document.addEventListener("keydown", function (event) {
    if (event.target && /input|textarea/i.test(event.target.tagName)) { return; }
    var span = to - from;
    if (event.key === "+" || event.key === "=") { zoom(0.5, 0.5); }
    else if (event.key === "-") { zoom(2, 0.5); }
    else if (event.key === "ArrowLeft" && event.altKey) { go(from - span / 2, to - span / 2); }
    else if (event.key === "ArrowRight" && event.altKey) { go(from + span / 2, to + span / 2); }
  });
}());
