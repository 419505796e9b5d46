"""People in the admin (superusers): usernames kept to one spelling, and a second factor reset
for someone who lost their phone. Authenticator secrets are not shown here at all."""

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


@admin.register(User)
class PersonAdmin(UserAdmin):
    form = PersonForm
    add_form = NewPersonForm
    actions = ["reset_second_factor"]

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
