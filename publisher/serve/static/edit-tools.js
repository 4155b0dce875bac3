// Post-editing page, the tools above the units: filters (state, origin, QA issue), the progress
// bar in words and units, the concordance (the memory searched for a phrase) and search and
// replace in the translations of the page, with a preview. Without script these stay hidden.
// Everything shown is set with textContent, never as HTML.
(function () {
  "use strict";

  const form = document.getElementById("postedit");
  if (!form) {
    return;
  }
  const CONFIRMED = ["reviewed", "final"];
  const NEEDS_WORK = ["initial", "translated"];
  const units = function () { return Array.from(form.querySelectorAll("article.unit")); };
  document.querySelectorAll("#filters, #concordance, #replace").forEach(function (tool) {
    tool.hidden = tool.id === "replace" && Boolean(form.dataset.blocked);  // nothing can be saved: nothing to replace
  });

  // -- progress ---------------------------------------------------------------------------------
  const bar = document.getElementById("progress");
  const words = document.querySelector("#progress-words");
  function number(value) {
    return value.toLocaleString("en");
  }
  function showProgress() {
    let total = 0;
    let done = 0;
    let unitsDone = 0;
    const all = units();
    all.forEach(function (row) {
      const count = Number(row.dataset.words || 0);
      total += count;
      if (CONFIRMED.includes(row.dataset.state)) {
        done += count;
        unitsDone += 1;
      }
    });
    bar.max = total || 1;
    bar.value = done;
    const percent = total ? Math.round(100 * done / total) : 100;
    words.querySelector(".words").textContent = number(done) + " of " + number(total) + " words";
    words.childNodes[1].textContent = " confirmed (" + percent + " %) · ";
    words.querySelector(".units").textContent = number(unitsDone) + " of " + number(all.length) + " units";
  }

  // -- filters ----------------------------------------------------------------------------------
  const filters = document.getElementById("filters");
  const count = document.getElementById("shown-count");
  function keeps(row, state, origin, qa) {
    const codes = (row.dataset.codes || "").split(" ").filter(Boolean);
    return (!state || (state === "needs-work" ? NEEDS_WORK.includes(row.dataset.state) : row.dataset.state === state))
      && (!origin || row.dataset.origin === origin)
      && (!qa || (qa === "any" ? codes.length > 0 : codes.includes(qa)));
  }
  function applyFilters() {
    const state = filters.elements.state.value;
    const origin = filters.elements.origin.value;
    const qa = filters.elements.qa.value;
    let shown = 0;
    const all = units();
    all.forEach(function (row) {
      row.hidden = !keeps(row, state, origin, qa);
      shown += row.hidden ? 0 : 1;
    });
    count.textContent = state || origin || qa ? shown + " of " + all.length + " units shown" : "";
  }
  function offerCodes(row) {  // a QA issue found as you type becomes a choice of the filter
    const select = filters.elements.qa;
    (row.dataset.codes || "").split(" ").filter(Boolean).forEach(function (code) {
      if (!Array.from(select.options).some(function (option) { return option.value === code; })) {
        select.append(new Option(code, code));
      }
    });
  }
  filters.addEventListener("change", applyFilters);
  form.addEventListener("unit-changed", function (event) { offerCodes(event.target); });
  filters.addEventListener("submit", function (event) { event.preventDefault(); });
  // A unit edited while filtered stays in view until the filters change: it does not vanish as you type.
  form.addEventListener("unit-changed", showProgress);

  // -- concordance ------------------------------------------------------------------------------
  const concordance = document.getElementById("concordance");
  const search = concordance.querySelector("form");
  function marked(text, phrase) {  // the text, with each occurrence of phrase (case aside) marked
    const made = document.createDocumentFragment();
    const lower = text.toLowerCase();
    const needle = phrase.toLowerCase();
    let position = 0;
    let found = needle ? lower.indexOf(needle) : -1;
    while (found >= 0) {
      made.append(text.slice(position, found));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(found, found + needle.length);
      made.append(mark);
      position = found + needle.length;
      found = lower.indexOf(needle, position);
    }
    made.append(text.slice(position));
    return made;
  }
  search.addEventListener("submit", function (event) {
    event.preventDefault();
    const phrase = search.elements.q.value.trim();
    const query = new URLSearchParams({q: phrase, side: search.elements.side.value});
    const found = concordance.querySelector(".found");
    const list = concordance.querySelector(".results");
    found.textContent = "Searching…";
    fetch(search.dataset.url + "?" + query.toString(), {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) {
        throw new Error("the search answered " + response.status);
      }
      return response.json();
    }).then(function (answer) {
      found.textContent = answer.results.length + " unit(s) of the memory hold “" + answer.phrase + "”.";
      list.replaceChildren.apply(list, answer.results.map(function (result) {
        const item = document.createElement("li");
        const source = document.createElement("span");
        source.className = "match-source";
        source.append(marked(result.source, phrase));
        const target = document.createElement("span");
        target.className = "match-target";
        target.lang = form.querySelector("textarea") ? form.querySelector("textarea").lang : "";
        target.dir = form.dataset.direction;
        target.append(marked(result.target, phrase));
        const origin = document.createElement("span");
        origin.className = "match-origin";
        origin.textContent = result.origin || "memory";
        item.append(source, target, origin);
        return item;
      }));
    }).catch(function (error) {
      found.textContent = "Cannot search: " + String(error.message || error);
    });
  });

  // -- search and replace in the page's translations --------------------------------------------
  const replace = document.getElementById("replace");
  const replaceForm = replace.querySelector("form");
  const apply = replace.querySelector("button.apply");
  let planned = [];
  function pattern() {
    const find = replaceForm.elements.find.value;
    const escaped = find.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(escaped, replaceForm.elements.case.checked ? "g" : "gi");
  }
  function shownChange(before, expression, replacement) {  // the text with each replaced part struck and the new one inserted
    const made = document.createDocumentFragment();
    let position = 0;
    before.replace(expression, function (found, offset) {
      made.append(before.slice(position, offset));
      const gone = document.createElement("del");
      gone.textContent = found;
      const added = document.createElement("ins");
      added.textContent = replacement;
      made.append(gone, added);
      position = offset + found.length;
      return found;
    });
    made.append(before.slice(position));
    return made;
  }
  replaceForm.addEventListener("submit", function (event) {
    event.preventDefault();
    const expression = pattern();
    const replacement = replaceForm.elements.with.value;
    planned = units().filter(function (row) {
      expression.lastIndex = 0;
      return expression.test(row.querySelector("textarea").value);
    });
    const previews = replace.querySelector(".previews");
    previews.replaceChildren.apply(previews, planned.map(function (row) {
      const item = document.createElement("li");
      const id = document.createElement("span");
      id.className = "unit-id";
      id.textContent = row.dataset.unit + " ";
      const text = document.createElement("span");
      text.className = "change";
      text.dir = form.dataset.direction;
      text.append(shownChange(row.querySelector("textarea").value, pattern(), replacement));
      item.append(id, text);
      return item;
    }));
    replace.querySelector(".found").textContent = planned.length + " unit(s) would change.";
    apply.disabled = !planned.length;
  });
  apply.addEventListener("click", function () {
    const replacement = replaceForm.elements.with.value;
    planned.forEach(function (row) {
      const text = row.querySelector("textarea");
      text.dispatchEvent(new CustomEvent("set-text", {bubbles: true,
                                                      detail: text.value.replace(pattern(), function () { return replacement; })}));
    });
    replace.querySelector(".found").textContent = "Replaced in " + planned.length + " unit(s): Ctrl+S or Save keeps them.";
    planned = [];
    apply.disabled = true;
  });
}());
