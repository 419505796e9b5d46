"""People in the admin (superusers): usernames kept to one spelling, and a second factor reset
for someone who lost their phone. Authenticator secrets are not shown here at all."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from meetings import services
from meetings.identity.usernames import clean_new_username
from meetings.models import Account

User = get_user_model()


class NewPersonForm(AdminUserCreationForm):
    def clean_username(self) -> str:
        return clean_new_username(self.cleaned_data["username"])


class PersonForm(UserChangeForm):
    def clean_username(self) -> str:
        return clean_new_username(self.cleaned_data["username"], exclude_pk=self.instance.pk)


admin.site.unregister(User)
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


class AccountInline(admin.StackedInline):
    """Where the person works (their divisions) and the language they are written to in."""

    model = Account
    fields = ["divisions", "language", "sessions_ended_at"]
    readonly_fields = ["sessions_ended_at"]
    can_delete = False
    verbose_name_plural = _("divisions and language")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(User)
class PersonAdmin(UserAdmin):
    form = PersonForm
    add_form = NewPersonForm
    actions = ["reset_second_factor"]
    inlines = [AccountInline]

    def get_inlines(self, request: HttpRequest, obj=None) -> list:
        # A new person is given divisions on the page that follows (their change page).
        return self.inlines if obj is not None else []

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is not Account:
            return super().save_formset(request, form, formset, change)
        # The admin's change message reads what was saved from these lists.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for account_form in formset.forms:
            if not account_form.has_changed():
                continue
            data = account_form.cleaned_data
            services.set_divisions(user=formset.instance, divisions=data["divisions"])
            services.set_language(user=formset.instance, language=data["language"])
            account = services.account_of(formset.instance)
            formset.changed_objects.append((account, account_form.changed_data))

    @admin.action(
        description=_("Reset the second factor (lost phone): they set up a new one at sign-in"),
        permissions=["change"],
    )
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet) -> None:
        for user in queryset:
            services.reset_second_factor(user=user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "The second factor of %(count)d person was reset; their sessions and API "
                "tokens ended.",
                "The second factors of %(count)d people were reset; their sessions and API "
                "tokens ended.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
