from django import forms
from django.utils import timezone

from hubportal.lib.forms import date_field
from participants.models import trn_validator
from privacy.models import DataRequest


class NewRequestForm(forms.Form):
    kind = forms.ChoiceField(label="What are they asking for?", choices=DataRequest.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select what they are asking for"})
    email = forms.EmailField(label="Email address (optional if you give a TRN)", required=False,
                             error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"})
    trn = forms.CharField(label="Teacher reference number (TRN) (optional if you give an email address)", required=False,
                          max_length=7, validators=[trn_validator], help_text="7 digits, like 1234567",
                          error_messages={"max_length": "TRN must be 7 numeric digits"})
    name = forms.CharField(label="Their name (optional)", required=False, max_length=200,
                           help_text="As they gave it, to help you recognise the records found")
    received_on = date_field("Date the request was received", error_messages={"required": "Enter the date the request was received"})

    def clean_received_on(self):
        received = self.cleaned_data["received_on"]
        if received > timezone.localdate():
            raise forms.ValidationError("The date the request was received must be today or in the past")
        return received

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("trn") and "email" not in self.errors and "trn" not in self.errors:
            self.add_error("email", "Enter their email address or TRN, so the portal can find their records")
        return data


class ExtendForm(forms.Form):
    reason = forms.CharField(label="Why do you need two more months?", widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=1000, help_text="The person must be told this within the first month",
                             error_messages={"required": "Enter why you need two more months"})
