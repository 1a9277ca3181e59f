// Suggestions for an employee field (people.pickers.EmployeePickerField): as the user
// types two or more characters, ask the search endpoint and fill the field's
// <datalist>. Without this script the field still works: the form comes back with
// the matches listed.
(function () {
  var timers = new WeakMap();
  function fill(input) {
    var text = input.value.trim();
    if (text.length < 2 || /^\d{18}\b/.test(text)) return;
    var url = input.dataset.employeePicker + "?q=" + encodeURIComponent(text);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        var list = document.getElementById(input.getAttribute("list"));
        if (!list) return;
        list.replaceChildren.apply(list, data.results.map(function (item) {
          var option = document.createElement("option");
          option.value = item.label;
          if (item.unit) option.label = item.unit;
          return option;
        }));
      });
  }
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-employee-picker]")) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () { fill(input); }, 200));
  });
})();
