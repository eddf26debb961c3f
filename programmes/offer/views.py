"""The public CPD offer page: no sign-in, filtered by career stage and phase with a GET form."""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from hubportal.lib.forms import RadioItemsMixin
from programmes.models import CareerStage, Phase
from programmes.offer.offer import build_offer


class OfferFilterForm(RadioItemsMixin, forms.Form):
    career_stage = forms.ChoiceField(
        label="Career stage", required=False, widget=forms.RadioSelect,
        choices=[("", "Any career stage"), *CareerStage.choices],
        error_messages={"invalid_choice": "Choose a career stage from the list (we did not recognise that one, so every career stage is shown)"},
    )
    phase = forms.ChoiceField(
        label="Phase", required=False, widget=forms.RadioSelect,
        choices=[("", "Any phase"), *Phase.choices],
        help_text="Programmes for every phase are always shown.",
        error_messages={"invalid_choice": "Choose a phase from the list (we did not recognise that one, so every phase is shown)"},
    )

    def choice(self, name: str) -> str:
        """A valid filter value, or "" (a bad one is reported on its field and otherwise ignored)."""
        if not self.is_bound or self.errors.get(name):
            return ""
        return self.cleaned_data.get(name) or ""


@require_safe
def cpd_offer(request):
    # Only the two filters count: a link with other parameters (tracking, say) is not "filtered".
    data = {name: request.GET[name] for name in ("career_stage", "phase") if name in request.GET}
    form = OfferFilterForm(data or None)
    if form.is_bound and not form.is_valid():
        # A value not recognised is reported and ignored: its radios show what is applied ("Any").
        form.data = {**form.data, **dict.fromkeys(form.errors, "")}
    career_stage, phase = form.choice("career_stage"), form.choice("phase")
    offer = build_offer(today=timezone.localdate(), now=timezone.now(), career_stage=career_stage, phase=phase)
    return render(request, "programmes/offer/offer.html", {
        "form": form, "offer": offer, "filtered": bool(career_stage or phase),
        "career_stage_label": CareerStage(career_stage).label if career_stage else "",
        "phase_label": Phase(phase).label if phase else "",
    })
