// Post-editing page: QA as you type, memory matches into the text box, a warning before leaving
// with unsaved text. Served from /static (the Content-Security-Policy allows no inline script);
// everything shown is set with textContent, never as HTML.
(function () {
  "use strict";

  const form = document.getElementById("postedit");
  if (!form) {
    return;
  }
  const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  const checkUrl = form.dataset.checkUrl;
  const DELAY_MS = 400;
  let unsaved = false;

  function showIssues(row, issues) {
    const list = row.querySelector(".issues");
    const items = issues.map(function (issue) {
      const item = document.createElement("li");
      item.className = issue.severity;
      item.textContent = issue.severity + ": " + issue.message + " [" + issue.code + "]";
      return item;
    });
    if (!items.length) {
      const clean = document.createElement("li");
      clean.className = "ok";
      clean.textContent = "QA: no issue";
      items.push(clean);
    }
    list.replaceChildren.apply(list, items);
    row.dataset.qa = issues.length ? "issues" : "clean";
  }

  function check(box) {
    const row = box.closest(".unit");
    const sequence = (Number(row.dataset.sequence || 0) + 1);
    row.dataset.sequence = String(sequence);
    row.dataset.qa = "checking";
    fetch(checkUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken},
      body: JSON.stringify({unit: row.dataset.unit, target: box.value})
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("the QA check answered " + response.status);
      }
      return response.json();
    }).then(function (answer) {
      if (row.dataset.sequence === String(sequence)) {  // a later keystroke has its own answer coming
        showIssues(row, answer.issues);
      }
    }).catch(function (error) {
      showIssues(row, [{severity: "error", code: "serve.check", message: String(error.message || error)}]);
    });
  }

  const confirm = form.querySelector('select[name="confirm"]');
  const timers = new WeakMap();

  // An edited unit will be saved in the state chosen at the top (unless its own state was
  // chosen by hand): its state box shows it.
  function followConfirm(row, changed) {
    const state = row.querySelector("select.unit-state");
    if (state.dataset.touched) {
      return;
    }
    state.value = changed ? confirm.value : state.dataset.original;
  }

  function edited(box) {
    const row = box.closest(".unit");
    const changed = box.value !== box.dataset.original;
    row.classList.toggle("edited", changed);
    followConfirm(row, changed);
    unsaved = true;
    clearTimeout(timers.get(box));
    timers.set(box, setTimeout(function () { check(box); }, DELAY_MS));
  }

  form.addEventListener("input", function (event) {
    if (event.target.matches("textarea")) {
      edited(event.target);
      return;
    }
    unsaved = true;
    if (event.target.matches("select.unit-state")) {
      event.target.dataset.touched = "1";
    } else if (event.target === confirm) {
      form.querySelectorAll(".unit.edited").forEach(function (row) { followConfirm(row, true); });
    }
  });
  form.addEventListener("click", function (event) {
    const button = event.target.closest("button.use");
    if (!button) {
      return;
    }
    const box = button.closest(".unit").querySelector("textarea");
    box.value = button.dataset.text;
    edited(box);
    box.focus();
  });
  form.addEventListener("submit", function () {
    unsaved = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
}());
