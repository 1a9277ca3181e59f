// The visible things a finger taps that are less than `minimum` px high or wide.
// A radio or checkbox counts by its label when that is bigger (the whole answer
// card is the label); a link inside a sentence is left out (WCAG 2.5.5's inline
// exception), as is anything hidden until focused (the skip link).
(minimum) => {
  const targets = "a[href], button, input:not([type=hidden]), select, textarea, summary";
  const inSentence = (el) => {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    const block = el.parentElement.closest("p, li, td, dd, div, span, small");
    return block && block.textContent.trim().length > el.textContent.trim().length;
  };
  const boxOf = (el) => {
    let box = el.getBoundingClientRect();
    const label = el.labels && el.labels[0];
    if (label) {
      const around = label.getBoundingClientRect();
      if (around.width * around.height > box.width * box.height) box = around;
    }
    return box;
  };
  const small = [];
  for (const el of document.querySelectorAll(targets)) {
    const own = el.getBoundingClientRect();
    if (own.width <= 1 || own.height <= 1 || !el.checkVisibility({visibilityProperty: true}))
      continue;
    // The skip link shows only on focus; a honeypot is hidden from people altogether.
    if (el.closest(".visually-hidden-focusable, [aria-hidden=true]") || inSentence(el)) continue;
    const box = boxOf(el);
    if (box.height < minimum || box.width < minimum) {
      const name = (el.getAttribute("aria-label") || el.textContent || el.name || "")
        .trim().replace(/\s+/g, " ").slice(0, 40);
      small.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return small;
}
