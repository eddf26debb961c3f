from django import forms


class ReplyForm(forms.Form):
    answer = forms.ChoiceField(
        label="Will you come?",
        choices=[("accept", "Yes, I will come"), ("decline", "No, I cannot come")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you will come"},
    )
    access_needs = forms.CharField(
        label="Access needs (optional)", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example step-free access, a hearing loop or a seat near the front.",
    )
    dietary_needs = forms.CharField(
        label="Dietary needs (optional)", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
    )
