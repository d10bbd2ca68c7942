"""Fields of the delegates app translated into the four working languages."""

from modeltranslation.translator import TranslationOptions, register

from .models import ObserverOrganisation


@register(ObserverOrganisation)
class ObserverOrganisationTranslation(TranslationOptions):
    fields = ("name",)
