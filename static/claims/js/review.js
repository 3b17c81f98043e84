// The review page's keyboard: j/k move between claims, 1-7 set the status, e edits the
// rationale, a assigns to me, ? shows the keys. Keys are ignored while typing in a field.
// Typed but unsaved review text is never dropped silently: moving to another claim, or
// leaving the page, asks first, and typing done while a save is on its way is carried into
// the form that replaces it (or shown beside it). Text selected in the article is a span
// for the editing tools: n adds it as a claim, r makes it the selected claim's span, s
// splits the claim where it starts; m merges with the next claim, x dismisses or restores.
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
    wired(radio).form.requestSubmit();
  }

  // The article offsets of the text selected in the article, or null. Each run of the
  // article's text is one element carrying its offset (data-start), holding one text node.
  var selection = null;

  function offsetOf(node, offset) {
    var text = document.getElementById("article-text");
    if (!text || !text.contains(node)) return null;
    if (node.nodeType === Node.TEXT_NODE) {
      var run = node.parentElement.closest("[data-start]");
      return run ? parseInt(run.getAttribute("data-start"), 10) + offset : null;
    }
    // A boundary between elements: the start of the run after it, or the end of the last.
    var runs = node === text ? text.children : node.querySelectorAll("[data-start]");
    var after = runs[offset];
    if (after && after.hasAttribute("data-start")) return parseInt(after.getAttribute("data-start"), 10);
    var before = runs[offset - 1];
    if (before && before.hasAttribute("data-start")) {
      return parseInt(before.getAttribute("data-start"), 10) + before.textContent.length;
    }
    return null;
  }

  document.addEventListener("selectionchange", function () {
    var chosen = window.getSelection();
    var bar = document.getElementById("add-claim");
    if (!chosen || chosen.rangeCount === 0) return;
    var range = chosen.getRangeAt(0);
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null) return;  // a selection elsewhere keeps the last one
    selection = { start: start, end: end };
    if (bar) bar.hidden = start === end;
  });

  // The editing forms take their offsets from the selection when they are sent.
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("[data-uses-selection]");
    if (!form) return;
    if (!selection || (form.getAttribute("data-uses-selection") !== "split" && selection.start === selection.end)) {
      event.preventDefault();
      window.alert("Select the text in the article first.");
      return;
    }
    var use = form.getAttribute("data-uses-selection");
    if (use === "split") {
      event.detail.parameters.at = selection.start;
    } else {
      event.detail.parameters.start = Math.min(selection.start, selection.end);
      event.detail.parameters.end = Math.max(selection.start, selection.end);
    }
  });

  // A key can come a moment after htmx swapped a form in and before it wired the form up;
  // unwired, the browser would submit it as a plain GET and leave the page.
  function wired(element) {
    var form = element && element.closest("form");
    if (form && window.htmx) window.htmx.process(form);
    return element;
  }

  function press(id) {
    var button = wired(document.getElementById(id));
    if (button && !button.disabled) button.click();
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
      press("assign-me");
    } else if (key === "n") {
      press("add-claim-button");
    } else if (key === "r") {
      press("set-span");
    } else if (key === "s") {
      press("split-claim");
    } else if (key === "m") {
      press("merge-next");
    } else if (key === "x") {
      press("dismiss-claim");
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

  // Typing that lands while a request that redraws the panel is on its way (a status
  // key pressed, then the rationale written before the answer came back) must not vanish
  // with the old form. The request remembers the draft it left with; when the answer
  // arrives, a field typed in since is carried into the new form if the server still holds
  // what that typing started from. Otherwise (a conflict, or someone else's change to that
  // field) the server's values stay and the typing is shown beside them, so nothing is
  // overwritten unseen: the form's version is the server's, and a save after it is a new
  // decision on the current state.
  var FIELD_NAMES = { status: "Status", claim_reviewed: "Claim as checked", rationale: "Rationale", evidence: "Evidence" };
  var carried = null;

  function reviewForm() {
    return document.getElementById("review-form");
  }

  function draftOf(form) {
    var draft = {};
    new FormData(form).forEach(function (value, name) {
      if (FIELD_NAMES[name] && typeof value === "string") draft[name] = value;
    });
    if (!("status" in draft)) draft.status = "";
    return draft;
  }

  // Values the server may have tidied (trailing spaces, blank lines) compare as equal.
  function same(a, b) {
    function tidy(text) {
      return (text || "").split(/\r?\n/).map(function (line) { return line.trim(); }).filter(Boolean).join("\n");
    }
    return tidy(a) === tidy(b);
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = reviewForm();
    var target = event.detail.target;
    if (!form || !target || !target.contains(form) || !event.detail.xhr) return;
    event.detail.xhr.draftSent = { claim: form.closest("#claim-panel").getAttribute("data-claim-id"), values: draftOf(form) };
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var sent = event.detail.xhr && event.detail.xhr.draftSent;
    var form = reviewForm();
    carried = null;
    if (!sent || !form || !event.detail.shouldSwap) return;
    var now = draftOf(form);
    var typed = {};
    var any = false;
    Object.keys(now).forEach(function (name) {
      if (now[name] !== sent.values[name]) { typed[name] = now[name]; any = true; }
    });
    if (!any) return;
    var answer = /data-claim-id="(\d+)"/.exec(event.detail.serverResponse || "");
    if (answer && answer[1] !== sent.claim) {
      // Another claim is coming: the same question as when leaving a claim with typing.
      if (!window.confirm(LEAVE)) {
        event.detail.shouldSwap = false;
        pending = null;
      }
      return;
    }
    var active = document.activeElement;
    carried = {
      claim: sent.claim,
      base: sent.values,
      typed: typed,
      focus: active && form.contains(active) && active.name ? { name: active.name, start: active.selectionStart, end: active.selectionEnd } : null,
    };
  });

  function showTyped(panel, form, kept, aside) {
    var anchor = document.getElementById("panel-error") || document.getElementById("panel-notice");
    if (Object.keys(kept).length) {
      var note = document.createElement("p");
      note.className = "message warning";
      note.id = "panel-kept";
      note.setAttribute("role", "status");
      note.textContent = "What you typed while saving is kept in the form below; it is not saved yet.";
      panel.insertBefore(note, anchor ? anchor.nextSibling : panel.firstChild);
      anchor = note;
    }
    if (!Object.keys(aside).length) return;
    var box = document.createElement("details");
    box.className = "unsaved";
    box.id = "panel-typed";
    box.open = true;
    var summary = document.createElement("summary");
    summary.textContent = "Typed while saving, not saved (the form shows the current values)";
    var list = document.createElement("dl");
    Object.keys(aside).forEach(function (name) {
      var term = document.createElement("dt");
      term.textContent = FIELD_NAMES[name];
      var value = document.createElement("dd");
      value.className = "pre";
      value.textContent = aside[name] || "(empty)";
      list.appendChild(term);
      list.appendChild(value);
    });
    box.appendChild(summary);
    box.appendChild(list);
    panel.insertBefore(box, anchor ? anchor.nextSibling : panel.firstChild);
  }

  document.addEventListener("htmx:afterSwap", function () {
    var keep = carried;
    carried = null;
    var form = reviewForm();
    var panel = document.getElementById("claim-panel");
    if (!keep || !form || !panel || panel.getAttribute("data-claim-id") !== keep.claim) return;
    var conflict = !!panel.querySelector("#panel-error[data-conflict]");
    var server = draftOf(form);
    var kept = {};
    var aside = {};
    Object.keys(keep.typed).forEach(function (name) {
      if (!conflict && same(server[name], keep.base[name])) kept[name] = keep.typed[name];
      else aside[name] = keep.typed[name];
    });
    Object.keys(kept).forEach(function (name) {
      var field = form.elements[name];
      if (field) field.value = kept[name];  // a RadioNodeList checks the radio of that value
    });
    if (Object.keys(kept).length) dirtyForm = form;
    showTyped(panel, form, kept, aside);
    var focus = keep.focus && form.elements[keep.focus.name];
    if (focus && focus.focus && kept[keep.focus.name] !== undefined) {
      focus.focus();
      if (typeof keep.focus.start === "number" && focus.setSelectionRange) focus.setSelectionRange(keep.focus.start, keep.focus.end);
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (dirtyForm && !document.body.contains(dirtyForm)) dirtyForm = null;
    // The article was redrawn: offsets selected before may point at other text now.
    if (event.target && event.target.id === "review") selection = null;
    var panel = document.getElementById("claim-panel");
    if (panel && panel.getAttribute("data-claim-id") === pending) pending = null;
    markSelected();
    showPanelOf(event.detail.requestConfig && event.detail.requestConfig.elt, panel);
  });

  // On a narrow screen the panel sits under the article, far below the claim tapped (in
  // the list or the text): bring it into view. Where it is sticky beside them, it is seen.
  function showPanelOf(trigger, panel) {
    if (!trigger || !trigger.closest || !trigger.closest("#claim-items, #article-text")) return;
    if (!panel || !panel.isConnected) return;
    if (getComputedStyle(panel).position === "sticky") return;
    var box = panel.getBoundingClientRect();
    if (box.top < 0 || box.top > window.innerHeight * 0.6) panel.scrollIntoView({ block: "start" });
  }
  document.addEventListener("htmx:responseError", function () { pending = null; });
  document.addEventListener("DOMContentLoaded", markSelected);
})();
