// The list's row tools, where a script runs (the list works without it: every field shows,
// and rows are ticked one by one). "Select every row on this page", and only the fields the
// chosen action uses. Delegated, so it keeps working after HTMX swaps the results.
"use strict";
(() => {
  const FIELDS = {
    assign: ["assignee", "owner"],
    priority: ["priority"],
    update: ["status", "note"],
  };
  const ALL = ["assignee", "owner", "priority", "status", "note"];

  function showFieldsFor(form) {
    const action = form.querySelector("select[name=action]");
    if (!action) return;
    const wanted = FIELDS[action.value] || [];
    ALL.forEach((name) => {
      const input = form.querySelector(`[name=${name}]`);
      const field = input && input.closest(".field");
      if (field) field.hidden = action.value !== "" && !wanted.includes(name);
    });
  }

  function prepare() {
    document.querySelectorAll(".select-all").forEach((box) => {
      box.hidden = false;
    });
    const form = document.getElementById("bulk-form");
    if (form) showFieldsFor(form);
  }

  document.addEventListener("change", (event) => {
    const target = event.target;
    if (target.classList.contains("select-all")) {
      document.querySelectorAll(".row-select").forEach((box) => {
        box.checked = target.checked;
      });
    } else if (target.name === "action" && target.form && target.form.id === "bulk-form") {
      showFieldsFor(target.form);
    }
  });
  document.addEventListener("DOMContentLoaded", prepare);
  document.addEventListener("htmx:afterSettle", prepare);
})();
