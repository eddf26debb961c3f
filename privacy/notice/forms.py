"""The privacy notice's forms: a person's "Continue" after reading it, and hub staff's new version."""

from django import forms


class ContinueForm(forms.Form):
    # The version the person read, so a version published while they read is shown to them next.
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class PublishForm(forms.Form):
    # The messages are publish_notice's, so an empty form says the same as the domain would.
    text = forms.CharField(
        label="Text of the privacy notice",
        help_text="Leave a blank line between paragraphs. Start a line with ## and a space to make it a sub-heading.",
        widget=forms.Textarea(attrs={"rows": 25}),
        error_messages={"required": "Enter the text of the privacy notice"},
    )
    summary = forms.CharField(
        label="Summary of changes (optional)", required=False, max_length=2000,
        help_text="What is new in this version. Everyone is shown it above the notice when they next sign in.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
