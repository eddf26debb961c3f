// Starts GOV.UK Frontend's and MoJ Frontend's components on the page and on whatever htmx swaps in,
// and turns a long list of schools or people into an accessible autocomplete.

function enhanceSelects(scope) {
  if (!window.accessibleAutocomplete) return;
  scope.querySelectorAll('select[data-module="app-autocomplete"]:not([data-app-autocomplete-init])').forEach((select) => {
    select.setAttribute("data-app-autocomplete-init", "");
    window.accessibleAutocomplete.enhanceSelectElement({
      selectElement: select,
      defaultValue: "",
      showAllValues: true,
      // What was chosen stays chosen when the typed text is cleared (GOV.UK's "autocomplete" pattern).
      preserveNullOptions: true,
    });
  });
}

// Radios that reveal follow-up questions (includes/forms/radios.html): each revealed block shows while its
// radio is chosen. GOV.UK Frontend's own reveal marks the radios aria-expanded, which radios may not carry.
function startRevealingRadios(scope) {
  scope.querySelectorAll('[data-module="app-radios"]:not([data-app-radios-init])').forEach((group) => {
    group.setAttribute("data-app-radios-init", "");
    const inputs = [...group.querySelectorAll("input[type=radio]")];
    const sync = () => inputs.forEach((input) => {
      const target = input.dataset.appReveal && document.getElementById(input.dataset.appReveal);
      if (target) target.classList.toggle("govuk-radios__conditional--hidden", !input.checked);
    });
    inputs.forEach((input) => input.addEventListener("change", sync));
    sync();
  });
}

export function start(govuk, moj) {
  const enhance = (scope) => {
    // Components already started keep running: both libraries skip (and log) a second start.
    govuk.initAll({ scope, onError: () => {} });
    moj.initAll({ scope, onError: () => {} });
    enhanceSelects(scope);
    startRevealingRadios(scope);
  };
  enhance(document);
  document.body.addEventListener("htmx:afterSettle", (event) => enhance(event.detail.elt));
}
