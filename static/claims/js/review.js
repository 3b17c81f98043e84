// The review page's keyboard: j/k move between claims, 1-7 set the status, e edits the
// rationale, a assigns to me, ? shows the keys. Keys are ignored while typing in a field.
// Typed but unsaved review text is never dropped silently: moving to another claim, or
// leaving the page, asks first.
"use strict";

(function () {
  function items() {
    return Array.prototype.slice.call(document.querySelectorAll("#claim-items .claim-item"));
  }

  // The claim asked for but not shown yet: j pressed twice quickly moves two claims.
  var pending = null;

  function selectedId() {
    if (pending) return pending;
    var panel = document.getElementById("claim-panel");
    return panel ? panel.getAttribute("data-claim-id") : null;
  }

  function markSelected() {
    var id = selectedId();
    document.querySelectorAll(".is-selected").forEach(function (el) {
      if (el.getAttribute("data-claim") !== id) el.classList.remove("is-selected");
    });
    if (!id) return;
    ["item-", "hl-"].forEach(function (prefix) {
      var el = document.getElementById(prefix + id);
      if (el) {
        el.classList.add("is-selected");
        el.scrollIntoView({ block: "nearest" });
      }
    });
  }

  function move(step) {
    var list = items();
    if (!list.length) return;
    var id = selectedId();
    var index = list.findIndex(function (li) { return li.getAttribute("data-claim") === id; });
    var next = list[Math.min(list.length - 1, Math.max(0, index + step))];
    if (next && next.getAttribute("data-claim") !== id) {
      pending = next.getAttribute("data-claim");
      next.querySelector("a").click();
    }
  }

  function setStatus(key) {
    var radio = document.querySelector('#review-form input[name="status"][data-key="' + key + '"]');
    if (!radio) return;
    radio.checked = true;
    document.getElementById("review-form").requestSubmit();
  }

  function toggleHelp(show) {
    var help = document.getElementById("keys-help");
    if (!help) return;
    help.hidden = show === undefined ? !help.hidden : !show;
    if (!help.hidden) help.querySelector(".close-help").focus();
  }

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    if (tag === "input") {
      return !/^(radio|checkbox|button|submit|reset|hidden)$/.test(target.type);
    }
    return tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") {
      if (typing(event.target)) event.target.blur();
      toggleHelp(false);
      return;
    }
    if (typing(event.target)) return;
    var key = event.key;
    if (key === "?") {
      toggleHelp();
    } else if (!document.getElementById("keys-help").hidden) {
      return;
    } else if (key === "j") {
      move(1);
    } else if (key === "k") {
      move(-1);
    } else if (/^[1-7]$/.test(key)) {
      setStatus(key);
    } else if (key === "e") {
      var rationale = document.getElementById("id_rationale");
      if (rationale) rationale.focus();
    } else if (key === "a") {
      var assign = document.getElementById("assign-me");
      if (assign && !assign.disabled) assign.click();
    } else {
      return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest(".show-help")) toggleHelp(true);
    else if (event.target.closest(".close-help")) toggleHelp(false);
  });

  // The review form the reviewer typed in and has not saved; null once it is replaced.
  var dirtyForm = null;
  var LEAVE = "This claim has review changes you have not saved. Leave them?";

  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("#review-form");
    if (form) dirtyForm = form;
  });

  // Every htmx request asks here first: one that replaces the panel from anywhere but the
  // review form itself (another claim, j/k, assign, sign-off) would lose the typing. A
  // request that swaps something else (the source search) goes ahead.
  document.addEventListener("htmx:confirm", function (event) {
    if (!dirtyForm || event.detail.elt.closest("#review-form")) return;
    var target = event.detail.target;
    if (!target || !target.contains(dirtyForm)) return;
    event.preventDefault();
    if (window.confirm(LEAVE)) {
      dirtyForm = null;
      event.detail.issueRequest(true);
    } else {
      pending = null;
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (!dirtyForm) return;
    event.preventDefault();
    event.returnValue = LEAVE;
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (dirtyForm && !document.body.contains(dirtyForm)) dirtyForm = null;
    var panel = document.getElementById("claim-panel");
    if (panel && panel.getAttribute("data-claim-id") === pending) pending = null;
    markSelected();
  });
  document.addEventListener("htmx:responseError", function () { pending = null; });
  document.addEventListener("DOMContentLoaded", markSelected);
})();
