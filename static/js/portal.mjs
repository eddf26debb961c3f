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

export function start(govuk, moj) {
  const enhance = (scope) => {
    // Components already started keep running: both libraries skip (and log) a second start.
    govuk.initAll({ scope, onError: () => {} });
    moj.initAll({ scope, onError: () => {} });
    enhanceSelects(scope);
  };
  enhance(document);
  document.body.addEventListener("htmx:afterSettle", (event) => enhance(event.detail.elt));
}
