// Starts GOV.UK Frontend's and MoJ Frontend's components on the page and on whatever htmx swaps in,
// and turns a box for one of thousands (a school) into an accessible autocomplete that searches the server.

const SEARCH_DELAY_MS = 250;

function escapeHtml(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

// accessible-autocomplete's `source`: asks the field's search URL once typing pauses. Only the latest
// answer is shown: an earlier request still on its way is abandoned.
function searchSource(url) {
  let timer;
  let pending;
  return (query, populateResults) => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      pending?.abort();
      pending = new AbortController();
      try {
        const response = await fetch(`${url}?${new URLSearchParams({ q: query })}`, {
          headers: { Accept: "application/json" }, credentials: "same-origin", signal: pending.signal,
        });
        populateResults(response.ok ? (await response.json()).results : []);
      } catch (error) {
        if (error.name !== "AbortError") populateResults([]);
      }
    }, SEARCH_DELAY_MS);
  };
}

// The box's label names the field; its hint and error message stay with it as the autocomplete's own
// description, which the widget replaces with its instructions (read until something is typed).
function describedBy(input) {
  return (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent.replace(/\s+/g, " ").trim().replace(/\.$/, ""))
    .filter(Boolean).join(". ");
}

function enhanceAutocompletes(scope) {
  if (!window.accessibleAutocomplete) return;
  scope.querySelectorAll('input[data-module="app-autocomplete"]').forEach((input) => {
    const container = document.createElement("div");
    const description = describedBy(input);
    input.before(container);
    input.remove();
    window.accessibleAutocomplete({
      element: container,
      id: input.id,
      // The box itself is posted: a chosen suggestion reads "Name (URN)", which the form takes by its URN.
      name: input.name,
      defaultValue: input.value,
      source: searchSource(input.dataset.source),
      minLength: 2,
      autoselect: true,
      inputClasses: input.classList.contains("govuk-input--error") ? "govuk-input--error" : null,
      templates: {
        // A suggestion is {label, hint}; the box's own text (the default value) is a string.
        inputValue: (item) => (typeof item === "string" ? item : item?.label ?? ""),
        // Where the school is tells apart the many that share a name.
        suggestion: (item) => escapeHtml(typeof item === "string" ? item : [item.label, item.hint].filter(Boolean).join(", ")),
      },
      tNoResults: () => "No school found",
      tAssistiveHint: () => `${description ? `${description}. ` : ""}When results are available use up and down arrows to review and enter to select. Touch device users, explore by touch or with swipe gestures.`,
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
    enhanceAutocompletes(scope);
    startRevealingRadios(scope);
  };
  enhance(document);
  document.body.addEventListener("htmx:afterSettle", (event) => enhance(event.detail.elt));
}
