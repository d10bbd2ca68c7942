"""Fields of the core app translated into the four working languages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .languages import language_codes
from .models import AssemblySession, Country, Document, Photo, Region, Room, Venue


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = language_codes()


# The texts of a session's page, each in the four languages (services.session_upsert).
SESSION_TEXTS = (
    "title",
    "introduction",
    "host_city",
    "tagline",
    "feature_heading",
    "feature_text",
    "themes_introduction",
)


@register(AssemblySession)
class AssemblySessionTranslation(TranslationOptions):
    fields = SESSION_TEXTS


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "city")


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title",)


@register(Photo)
class PhotoTranslation(TranslationOptions):
    fields = ("caption", "alt_text")
