"""Forms of the delegate portal. They collect input only; the services decide and write.

Each form names its fields explicitly: anything else posted (``status``, ``is_staff``…) is
ignored (SECURITY.md 5).
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from assembly.models import Country
from assembly.text import CheckedTextForm, check_form_fields

from .models import Credentials, ObserverOrganisation, Person, Registration

Category = Registration.Category

# What a person may choose when registering themself; secretariat is set by staff only.
SELF_CATEGORIES = [
    (Category.HEAD, Category.HEAD.label),
    (Category.DELEGATE, Category.DELEGATE.label),
    (Category.ADDITIONAL, Category.ADDITIONAL.label),
    (Category.OBSERVER, Category.OBSERVER.label),
    (Category.MEDIA, Category.MEDIA.label),
]
# What a head of delegation may nominate.
NOMINATED_CATEGORIES = [
    (Category.DELEGATE, Category.DELEGATE.label),
    (Category.ADDITIONAL, Category.ADDITIONAL.label),
]
COUNTRY_CATEGORIES = {Category.HEAD, Category.DELEGATE, Category.ADDITIONAL}


class PersonForm(forms.ModelForm):
    """The profile a person keeps: names, rank, agency, needs, consent."""

    class Meta:
        model = Person
        fields = [
            "given_name",
            "family_name",
            "given_name_ar",
            "family_name_ar",
            "title",
            "function",
            "agency",
            "country",
            "phone",
            "preferred_language",
            "accessibility_needs",
            "dietary_needs",
            "public_consent",
        ]
        widgets = {
            "given_name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "family_name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
            "dietary_needs": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "dir": "ltr"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        check_form_fields(self)  # the fields that are not the model's (a nominee's email)
        if "country" in self.fields:
            self.fields["country"].queryset = Country.objects.filter(status=Country.Status.MEMBER)
        self.fields["given_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["family_name"].widget.attrs["autocomplete"] = "family-name"

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, _("This field cannot contain a NUL character."))
        return cleaned

    def profile_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class NominationForm(PersonForm):
    """A head of delegation nominates a member: their profile, email and category."""

    email = forms.EmailField(label=_("email"))
    category = forms.ChoiceField(label=_("category"), choices=NOMINATED_CATEGORIES)

    class Meta(PersonForm.Meta):
        fields = [name for name in PersonForm.Meta.fields if name != "country"]

    def profile_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RegistrationForm(CheckedTextForm):
    """Register for the current session: a category, and the country or the organisation."""

    category = forms.ChoiceField(label=_("category"), choices=SELF_CATEGORIES)
    country = forms.ModelChoiceField(
        label=_("member country"),
        queryset=Country.objects.none(),
        required=False,
        help_text=_("For heads of delegation and delegates."),
    )
    organisation = forms.ModelChoiceField(
        label=_("observer organisation"),
        queryset=ObserverOrganisation.objects.none(),
        required=False,
        help_text=_("For observers."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.filter(status=Country.Status.MEMBER)
        self.fields["organisation"].queryset = ObserverOrganisation.objects.all()

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        if category in COUNTRY_CATEGORIES and not cleaned.get("country"):
            self.add_error("country", _("Choose the member country of your delegation."))
        if category == Category.OBSERVER and not cleaned.get("organisation"):
            self.add_error("organisation", _("Choose your observer organisation."))
        return cleaned


class RegistrationEditForm(CheckedTextForm):
    """A submitted registration's category may change until the secretariat decides."""

    category = forms.ChoiceField(label=_("category"), choices=SELF_CATEGORIES)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CredentialsUploadForm(CheckedTextForm):
    """The letter of credentials (PDF) and who issued it (RP 8)."""

    file = forms.FileField(
        label=_("letter of credentials (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    issuing_authority = forms.ChoiceField(
        label=_("issuing authority"), choices=Credentials.Authority.choices
    )
    issued_on = forms.DateField(
        label=_("issued on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(size)s MB.")
                % {"size": settings.UPLOAD_MAX_BYTES // 2**20}
            )
        return upload
