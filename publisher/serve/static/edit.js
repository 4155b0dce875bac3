// Post-editing page: QA as you type; units saved without reloading the page (Ctrl+Enter confirms a
// unit, saves it and moves on; Ctrl+S or Save saves every edited unit); repetitions carried over
// with an undo per unit; inline codes inserted from the source; the other keyboard shortcuts the
// page lists; a warning before leaving with unsaved text. The filters, progress bar, concordance
// and search-and-replace are in edit-tools.js. Served from /static (the Content-Security-Policy
// allows no inline script); everything shown is set with textContent, never as HTML.
(function () {
  "use strict";

  const form = document.getElementById("postedit");
  if (!form) {
    return;
  }
  const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  const checkUrl = form.dataset.checkUrl;
  const saveUrl = form.dataset.saveUrl;
  const rtl = form.dataset.direction === "rtl";
  const blocked = Boolean(form.dataset.blocked);
  const NEEDS_WORK = ["initial", "translated"];
  const CONFIRMED = ["reviewed", "final"];
  const DELAY_MS = 400;
  const confirm = form.querySelector('select[name="confirm"]');
  const saveState = document.getElementById("save-state");
  const timers = new WeakMap();
  let saving = Promise.resolve();
  let leaving = false;  // the form is being sent the no-script way

  function rows() {
    return Array.from(form.querySelectorAll("article.unit"));
  }
  function box(row) {
    return row.querySelector("textarea");
  }
  function stateBox(row) {
    return row.querySelector("select.unit-state");
  }
  function field(row, name) {
    return row.querySelector('input[name="' + name + ":" + row.dataset.unit + '"]');
  }
  function announce(text, failed) {
    if (saveState) {
      saveState.textContent = text;
      saveState.classList.toggle("failed", Boolean(failed));
    }
  }
  function changed(row) {  // tell edit-tools.js (progress, filters) that a unit's state or QA changed
    row.dispatchEvent(new CustomEvent("unit-changed", {bubbles: true}));
  }
  function unsaved() {
    return rows().some(function (row) { return row.classList.contains("edited"); });
  }

  // -- QA as you type ---------------------------------------------------------------------------
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
    row.dataset.codes = Array.from(new Set(issues.map(function (issue) { return issue.code; }))).sort().join(" ");
    changed(row);
  }

  function post(url, payload) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken},
      body: JSON.stringify(payload)
    });
  }

  function check(textBox) {
    const row = textBox.closest(".unit");
    const sequence = (Number(row.dataset.sequence || 0) + 1);
    row.dataset.sequence = String(sequence);
    row.dataset.qa = "checking";
    post(checkUrl, {unit: row.dataset.unit, target: textBox.value}).then(function (response) {
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

  // An edited unit will be saved in the state chosen at the top (unless its own state was
  // chosen by hand): its state box shows it.
  function followConfirm(row, isChanged) {
    const state = stateBox(row);
    if (state.dataset.touched) {
      return;
    }
    state.value = isChanged ? confirm.value : state.dataset.original;
  }

  function edited(textBox) {
    const row = textBox.closest(".unit");
    const isChanged = textBox.value !== textBox.dataset.original;
    row.classList.toggle("edited", isChanged);
    if (confirm) {
      followConfirm(row, isChanged);
    }
    clearTimeout(timers.get(textBox));
    timers.set(textBox, setTimeout(function () { check(textBox); }, DELAY_MS));
  }

  function setText(row, text) {
    box(row).value = text;
    edited(box(row));
  }

  // -- saving units -----------------------------------------------------------------------------
  function unitPayload(row) {
    return {unit: row.dataset.unit, target: box(row).value, state: stateBox(row).value,
            seen: field(row, "seen").value, source: field(row, "source").value};
  }

  function saved(row, unit, sent) {
    const state = stateBox(row);
    state.value = unit.state;
    state.dataset.original = unit.state;
    delete state.dataset.touched;
    row.dataset.state = unit.state;
    const textBox = box(row);
    if (textBox.value === sent) {  // not typed in since it was sent
      textBox.value = unit.target;
    }
    textBox.dataset.original = unit.target;
    field(row, "seen").value = unit.seen;
    const origin = row.querySelector(".origin");
    origin.textContent = unit.origin;
    origin.className = "origin origin-" + unit.origin;
    row.classList.toggle("edited", textBox.value !== textBox.dataset.original);
    row.classList.remove("refused", "save-failed");
    row.classList.add("saved");
    const conflict = row.querySelector(".live-conflict");
    if (conflict) {
      conflict.remove();
    }
    showIssues(row, unit.issues);
  }

  function refused(row, issues) {
    row.classList.add("refused");
    row.dataset.state = stateBox(row).dataset.original;
    showIssues(row, issues);
  }

  function conflicted(row, conflict) {
    row.dataset.state = stateBox(row).dataset.original;
    let panel = row.querySelector(".live-conflict");
    if (!panel) {
      panel = document.createElement("div");
      panel.className = "live-conflict";
      panel.setAttribute("role", "alert");
      row.querySelector(".target").prepend(panel);
    }
    const title = document.createElement("p");
    title.textContent = "Saved elsewhere meanwhile, with another text: choose which is kept.";
    const theirs = document.createElement("p");
    theirs.className = "theirs";
    theirs.lang = box(row).lang;
    theirs.dir = box(row).dir;
    theirs.textContent = conflict.theirs;
    const keepMine = button("Keep mine", function () {
      field(row, "seen").value = conflict.seen;
      panel.remove();
      save([row]);
    });
    const takeTheirs = button("Take theirs", function () {
      field(row, "seen").value = conflict.seen;
      box(row).dataset.original = conflict.theirs;
      stateBox(row).dataset.original = conflict.state;
      stateBox(row).value = conflict.state;
      row.dataset.state = conflict.state;
      setText(row, conflict.theirs);
      panel.remove();
      changed(row);
    });
    panel.replaceChildren(title, theirs, keepMine, takeTheirs);
  }

  function button(label, action) {
    const made = document.createElement("button");
    made.type = "button";
    made.textContent = label;
    made.addEventListener("click", action);
    return made;
  }

  function send(batch) {
    const sent = batch.map(function (row) { return box(row).value; });
    const units = batch.map(unitPayload);
    batch.forEach(function (row) { row.classList.add("saving"); });
    announce("Saving " + batch.length + " unit(s)…");
    return post(saveUrl, {base: form.elements.base.value, units: units}).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok) {
          throw new Error(answer.error || ("the save answered " + response.status));
        }
        return answer;
      });
    }).then(function (answer) {
      if (answer.reload) {  // the save gave the units new ids: the page is made again, at the same place
        announce("Saved; the units were renumbered by this save: the page is reloaded.");
        leaving = !unsaved() || leaving;
        window.location.reload();
        return;
      }
      const byId = new Map(batch.map(function (row, index) { return [row.dataset.unit, index]; }));
      answer.saved.forEach(function (unit) {
        const index = byId.get(unit.unit);
        saved(batch[index], unit, sent[index]);
      });
      answer.refused.forEach(function (item) { refused(batch[byId.get(item.unit)], item.issues); });
      answer.conflicts.forEach(function (item) { conflicted(batch[byId.get(item.unit)], item); });
      form.elements.base.value = answer.base;
      const status = document.getElementById("version-status");
      if (status && answer.status) {
        status.textContent = answer.status;
        status.className = "status " + answer.status;
      }
      let message = answer.saved.length ? "Saved " + answer.saved.length + " unit(s)" : "Nothing saved";
      if (answer.refused.length) {
        message += "; refused " + answer.refused.length + " (see the unit)";
      }
      if (answer.conflicts.length) {
        message += "; " + answer.conflicts.length + " changed elsewhere (choose in the unit)";
      }
      if (answer.stale) {
        message += ". This translation was changed elsewhere since the page was opened: reload to see it.";
      }
      announce(message + ".", answer.refused.length || answer.conflicts.length);
      batch.forEach(changed);
    }).catch(function (error) {
      batch.forEach(function (row) {
        row.classList.add("save-failed");
        row.dataset.state = stateBox(row).dataset.original;
        changed(row);
      });
      announce("Not saved: " + String(error.message || error), true);
    }).finally(function () {
      batch.forEach(function (row) { row.classList.remove("saving"); });
    });
  }

  function save(batch) {  // one save at a time, each with the stamp the one before returned
    if (blocked || !batch.length) {
      return saving;
    }
    saving = saving.then(function () { return send(batch); });
    return saving;
  }

  function saveEdited() {
    const batch = rows().filter(function (row) {
      const state = stateBox(row);
      return row.classList.contains("edited") || state.value !== state.dataset.original;
    });
    if (!batch.length) {
      announce("Nothing to save: no text or state was changed.");
      return saving;
    }
    return save(batch);
  }

  // -- repetitions ------------------------------------------------------------------------------
  function propagate(row) {
    if (!row.dataset.repeats) {
      return [];
    }
    const text = box(row).value;
    return rows().filter(function (other) {
      return other !== row && other.dataset.repeats === row.dataset.repeats
        && NEEDS_WORK.includes(other.dataset.state) && box(other).value !== text;
    }).map(function (other) {
      const before = {text: box(other).value, state: stateBox(other).value};
      setText(other, text);
      stateBox(other).value = confirm.value;
      other.dataset.state = confirm.value;
      const note = other.querySelector(".propagated");
      const undo = button("Undo", function () {
        setText(other, before.text);
        stateBox(other).value = before.state;
        other.dataset.state = before.state;
        note.hidden = true;
        save([other]);
      });
      undo.setAttribute("aria-label", "undo the text carried to " + other.dataset.unit);
      const label = document.createElement("span");
      label.textContent = "carried from " + row.dataset.unit + " ";
      note.replaceChildren(label, undo);
      note.hidden = false;
      return other;
    });
  }

  // -- moving and confirming --------------------------------------------------------------------
  function shown(row) {
    return !row.hidden;
  }
  function needsWork(row) {
    return NEEDS_WORK.includes(row.dataset.state) || Boolean(row.querySelector(".issues li.error"));
  }
  function goTo(row) {
    if (!row) {
      return false;
    }
    box(row).focus({preventScroll: true});
    row.scrollIntoView({block: "center"});
    return true;
  }
  function after(row, test) {
    const all = rows();
    return all.slice(all.indexOf(row) + 1).find(function (other) { return shown(other) && test(other); });
  }
  function before(row) {
    return rows().slice(0, rows().indexOf(row)).reverse().find(shown);
  }
  function nextNeedingWork(row) {
    if (!goTo(after(row, needsWork))) {
      announce("No unit after this one needs work. Ctrl+S saves.");
      form.querySelector('button[value="save"]').focus();
    }
  }

  function confirmUnit(row) {
    if (blocked) {
      return;
    }
    if (box(row).value.trim()) {
      const state = stateBox(row);
      if (!state.dataset.touched || !CONFIRMED.includes(state.value)) {  // a confirmed state chosen by hand stays
        state.value = confirm.value;
      }
      row.dataset.state = state.value;
      save([row].concat(propagate(row)));
      changed(row);
    }
    nextNeedingWork(row);
  }

  function insertAtCaret(textBox, text) {
    const start = textBox.selectionStart;
    const end = textBox.selectionEnd;
    const inserted = rtl ? "\u2066" + text + "\u2069" : text;
    textBox.setRangeText(inserted, start, end, "end");
    textBox.focus();
    edited(textBox);
  }
  function missingCode(row) {
    const text = box(row).value;
    return Array.from(row.querySelectorAll(".source .chip")).find(function (chip) {
      return !text.includes(chip.dataset.code);
    });
  }

  const KEYS = {
    "ctrl+Enter": confirmUnit,
    "alt+ArrowDown": function (row) { goTo(after(row, function () { return true; })); },
    "alt+ArrowUp": function (row) { goTo(before(row)); },
    "alt+n": nextNeedingWork,
    "alt+s": function (row) { setText(row, field(row, "source").value); },
    "alt+m": function (row) {
      const best = row.querySelector("button.use");
      if (best) {
        best.click();
      }
    },
    "alt+i": function (row) {
      const chip = missingCode(row);
      if (chip) {
        insertAtCaret(box(row), chip.dataset.code);
      }
    }
  };

  document.addEventListener("keydown", function (event) {
    const modifier = event.ctrlKey || event.metaKey ? "ctrl+" : event.altKey ? "alt+" : "";
    if (modifier === "ctrl+" && event.key.toLowerCase() === "s" && !event.shiftKey) {
      event.preventDefault();
      saveEdited();
      return;
    }
    const name = modifier + (event.key.length === 1 ? event.key.toLowerCase() : event.key);
    const row = event.target.closest && event.target.closest("article.unit");
    if (name === "alt+n" && !row) {  // from anywhere on the page: the first unit that needs work
      event.preventDefault();
      goTo(rows().find(function (other) { return shown(other) && needsWork(other); }));
      return;
    }
    const action = KEYS[name];
    if (!action || !row || event.shiftKey) {
      return;
    }
    event.preventDefault();
    action(row);
  });

  // -- the form's own events --------------------------------------------------------------------
  form.addEventListener("input", function (event) {
    if (event.target.matches("textarea")) {
      edited(event.target);
      return;
    }
    if (event.target.matches("select.unit-state")) {
      event.target.dataset.touched = "1";
    } else if (event.target === confirm) {
      form.querySelectorAll(".unit.edited").forEach(function (row) { followConfirm(row, true); });
    }
  });
  form.addEventListener("change", function (event) {  // after a conflict: the text chosen goes in the box
    const choice = event.target.closest('input[type="radio"][name^="choice:"]');
    if (!choice) {
      return;
    }
    const row = choice.closest(".unit");
    const textBox = box(row);
    if (!textBox.dataset.mine) {
      textBox.dataset.mine = textBox.value;
    }
    setText(row, choice.value === "theirs" ? row.querySelector(".choose .theirs").textContent : textBox.dataset.mine);
  });
  form.addEventListener("click", function (event) {
    const use = event.target.closest("button.use");
    const chip = event.target.closest("button.chip");
    if (use) {
      const row = use.closest(".unit");
      setText(row, use.dataset.text);
      box(row).focus();
    } else if (chip && !blocked) {
      insertAtCaret(box(chip.closest(".unit")), chip.dataset.code);
    }
  });
  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.value === "save") {  // saved in place; the form is the no-script way
      event.preventDefault();
      saveEdited();
    } else {
      leaving = true;
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (!leaving && unsaved()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // Another part of the page (search and replace) changes texts through this.
  form.addEventListener("set-text", function (event) {
    setText(event.target.closest(".unit"), event.detail);
  });
}());
