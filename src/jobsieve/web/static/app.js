// A little progressive enhancement; every page works without it.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  // Filters start folded on phone screens, open on wider ones.
  var filters = document.getElementById("filters");
  if (filters && window.matchMedia("(max-width: 799px)").matches) filters.removeAttribute("open");
  // Changing the sort applies it at once.
  var sort = document.getElementById("sort");
  if (sort) sort.addEventListener("change", function () { sort.form.submit(); });
  // Pointing at a field name in the legend lights up its evidence in the text.
  document.querySelectorAll(".field-chip").forEach(function (chip) {
    var key = chip.getAttribute("data-field");
    function marks() {
      return Array.prototype.filter.call(document.querySelectorAll("mark[data-field]"), function (m) {
        return m.getAttribute("data-field").split(" ").indexOf(key) >= 0;
      });
    }
    chip.addEventListener("mouseenter", function () { marks().forEach(function (m) { m.classList.add("focus"); }); });
    chip.addEventListener("mouseleave", function () { marks().forEach(function (m) { m.classList.remove("focus"); }); });
    chip.addEventListener("click", function () { var m = marks()[0]; if (m) m.scrollIntoView({block: "center"}); });
  });
});
