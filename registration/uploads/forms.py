"""The form that takes a school's CSV of ECTs; whole-file problems become one message on its field."""

from django import forms

from hubportal.lib.csv_upload import FileProblem, read_uploaded_file
from registration.uploads.rows import ECT_FILE


class RegistrationUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="A CSV file with the template's headings and one row for each ECT, up to 1,000 rows and 2 MB.",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            self.text, self.rows = read_uploaded_file(ECT_FILE, uploaded)
        except FileProblem as problem:
            raise forms.ValidationError(str(problem)) from None
        return uploaded
