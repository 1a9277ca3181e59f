// Checks the document with axe-core once it is parsed and styled, and reports its
// serious and critical findings as text (one entry per rule, with up to three of the
// elements it flagged) through the reportAxe binding. Reports twice: an id when the
// document starts, so that Python knows which document a tab shows, then the
// findings under that id.
(tags, impacts) => {
  const documentId = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  window.reportAxe(documentId, null);
  const stylesheetsLoaded = () => Promise.race([
    Promise.all(
      [...document.querySelectorAll('link[rel="stylesheet"]')]
        .filter((link) => !link.sheet)
        .map((link) => new Promise((done) => {
          link.addEventListener("load", done);
          link.addEventListener("error", done);
        }))
    ),
    // A navigation that started meanwhile may stop the loading: check anyway.
    new Promise((done) => setTimeout(done, 3000)),
  ]);
  let started = false;
  const check = async () => {
    if (started) return;
    started = true;
    if (document.contentType !== "text/html") return window.reportAxe(documentId, []);
    // After the page's own DOMContentLoaded handlers (focus, dialogs, charts).
    await new Promise((done) => setTimeout(done, 0));
    await stylesheetsLoaded();
    let findings;
    try {
      const result = await Promise.race([
        axe.run(document, {
          runOnly: {type: "tag", values: tags},
          resultTypes: ["violations"],
          // An embedded player (a lesson's video) is someone else's page.
          iframes: false,
        }),
        new Promise((_, fail) => setTimeout(() => fail("no result after 12 s"), 12000)),
      ]);
      findings = result.violations
        .filter((rule) => impacts.includes(rule.impact))
        .map((rule) => {
          const nodes = rule.nodes.slice(0, 3).map(
            (node) => `    ${node.target.join(" ")}: ${node.html.slice(0, 160)}`
          );
          const more = rule.nodes.length > 3 ? [`    and ${rule.nodes.length - 3} more`] : [];
          return [`${location.pathname} ${rule.id} (${rule.impact}): ${rule.help}`,
                  ...nodes, ...more].join("\n");
        });
    } catch (error) {
      findings = [`${location.pathname}: axe-core failed: ${error}`];
    }
    window.reportAxe(documentId, findings);
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", check);
    // A navigation held for this check can stall the rest of the loading, and
    // with it DOMContentLoaded: check what has arrived rather than wait forever.
    setTimeout(check, 5000);
  } else {
    check();
  }
}
