"""Reference data in the admin: parties, people, mechanisms, topics, divisions, each with its
English and Japanese name."""

from django.contrib import admin

from meetings import services
from meetings.admin.base import ServicesAdmin, column_values, many_values
from meetings.models import Division, Mechanism, Party, Person, Topic


class ReferenceAdmin(ServicesAdmin):
    deletion_refusals = staticmethod(services.reference_deletion_refusals)

    def delete(self, obj) -> None:
        services.delete_reference(record=obj)

    def save_model(self, request, obj, form, change) -> None:
        saved = services.save_reference(
            record=obj, fields=column_values(form), many=many_values(form)
        )
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change) -> None:
        # The many-to-many relations were saved with the row, by the service.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Party)
class PartyAdmin(ReferenceAdmin):
    list_display = ["code", "name", "name_ja", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_ja"]


@admin.register(Person)
class PersonAdmin(ReferenceAdmin):
    list_display = ["name", "name_ja", "party"]
    list_filter = ["party"]
    search_fields = ["name", "name_ja", "party__name", "party__name_ja", "party__code"]
    autocomplete_fields = ["party"]
    list_select_related = ["party"]


@admin.register(Mechanism)
class MechanismAdmin(ReferenceAdmin):
    list_display = ["name", "name_ja"]
    search_fields = ["name", "name_ja"]
    autocomplete_fields = ["parties"]


@admin.register(Topic)
class TopicAdmin(ReferenceAdmin):
    list_display = ["name", "name_ja", "slug"]
    search_fields = ["name", "name_ja", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Division)
class DivisionAdmin(ReferenceAdmin):
    list_display = ["name", "name_ja", "code"]
    search_fields = ["name", "name_ja", "code"]
