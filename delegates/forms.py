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


class NominationForm(CheckedTextForm):
    """A head of delegation (or the secretariat) invites a member by email.

    The name only greets the person in the invitation; their profile is theirs to write when
    they accept. Whether the address has an account changes nothing (SECURITY.md 32).
    """

    email = forms.EmailField(label=_("Email"))
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=NOMINATED_CATEGORIES)
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=settings.LANGUAGES, initial="en"
    )


class InvitationAnswerForm(CheckedTextForm):
    """Accept or decline: the button pressed is the answer."""

    answer = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])


class RequestDeclineForm(CheckedTextForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class VotingDelegateForm(CheckedTextForm):
    """The member who votes for the delegation at the session (the head when left empty)."""

    voting_delegate = forms.ModelChoiceField(
        label=_("Member who votes for the delegation"),
        queryset=Registration.objects.none(),
        required=False,
        empty_label=_("The head of delegation"),
    )

    def __init__(self, *args, delegation=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["voting_delegate"]
        field.queryset = (
            Registration.objects.filter(
                delegation=delegation,
                status__in=Registration.SEAT_STATUSES,
                category__in=COUNTRY_CATEGORIES,
            )
            .select_related("person")
            .order_by("person__family_name", "person__given_name")
        )
        field.label_from_instance = lambda registration: (
            f"{registration.person.local_name} ({registration.get_category_display()})"
        )


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
