from django import forms

from privacy.erasure.erase import DELETE, REVOKE


class ErasureForm(forms.Form):
    certificates = forms.ChoiceField(
        label="What should happen to their certificates?", widget=forms.RadioSelect, initial=REVOKE,
        choices=[(REVOKE, "Revoke them: the code still verifies, as revoked, without their name"),
                 (DELETE, "Delete them: the code no longer verifies")],
        error_messages={"required": "Select what should happen to their certificates"},
    )
    confirmed = forms.BooleanField(
        label="I have checked that the request comes from this person, and that the records found are theirs",
        error_messages={"required": "Confirm that you have checked who is asking and that the records are theirs"},
    )
