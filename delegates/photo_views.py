"""The badge photo: uploaded and cropped by its owner in the portal, read by its owner and by
the staff who see people; never under a public URL (SECURITY.md 4)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from assembly.text import CheckedTextForm

from . import permissions, services
from .models import Person
from .photos import PHOTO_ACCEPT, PHOTO_MAX_BYTES


class PhotoForm(CheckedTextForm):
    """A photo and where the badge's frame sits on it (set by the page's preview; centred
    without script)."""

    photo = forms.FileField(
        label=gettext_lazy("Photo for the badge"),
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
    )
    crop_x = forms.FloatField(min_value=0, max_value=1, initial=0.5, widget=forms.HiddenInput)
    crop_y = forms.FloatField(min_value=0, max_value=1, initial=0.5, widget=forms.HiddenInput)
    crop_zoom = forms.FloatField(min_value=1, max_value=3, initial=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Made per form, in the reader's language (a lazy text formatted at import would be
        # frozen in the language active then).
        self.fields["photo"].help_text = _(
            "A recent photo of your face, JPEG, PNG or WebP, at most %(size)s MB. It is cropped "
            "to the badge's frame (4 wide by 5 high)."
        ) % {"size": PHOTO_MAX_BYTES // 2**20}

    def crop(self) -> tuple[float, float, float]:
        data = self.cleaned_data
        return (data["crop_x"], data["crop_y"], data["crop_zoom"])


def _photo_response(person: Person):
    if not person.photo:
        raise Http404
    try:
        handle = person.photo.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def photo(request):
    """Upload (or remove) one's badge photo; the preview shows the frame the server cuts."""
    person = permissions.person_of(request.user)
    if person is None:
        messages.info(request, _("First tell us who you are."))
        return redirect("delegates:profile")
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and request.POST.get("remove"):
        services.person_photo_replace(person=person, upload=None, actor=request.user)
        messages.success(request, _("Your photo is removed."))
        return redirect("delegates:photo")
    if request.method == "POST" and form.is_valid():
        try:
            services.person_photo_replace(
                person=person,
                upload=form.cleaned_data["photo"],
                crop=form.crop(),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error("photo", error)
        else:
            messages.success(request, _("Your photo is saved: it will be printed on your badge."))
            return redirect("delegates:photo")
    return render(
        request,
        "delegates/portal/photo.html",
        {"form": form, "person": person},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def own_photo(request):
    """The signed-in person's own photo (no id in the URL: nobody else's can be asked)."""
    person = permissions.person_of(request.user)
    if person is None:
        raise Http404
    return _photo_response(person)


@never_cache
@login_required
@permission_required("delegates.view_person", raise_exception=True)
@require_http_methods(["GET", "HEAD"])
def person_photo(request, pk: int):
    """A person's photo, for the staff who see people (the badge desk, the back office)."""
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    return _photo_response(person)
