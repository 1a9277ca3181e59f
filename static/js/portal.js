// Small behaviours the templates ask for with data- attributes, so that no page needs
// an inline script or on...= handler (the Content-Security-Policy refuses both).
//   data-autosubmit       on a <select>: submit its form when the choice changes
//   data-confirm="text"   on a <form>: ask before submitting
//   data-print            on a button: print the page
//   data-select-all       on an <input>: select its text when clicked (to copy it)
//   data-history-back     on a link: go back one page
(function () {
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
  });
  document.addEventListener("submit", function (event) {
    var question = event.target.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
    if (event.target.matches("input[data-select-all]")) event.target.select();
    if (event.target.closest("a[data-history-back]")) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
