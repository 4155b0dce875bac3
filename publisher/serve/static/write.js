/* The outcome editor (templates/write.html): gathers the page's text into the editor's content
   (publisher/authoring.py), has it checked as one types (a debounced POST to .../write/check),
   puts each finding at the paragraph it concerns with its rule and advice, keeps the word counts
   and the coverage checklist, and points the preview frame at the checked text. Text is only
   ever set with textContent. */
(function () {
  "use strict";
  const form = document.getElementById("editor");
  if (!form) { return; }
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const frame = document.getElementById("draft-preview");
  const state = document.getElementById("check-state");
  const DEBOUNCE_MS = 600;
  let shown = "observations", draftKey = "", timer = null, asked = 0;

  const own = (box, selector) => box.querySelector(":scope > " + selector);
  const all = (box, selector) => Array.from(box.querySelectorAll(":scope > " + selector));

  function paragraphOf(box) {
    const text = own(box, "textarea[data-text]").value;
    const subs = all(own(box, "[data-subs]"), "[data-sub]").map((sub) => own(sub, "textarea").value);
    return subs.length ? { text: text, subparagraphs: subs } : text;
  }

  function paragraphsIn(box) {
    return all(own(box, "[data-paragraphs]"), "[data-paragraph]").map(paragraphOf);
  }

  function collect() {
    const content = { footnotes: {} };
    form.querySelectorAll("[data-document]").forEach((doc) => {
      const sections = {};
      all(doc, "[data-section]").forEach((section) => {
        if (section.dataset.kind === "articles") {
          const byInstrument = {};
          all(section, "[data-article]").forEach((article) => {
            (byInstrument[article.dataset.instrument] = byInstrument[article.dataset.instrument] || []).push(
              { article: Number(article.dataset.article), paragraphs: paragraphsIn(article) });
          });
          sections[section.dataset.section] = byInstrument;
        } else {
          sections[section.dataset.section] = paragraphsIn(section);
        }
      });
      content[doc.dataset.document] = sections;
    });
    form.querySelectorAll("[data-note]").forEach((note) => {
      const key = note.querySelector("[data-key]").value.trim();
      if (key) { content.footnotes[key] = own(note, "textarea").value; }
    });
    return content;
  }

  /* Each box gets the field path validation names it by (an article by its number). */
  function name() {
    form.querySelectorAll("[data-paragraphs]").forEach((list) => {
      const owner = list.parentElement;
      const base = owner.dataset.article ? owner.dataset.field + ".paragraphs" : owner.dataset.field;
      all(list, "[data-paragraph]").forEach((box, index) => {
        box.dataset.field = base + "[" + index + "]";
        all(own(box, "[data-subs]"), "[data-sub]").forEach((sub, number) => {
          sub.dataset.field = box.dataset.field + ".subparagraphs[" + number + "]";
        });
      });
    });
    form.querySelectorAll("[data-note]").forEach((note) => {
      note.dataset.field = "footnotes." + note.querySelector("[data-key]").value.trim();
    });
  }

  function boxFor(place) {
    let path = place;
    while (path) {
      const box = form.querySelector('[data-field="' + CSS.escape(path) + '"]');
      if (box) { return box; }
      const shorter = path.replace(/(\.[^.\[]+|\[\d+\])$/, "");
      if (shorter === path) { break; }
      path = shorter;
    }
    return null;
  }

  function findingItem(finding) {
    const item = document.createElement("li");
    item.className = finding.severity;
    item.dataset.code = finding.code;
    const severity = document.createElement("strong");
    severity.textContent = finding.severity;
    const message = document.createElement("span");
    message.className = "message";
    message.textContent = " " + finding.message + " ";
    const rule = document.createElement("code");
    rule.textContent = "[" + finding.code + "]";
    item.append(severity, message, rule);
    if (finding.advice) {
      const advice = document.createElement("span");
      advice.className = "advice";
      advice.textContent = " " + finding.advice;
      item.append(advice);
    }
    return item;
  }

  function showFindings(findings) {
    form.querySelectorAll("ul.found").forEach((list) => { list.replaceChildren(); });
    form.querySelectorAll(".has-error, .has-warning").forEach((box) => { box.classList.remove("has-error", "has-warning"); });
    const general = document.getElementById("general-findings");
    findings.forEach((finding) => {
      const box = boxFor(finding.place || finding.field);
      const list = box ? own(box, "ul.found") : general;
      (list || general).append(findingItem(finding));
      if (box) { box.classList.add(finding.severity === "error" ? "has-error" : "has-warning"); }
    });
    const errors = findings.filter((f) => f.severity === "error").length;
    document.getElementById("tally").textContent = errors + " error(s), " + (findings.length - errors) + " warning(s)";
  }

  function showWords(words) {
    Object.keys(words).forEach((kind) => {
      const label = form.querySelector('[data-words="' + kind + '"]');
      if (!label) { return; }
      const count = words[kind];
      label.textContent = count.words + (count.limit ? " / " + count.limit : "") + " words";
      label.classList.toggle("over", Boolean(count.limit && count.words > count.limit));
    });
  }

  function showCoverage(items) {
    const list = document.getElementById("checklist");
    if (!list) { return; }
    items.forEach((item) => {
      const row = list.querySelector('[data-place="' + CSS.escape(item.place) + '"]');
      if (row) { row.className = item.written ? "written" : "todo"; }
    });
    document.getElementById("coverage-count").textContent =
      items.filter((i) => i.written).length + "/" + items.length;
  }

  function showPreview() {
    const address = draftKey ? form.dataset.draft.replace("KEY", encodeURIComponent(draftKey)) : form.dataset.marked;
    frame.src = address.replace("KIND", shown);
  }

  function check() {
    timer = null;
    name();
    const mine = ++asked;
    state.textContent = "Checking…";
    fetch(form.dataset.check, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ content: collect() }),
    }).then((response) => response.json().then((body) => ({ ok: response.ok, body: body })))
      .then((answer) => {
        if (mine !== asked) { return; }  // a later check is on its way
        if (!answer.ok) { state.textContent = "Not checked: " + (answer.body.error || "refused"); return; }
        showFindings(answer.body.findings);
        showWords(answer.body.words || {});
        showCoverage(answer.body.coverage || []);
        if (answer.body.draft) { draftKey = answer.body.draft; showPreview(); }
        state.textContent = "Checked.";
      })
      .catch(() => { if (mine === asked) { state.textContent = "Not checked: the server did not answer."; } });
  }

  function later() {
    state.textContent = "Editing…";
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(check, DEBOUNCE_MS);
  }

  function fromTemplate(id) {
    return document.getElementById(id).content.firstElementChild.cloneNode(true);
  }

  form.addEventListener("input", later);
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) { return; }
    const action = button.dataset.action;
    let added = null;
    if (action === "add-paragraph") {
      added = fromTemplate("paragraph-template");
      button.previousElementSibling.append(added);
    } else if (action === "add-sub") {
      added = fromTemplate("sub-template");
      own(button.closest("[data-paragraph]"), "[data-subs]").append(added);
    } else if (action === "add-note") {
      added = fromTemplate("note-template");
      own(button.parentElement, "[data-notes]").append(added);
    } else if (action === "remove") {
      button.closest("[data-paragraph]").remove();
    } else if (action === "remove-sub") {
      button.closest("[data-sub]").remove();
    } else if (action === "remove-note") {
      button.closest("[data-note]").remove();
    }
    if (added) { (added.querySelector("input[data-key]") || added.querySelector("textarea")).focus(); }
    later();
  });
  form.addEventListener("submit", () => {
    form.elements.content.value = JSON.stringify(collect());
  });
  document.querySelectorAll(".preview-side [data-show]").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      shown = link.dataset.show;
      document.querySelectorAll(".preview-side [data-show]").forEach((other) => {
        other.classList.toggle("current", other === link);
      });
      showPreview();
    });
  });
  check();
}());
