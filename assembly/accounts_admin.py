"""The back office of accounts, staff groups and sign-in addresses (SECURITY.md 26).

Django's stock ``UserAdmin`` lets anyone with ``auth.change_user`` tick "superuser" on their own
account; here superusers alone touch privileges, passwords, groups and staff accounts, and a
role that manages accounts sees delegates' accounts only, to correct a name or an email or to
activate or deactivate one. Every write goes through ``assembly.accounts``.
"""

from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.admin import sensitive_post_parameters_m
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from . import accounts
from .admin_writes import ServiceModelAdmin, apply_to_each

User = get_user_model()


class _EmailFreeMixin:
    """Refuses an email that another account already uses."""

    def clean_email(self):
        email = self.cleaned_data.get("email", "")
        if email and accounts.email_in_use(email, exclude=self.instance):
            raise accounts.email_in_use_error()
        return email


class AccountChangeForm(_EmailFreeMixin, UserChangeForm):
    """The superuser's change form."""


class DelegateAccountForm(_EmailFreeMixin, forms.ModelForm):
    """What a role that manages accounts may correct on a delegate's account."""

    class Meta:
        model = User
        fields = accounts.ACCOUNT_FIELDS


admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(ServiceModelAdmin, DjangoUserAdmin):
    save_service = accounts.user_save
    delete_service = accounts.user_delete
    form = AccountChangeForm
    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_staff")
    # What a role that manages accounts sees of a delegate's account: no privilege, no password.
    delegate_fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Permissions"), {"fields": ("is_active",)}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(is_staff=False, is_superuser=False)

    def get_list_filter(self, request):
        return self.list_filter if request.user.is_superuser else ("is_active",)

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.delegate_fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and not request.user.is_superuser:
            kwargs["form"] = DelegateAccountForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if request.user.is_superuser:
            return ("last_login", "date_joined")
        return ("username", "last_login", "date_joined")

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or request.user.is_superuser:
            return allowed
        return allowed and not accounts.is_privileged(obj)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or accounts.may_change_account(request.user, obj)

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return (
            request.user.is_active
            and request.user.is_superuser
            and (obj is None or obj.pk != request.user.pk)
        )

    def has_password_change_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    @sensitive_post_parameters_m
    def user_change_password(self, request, id, form_url=""):
        """Django's page, refused to all but superusers (before the account is even looked
        up), and saving through ``accounts.user_set_password``."""
        if not self.has_password_change_permission(request):
            raise PermissionDenied
        user = self.get_object(request, unquote(id))
        if user is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, id)
        if request.method == "POST":
            form = self.change_password_form(user, request.POST)
            if form.is_valid():
                usable = form.cleaned_data["set_usable_password"]
                if not usable and "unset-password" not in request.POST:
                    messages.error(
                        request, gettext("Conflicting form data submitted. Please try again.")
                    )
                    return HttpResponseRedirect(request.get_full_path())
                user = accounts.user_set_password(
                    user=user,
                    actor=request.user,
                    password=form.cleaned_data["password1"] if usable else None,
                )
                self.log_change(request, user, self.construct_change_message(request, form, None))
                if user.has_usable_password():
                    messages.success(request, gettext("Password changed successfully."))
                else:
                    messages.success(
                        request, gettext("Password-based authentication was disabled.")
                    )
                update_session_auth_hash(request, user)
                return HttpResponseRedirect(
                    reverse(
                        f"{self.admin_site.name}:{user._meta.app_label}_{user._meta.model_name}_change",
                        args=(user.pk,),
                    )
                )
        else:
            form = self.change_password_form(user)
        admin_form = admin.helpers.AdminForm(form, [(None, {"fields": list(form.base_fields)})], {})
        title = _("Change password: %s") if user.has_usable_password() else _("Set password: %s")
        context = {
            "title": title % escape(user.get_username()),
            "adminForm": admin_form,
            "form_url": form_url,
            "form": form,
            "is_popup": (IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET),
            "is_popup_var": IS_POPUP_VAR,
            "add": True,
            "change": False,
            "has_delete_permission": False,
            "has_change_permission": True,
            "has_absolute_url": False,
            "opts": self.opts,
            "original": user,
            "save_as": False,
            "show_save": True,
            **self.admin_site.each_context(request),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            self.change_user_password_template or "admin/auth/user/change_password.html",
            context,
        )


admin.site.unregister(Group)


@admin.register(Group)
class StaffGroupAdmin(ServiceModelAdmin, DjangoGroupAdmin):
    """Groups are the staff roles: only superusers create, change or delete them (a role never
    adds a permission to its own group); ``setup_roles`` keeps them as each app declares."""

    save_service = accounts.group_save
    delete_service = accounts.group_delete

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class SignInAddressAdmin(ServiceModelAdmin, AllauthEmailAddressAdmin):
    """Sign-in addresses: a changed address of a staff account would let a password reset take
    it over, so only superusers change them; others read delegates' addresses at most."""

    save_service = accounts.email_address_save
    delete_service = accounts.email_address_delete
    service_object = "address"
    actions = ["make_verified"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user__is_staff=False, user__is_superuser=False)

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    @admin.action(
        description=_("Mark selected email addresses as verified"), permissions=["change"]
    )
    def make_verified(self, request, queryset):
        def verify(address):
            if not accounts.email_address_verify(address=address, actor=request.user):
                # allauth's own words: another account has verified this address.
                raise ValidationError(
                    _("Failed to mark {email} as verified.").format(email=address.email)
                )
            # allauth's hook, as its own action sends it.
            email_confirmed.send(sender=EmailAddress, request=request, email_address=address)

        apply_to_each(
            self,
            request,
            queryset.filter(verified=False),
            verify,
            ngettext_lazy(
                "%(count)d address marked as verified.",
                "%(count)d addresses marked as verified.",
                "count",
            ),
        )
