"""Fields of the delegates app translated into the four working languages."""

from modeltranslation.translator import TranslationOptions, register

from .models import DelegationMessage, ObserverOrganisation


@register(ObserverOrganisation)
class ObserverOrganisationTranslation(TranslationOptions):
    fields = ("name",)


@register(DelegationMessage)
class DelegationMessageTranslation(TranslationOptions):
    fields = ("subject", "body")
