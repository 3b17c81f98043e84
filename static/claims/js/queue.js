// The queue's selection: "select all" and a count of the claims chosen for a bulk action.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  var all = document.getElementById("select-all");
  var count = document.getElementById("selected-count");
  var boxes = document.querySelectorAll('#bulk-form input[name="claims"]');

  function update() {
    var n = Array.prototype.filter.call(boxes, function (box) { return box.checked; }).length;
    count.textContent = n ? n + " selected:" : "Select claims below, then";
  }

  if (all) {
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
      update();
    });
  }
  boxes.forEach(function (box) { box.addEventListener("change", update); });
});
