"""The form that takes a school's CSV of ECTs; whole-file problems become one message on its field."""

from django import forms

from registration.uploads.rows import FileProblem, read_upload


class RegistrationUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="A CSV UTF-8 file with the template's headings and one row for each ECT, up to 1,000 rows and 2 MB.",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            # The size is checked before anything is read into memory.
            self.text, self.rows = read_upload(uploaded.name, uploaded.size, _read_if_small(uploaded))
        except FileProblem as problem:
            raise forms.ValidationError(str(problem)) from None
        return uploaded


def _read_if_small(uploaded) -> bytes:
    from registration.uploads.rows import MAX_FILE_BYTES

    return b"" if uploaded.size > MAX_FILE_BYTES else uploaded.read()
