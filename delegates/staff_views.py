"""Badge pages: a delegate's own badge download and the staff check-in at the entrance."""

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from assembly.i18n import short_datetime
from assembly.selectors import current_session
from assembly.text import CheckedTextForm

from .badges import badge_registrations, badges_pdf, photo_data_uri
from .checkin import attendance_record, registration_for_token
from .models import Registration


@login_required
@require_http_methods(["GET", "HEAD"])
def badge(request):
    """The signed-in delegate's badge for the current session, once approved; 404 otherwise.

    Only the requester's own registration is ever looked up: there is no id in the URL to
    change (SECURITY.md 1).
    """
    session = current_session()
    if session is None:
        raise Http404
    registration = badge_registrations(
        Registration.objects.filter(session=session, person__user=request.user)
    ).first()
    if registration is None:
        raise Http404
    response = HttpResponse(badges_pdf([registration]), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="badge-{session.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class CheckInForm(CheckedTextForm):
    token = forms.CharField(
        label=_("Badge code"),
        max_length=200,
        help_text=_("Scan the QR code of the badge, or type the code printed under it."),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )


@login_required
@permission_required("delegates.add_attendance", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def checkin(request):
    """Scan or type a badge token: shows whose badge it is and records the attendance once."""
    context: dict = {"result": None, "refusal": None}
    status = 200
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                result = attendance_record(token=form.cleaned_data["token"], actor=request.user)
            except ValidationError as error:
                context["refusal"] = error.messages[0]
                status = 400
                if error.code in ("not_approved", "other_session"):
                    # Show whose badge it is so the entrance staff can explain the refusal.
                    context["refused_registration"] = registration_for_token(
                        form.cleaned_data["token"]
                    )
            else:
                registration = result.registration
                context["result"] = result
                context["photo"] = photo_data_uri(registration.person)
                context["first_checked_in_at"] = short_datetime(
                    result.attendance.checked_in_at, registration.session.tzinfo
                )
            # A fresh, empty field for the next badge in the queue.
            form = CheckInForm()
        else:
            status = 400
    else:
        form = CheckInForm()
    context["form"] = form
    return render(request, "delegates/staff/checkin.html", context, status=status)
