"""Forms of the concern pages: raise a concern, add an action, record a visit, close it."""

from django import forms

from hubportal.lib.forms import date_field


class RaiseConcernForm(forms.Form):
    description = forms.CharField(label="What is the concern?", max_length=10000, widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text="What you have seen, since when, and what has been tried. The ECT is not shown this text.",
                                  error_messages={"required": "Enter what the concern is"})
    monitoring_from = date_field("Monitoring starts on", error_messages={"required": "Enter the day monitoring starts"})
    review_on = date_field("Next review (optional)", required=False)


class ActionForm(forms.Form):
    what = forms.CharField(label="What needs doing", max_length=500, error_messages={"required": "Enter what needs doing"})
    who = forms.CharField(label="Who does it", max_length=150, help_text="For example, the mentor or the induction tutor",
                          error_messages={"required": "Enter who does it"})
    due_on = date_field("Due by", error_messages={"required": "Enter the date it is due"})


class VisitForm(forms.Form):
    visit_on = date_field("Date of the visit", error_messages={"required": "Enter the date of the visit"})
    visit_note = forms.CharField(label="Note of the visit", required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
    review_on = date_field("Next review (optional)", required=False)


class CloseConcernForm(forms.Form):
    closing_note = forms.CharField(label="Why is the concern closed?", max_length=10000, widget=forms.Textarea(attrs={"rows": 4}),
                                   error_messages={"required": "Enter why the concern is closed"})
