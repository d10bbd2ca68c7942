"""Fields of the resolutions app translated into the four working languages."""

from modeltranslation.translator import TranslationOptions, register

from .models import Amendment, Ballot, DraftResolution


@register(DraftResolution)
class DraftResolutionTranslation(TranslationOptions):
    fields = (
        "title",
        "text",
        "original_text",
        "financial_implications",
        "executive_committee_opinion",
    )


@register(Amendment)
class AmendmentTranslation(TranslationOptions):
    fields = ("text", "replacement", "replaced")


@register(Ballot)
class BallotTranslation(TranslationOptions):
    fields = ("subject",)
