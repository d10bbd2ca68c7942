"""Messages to delegations in the admin: written in four languages (tabs), sent to an audience
after a preview of the count and a confirmation, recipients listed read-only.

Every write goes through ``delegates.services`` (``delegation_message_save``,
``delegation_message_send``), audited.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from assembly.admin import MissingLanguagesMixin, SessionTimesMixin, TabbedTranslationAdmin
from assembly.languages import language_codes, missing_languages
from assembly.list_filters import session_filter

from . import services
from .audiences import AUDIENCES, audience_choices
from .models import DelegationMessage, DelegationMessageRecipient


class AudienceForm(forms.Form):
    audience = forms.ChoiceField(label=_("audience"), choices=audience_choices)


class RecipientInline(admin.TabularInline):
    """Who got what: read-only, written by the send service."""

    model = DelegationMessageRecipient
    extra = 0
    can_delete = False
    fields = ["person", "email", "language", "created_at", "mail_status"]
    readonly_fields = fields

    @admin.display(description=_("mail"))
    def mail_status(self, obj):
        return obj.mail.get_status_display() if obj.mail_id else "—"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DelegationMessage)
class DelegationMessageAdmin(SessionTimesMixin, MissingLanguagesMixin, TabbedTranslationAdmin):
    translated_fields = ("subject", "body")
    list_display = ["subject", "session", "audience", "sent_at", "missing_languages"]
    list_filter = [session_filter("session")]
    fields = ["session", "subject", "body", "audience", "created_by", "sent_by", "sent_at"]
    readonly_fields = ["audience", "created_by", "sent_by", "sent_at", "send_link"]
    inlines = [RecipientInline]

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is not None and "send_link" not in fields:
            fields.append("send_link")
        return fields

    def has_delete_permission(self, request, obj=None):
        return False  # the record of who got what stays

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.sent_at is not None:
            return False  # a sent message is kept as it was sent
        return super().has_change_permission(request, obj)

    @admin.display(description=_("send"))
    def send_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:delegates_delegationmessage_send", args=[obj.pk]),
            _("Choose the audience and send…"),
        )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        codes = language_codes()
        message = services.delegation_message_save(
            message=obj if change else None,
            session=data["session"],
            subjects={code: data.get(f"subject_{code}") or "" for code in codes},
            bodies={code: data.get(f"body_{code}") or "" for code in codes},
            actor=request.user,
        )
        obj.pk, obj._state.adding = message.pk, False

    def save_related(self, request, form, formsets, change):
        """Nothing to save: the message has no many-to-many field, and its recipients are
        written by the send service alone (their inline is read-only)."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        """The recipients' inline is read-only: the send service writes its rows. The formset
        is bound without writing, so the admin's change message can read it."""
        formset.save(commit=False)

    def get_urls(self):
        return [
            path(
                "<int:pk>/send/",
                self.admin_site.admin_view(self.send_view),
                name="delegates_delegationmessage_send",
            ),
        ] + super().get_urls()

    def send_view(self, request, pk: int):
        if not request.user.has_perm("delegates.send_delegationmessage"):
            raise PermissionDenied
        message = DelegationMessage.objects.filter(pk=pk).select_related("session").first()
        if message is None:
            raise Http404
        received = set(message.recipients.values_list("person_id", flat=True))

        def new_count(audience):
            people = set(
                audience.registrations(message.session).values_list("person_id", flat=True)
            )
            return len(people - received)

        form = AudienceForm(request.POST or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Send the message"),
            "message": message,
            "missing": missing_languages(message, "subject", "body", required=True),
            "counts": [(audience, new_count(audience)) for audience in AUDIENCES.values()],
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            chosen = AUDIENCES[form.cleaned_data["audience"]]
            if request.POST.get("confirm") == "yes":
                try:
                    count = services.delegation_message_send(
                        message=message, audience=chosen.key, actor=request.user
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(
                        request,
                        ngettext(
                            "The message was queued for %(count)d person.",
                            "The message was queued for %(count)d people.",
                            count,
                        )
                        % {"count": count},
                    )
                    return HttpResponseRedirect(
                        reverse("admin:delegates_delegationmessage_change", args=[message.pk])
                    )
            else:
                context.update(confirm=True, chosen=chosen, confirm_count=new_count(chosen))
        return TemplateResponse(request, "admin/delegates/delegationmessage/send.html", context)
