"""The one way the back office writes: each ModelAdmin names its app's services, and this mixin
calls them for the change form, its inlines and the deletes (DESIGN.md, "One write path")."""

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import ngettext


def apply_to_each(
    modeladmin,
    request,
    rows: Iterable,
    call: Callable[[Any], Any],
    done_message,
) -> tuple[int, int]:
    """The one loop of the admin's bulk actions: ``call(row)`` (a service) for each selected row.

    Each row is changed in its own transaction: a row the service refuses (a translated
    ``ValidationError``) is left exactly as it was, with nothing half-saved, and the other rows
    still go through. Then the officer reads how many rows were changed (``done_message``, an
    ``ngettext_lazy(singular, plural, "count")``: the count picks the plural form of their
    language, Arabic has six), how many were left unchanged, and why, row by row.
    Returns ``(done, refused)``.
    """
    done, refusals = 0, []
    for row in rows:
        try:
            with transaction.atomic():
                call(row)
        except ValidationError as error:
            refusals.append(f"{row}: {' '.join(error.messages)}")
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
    if refusals:
        count = len(refusals)
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d selected row was left unchanged:",
                "%(count)d selected rows were left unchanged:",
                count,
            )
            % {"count": count},
            messages.ERROR,
        )
        for refusal in refusals:
            modeladmin.message_user(request, refusal, messages.ERROR)
    return done, len(refusals)


class ServiceWrites:
    """What a ModelAdmin or an inline declares: the services that save and delete its model.

    ``save_service(**{service_object: obj}, actor=user)`` validates, saves and audits an object the
    form has filled in (``related=`` the form's many-to-many values, when it has any);
    ``delete_service(**{service_object: obj}, actor=user)`` deletes one. Without a delete service
    nothing is deleted here; without a save service the form may only be sent back unchanged.
    """

    save_service: Callable[..., Any] | None = None
    delete_service: Callable[..., Any] | None = None
    # The keyword the services take the object by; by default the model's name in snake case
    # (``ObserverOrganisation`` → ``observer_organisation``).
    service_object: str = ""

    def _keyword(self) -> str:
        return self.service_object or re.sub(r"(?<!^)(?=[A-Z])", "_", self.model.__name__).lower()

    def service_save(self, request, obj, related: dict | None = None) -> Any:
        if self.save_service is None:
            raise PermissionDenied
        extra = {"related": related} if related else {}
        return type(self).save_service(**{self._keyword(): obj}, actor=request.user, **extra)

    def service_delete(self, request, obj) -> None:
        if self.delete_service is None:
            raise PermissionDenied
        type(self).delete_service(**{self._keyword(): obj}, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        return self.delete_service is not None and super().has_delete_permission(request, obj)


class ReadOnlyRecords:
    """For the lists of records that only services write (a log, a scan at a door): staff read
    them; nobody adds, changes or deletes one in the back office. Put it first in the bases."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceInline(ServiceWrites):
    """For an inline of a ``ServiceModelAdmin``: its rows are saved by the services it names."""


class ServiceModelAdmin(ServiceWrites):
    """A ModelAdmin whose form, inlines and deletes go through the services it names."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            return self._refused(request, error)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            return self._refused(request, error)

    def _refused(self, request, error: ValidationError):
        """A service refused what the form allowed (the record changed meanwhile): the
        admin's transaction is rolled back, and the officer reads why on the page."""
        self.message_user(request, " ".join(error.messages), messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            # A page sent back as it was (a read-only one: a circulated draft, an open ballot)
            # writes nothing, and so is neither refused by the service nor audited.
            return
        related = {
            field.name: form.cleaned_data[field.name]
            for field in obj._meta.many_to_many
            if field.name in form.cleaned_data
        }
        self.service_save(request, obj, related)

    def save_related(self, request, form, formsets, change):
        # The form's many-to-many values were saved by the save service, never by ``save_m2m``.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        rows = [
            *formset.new_objects,
            *(obj for obj, _fields in formset.changed_objects),
        ]
        if not rows and not formset.deleted_objects:
            return
        inline = self._inline_for(request, formset.model)
        for obj in formset.deleted_objects:
            inline.service_delete(request, obj)
        for obj in rows:
            inline.service_save(request, obj)

    def _inline_for(self, request, model) -> ServiceInline:
        for inline in self.get_inline_instances(request):
            if inline.model is model and isinstance(inline, ServiceInline):
                return inline
        raise ImproperlyConfigured(
            f"{type(self).__name__}: the inline of {model.__name__} names no services"
        )

    def delete_model(self, request, obj):
        self.service_delete(request, obj)

    def delete_queryset(self, request, queryset):
        # Django's "delete selected" then counts the selection: a refusal is said per object.
        for obj in queryset:
            try:
                self.service_delete(request, obj)
            except ValidationError as error:
                self.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
