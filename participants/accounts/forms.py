from django import forms
from django.contrib.auth import password_validation

from participants.models import SCHOOL_ROLES, Role, School, User
from participants.schools.forms import SchoolField


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address in the correct format, like name@school.org.uk",
        },
    )
    first_name = forms.CharField(label="First name (optional)", max_length=150, required=False)
    last_name = forms.CharField(label="Last name (optional)", max_length=150, required=False)
    # No role is preselected: a slip must not make someone hub staff.
    role = forms.ChoiceField(
        label="Role", choices=[("", "Choose a role"), *Role.choices], error_messages={"required": "Choose a role"}
    )
    # Hubs sharing the portal serve thousands of schools: one is typed and searched, never listed.
    school = SchoolField(
        label="School",
        required=False,
        help_text="Needed for an induction tutor or a headteacher. Start typing the school's name or URN.",
    )

    def __init__(self, *args, schools=None, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools if schools is not None else School.objects.all()
        if roles is not None:
            self.fields["role"].choices = [("", "Choose a role")] + [
                (value, label) for value, label in Role.choices if value in roles
            ]

    def clean(self):
        data = super().clean()
        # A school typed but not found has its own message already.
        if data.get("role") in SCHOOL_ROLES and not data.get("school") and "school" not in self.errors:
            self.add_error("school", f"Choose the school for the {Role(data['role']).label.lower()}.")
        return data


class AcceptInvitationForm(forms.Form):
    """Sets up a new account from an invitation: name and a password."""

    first_name = forms.CharField(label="First name", max_length=150, error_messages={"required": "Enter your first name"})
    last_name = forms.CharField(label="Last name", max_length=150, error_messages={"required": "Enter your last name"})
    password1 = forms.CharField(label="Create a password", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label="Confirm the password", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["password1"].help_text = password_validation.password_validators_help_text_html()

    def clean_password2(self):
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            raise forms.ValidationError("The two passwords do not match.")
        return second

    def clean(self):
        data = super().clean()
        password = data.get("password1")
        if password:
            candidate = User(email=self.email, first_name=data.get("first_name", ""), last_name=data.get("last_name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
