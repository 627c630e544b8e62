// The decision form shows the fields the chosen kind of decision needs, and hides
// the rest (they are ignored by the server for that kind anyway). Without script,
// every field stays visible and the form still works.
(function () {
  "use strict";
  var FIELDS = {
    include_project: ["projects", "plan_year", "amount", "new_project_code", "new_project_name_ar",
      "new_project_name_en", "new_project_owner", "new_project_programme"],
    allocate_funding: ["projects", "amount"],
    approve_rebaseline: ["projects", "new_baseline_start", "new_baseline_go_live", "amount"],
    adopt_strategy: ["strategy"],
    approve_phase: ["phase"],
    remove_obstacle: ["obstacle"],
    // A committee or a task may concern projects or a strategy (shown on their pages).
    form_committee: ["title", "lead_entity", "other_entities", "projects", "strategy"],
    assign_task: ["title", "lead_entity", "other_entities", "due_date", "projects", "strategy"],
    // A rollout: the capability (title), who leads, the institutions, the deadline, its project.
    order_rollout: ["title", "lead_entity", "other_entities", "due_date", "projects"],
    other: []
  };
  var ALWAYS = ["kind", "text"];

  function update(form) {
    var kind = form.querySelector("[name=kind]").value;
    var shown = FIELDS[kind] || [];  // no kind chosen yet: just the kind and the wording
    form.querySelectorAll("[data-field]").forEach(function (wrapper) {
      var name = wrapper.getAttribute("data-field");
      wrapper.hidden = ALWAYS.indexOf(name) < 0 && shown.indexOf(name) < 0;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-decision-form]");
    if (!form) return;
    form.querySelector("[name=kind]").addEventListener("change", function () { update(form); });
    update(form);
  });
})();
