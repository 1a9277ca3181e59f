// The rating form suggests each overall rating from the row ratings, by the same
// majority rule as evaluations.rules.suggested_overall: a tie suggests "sesuai".
(function () {
  function suggest(prefix, target) {
    var counts = {}, selects = document.querySelectorAll('select[name^="' + prefix + '"]');
    selects.forEach(function (s) { if (s.value) counts[s.value] = (counts[s.value] || 0) + 1; });
    var best = null, top = 0, tie = false;
    Object.keys(counts).forEach(function (k) {
      if (counts[k] > top) { best = k; top = counts[k]; tie = false; } else if (counts[k] === top) { tie = true; }
    });
    if (best && tie) best = "sesuai";
    var label = best ? document.querySelector('select[name^="' + prefix + '"] option[value="' + best + '"]').textContent : "–";
    document.getElementById(target).textContent = label;
  }
  document.addEventListener("change", function () { suggest("result_", "suggest-hasil"); suggest("value_", "suggest-perilaku"); });
})();
