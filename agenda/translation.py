"""Fields of the agenda app translated into the four working languages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, ProgrammeSlot, Speaker, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("title", "label", "description")


@register(ProgrammeSlot)
class ProgrammeSlotTranslation(TranslationOptions):
    fields = ("title", "description")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "proposer")


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("name", "function", "organisation", "biography")
