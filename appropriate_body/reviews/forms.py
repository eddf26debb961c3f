"""The AB's check of a report: a comment box for each part the tutor fills (none needed to accept)."""

from django import forms

from appropriate_body.models import SECTIONS

HINTS = {"evidence_files": "For example, a file the school said it would attach."}


class CheckForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in SECTIONS.items():
            self.fields[key] = forms.CharField(label=f"Comment on: {label}", required=False, max_length=2000,
                                               help_text=HINTS.get(key, ""), widget=forms.Textarea(attrs={"rows": 2}))

    def comments(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key in SECTIONS}

    def put_domain_errors(self, errors: dict) -> None:
        for key, messages in errors.items():
            # "Comment on at least one part" belongs to no one box: it is shown on the first.
            self.add_error(key if key in self.fields else "evidence_summary", messages)
