from django import forms


class SchoolSearchForm(forms.Form):
    q = forms.CharField(label="Search by name, URN or postcode", required=False, max_length=100)
