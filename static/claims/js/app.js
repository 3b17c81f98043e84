// Shared by every page. htmx's settings live in the <meta name="htmx-config"> of base.html.
"use strict";

// A 4xx the server answers with a panel (conflict, refused) is swapped in; anything else
// that fails is said plainly rather than ignored.
document.addEventListener("htmx:responseError", function (event) {
  var status = event.detail.xhr ? event.detail.xhr.status : 0;
  window.alert("The server answered " + status + ". Reload the page and try again.");
});
document.addEventListener("htmx:sendError", function () {
  window.alert("The server could not be reached. Check the connection and try again.");
});
