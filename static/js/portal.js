// Small behaviours the templates ask for with data- attributes, so that no page needs
// an inline script or on...= handler (the Content-Security-Policy refuses both).
//   data-autosubmit       on a <select>: submit its form when the choice changes
//   data-confirm="text"   on a <form>: ask before submitting; a yes skips the
//                         server's confirmation page (asn_portal/confirmation.py)
//   data-print            on a button: print the page
//   data-select-all       on an <input>: select its text when clicked (to copy it)
//   data-history-back     on a link: go back one page
//   data-copy="text"      on a button: copy the text; the button then says its
//                         data-copied text
//   data-error-summary    on the error summary: focused when the page opens; its
//                         links move the focus to the field (or a group's first answer)
//   data-check-page="f"   on a hidden label around a checkbox: shown, and ticking it
//                         ticks every checkbox named f of the same form on the page
//   data-fold-on-phone    on an open <details>: folded on a small screen, except the
//                         first and the one the address names; a link to it opens it
//   data-print-open       on a <details>: open on paper (portal.css; here for browsers
//                         without ::details-content), folded again after printing
(function () {
  var PHONE = "(max-width: 767.98px)";
  function openTarget(hash) {
    var target = hash && document.getElementById(hash.slice(1));
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
    document.querySelectorAll("[data-check-page]").forEach(function (label) {
      label.hidden = false;
    });
    if (window.matchMedia(PHONE).matches) {
      document.querySelectorAll("details[data-fold-on-phone]").forEach(function (section, i) {
        if (i > 0 && "#" + section.id !== window.location.hash) section.open = false;
      });
    }
  });
  window.addEventListener("hashchange", function () { openTarget(window.location.hash); });
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details[data-print-open]:not([open])").forEach(function (section) {
      section.open = true;
      openedForPrint.push(section);
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (section) { section.open = false; });
    openedForPrint = [];
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
    var pageBox = event.target.closest("[data-check-page]");
    if (pageBox && event.target.form) {
      var name = pageBox.dataset.checkPage;
      Array.prototype.forEach.call(event.target.form.elements, function (box) {
        if (box.type === "checkbox" && box.name === name) box.checked = event.target.checked;
      });
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.dataset.confirm;
    if (!question) return;
    if (!window.confirm(question)) {
      event.preventDefault();
      return;
    }
    // Answered here: the server's confirmation page (for browsers without
    // script) is skipped.
    if (!form.querySelector("input[name=confirmed]")) {
      var confirmed = document.createElement("input");
      confirmed.type = "hidden";
      confirmed.name = "confirmed";
      confirmed.value = "1";
      form.appendChild(confirmed);
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
    var sectionLink = event.target.closest("a[href^='#']");
    if (sectionLink) openTarget(sectionLink.hash);
    if (event.target.matches("input[data-select-all]")) event.target.select();
    var copy = event.target.closest("button[data-copy]");
    if (copy && navigator.clipboard) {
      navigator.clipboard.writeText(copy.dataset.copy).then(function () {
        copy.textContent = copy.dataset.copied || copy.textContent;
      });
    }
    var summaryLink = event.target.closest("[data-error-summary] a[href^='#']");
    if (summaryLink) {
      var id = summaryLink.hash.slice(1);
      // A radio group has no element of its own id: crispy wraps it in div_<id>.
      var target = document.getElementById(id) || document.getElementById("div_" + id);
      var group = target && (target.closest("fieldset") || target.querySelector("fieldset"));
      var field = target && (target.matches("input, select, textarea")
        ? target : (group || target).querySelector("input, select, textarea"));
      if (field) {
        event.preventDefault();
        (group || field).scrollIntoView();
        field.focus();
      }
    }
    if (event.target.closest("a[data-history-back]")) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
