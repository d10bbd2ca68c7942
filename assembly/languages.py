"""The working languages (from settings) and the columns that hold a translated field in each."""

from collections.abc import Callable, Mapping

from django.conf import settings


def language_codes() -> tuple[str, ...]:
    """The codes of the working languages, in the order of ``settings.LANGUAGES``."""
    return tuple(code for code, _name in settings.LANGUAGES)


def language_columns(field: str) -> list[str]:
    """The name of ``field``'s column in each working language: ``["title_ar", "title_en", …]``.

    ``field`` may follow relations (``"country__name"``), as admin search fields do.
    """
    return [f"{field}_{code}" for code in language_codes()]


def translation_columns(
    field: str,
    values: Mapping[str, str],
    *,
    clean: Callable[[str], str] | None = None,
) -> dict[str, str]:
    """The column of each working language (``title_en``, ``title_fr``…) with its text.

    A language missing from ``values`` gets an empty text. Text is stripped, then passed
    through ``clean`` (the rich-text allow-list) when given. An unknown language code is a
    programming error and raises ``ValueError``.
    """
    codes = language_codes()
    unknown = sorted(set(values) - set(codes))
    if unknown:
        raise ValueError(f"{field}: {', '.join(unknown)} is not a working language")
    columns = {}
    for code, column in zip(codes, language_columns(field), strict=True):
        text = (values.get(code) or "").strip()
        columns[column] = clean(text) if text and clean is not None else text
    return columns


def set_translations(
    obj,
    field: str,
    values: Mapping[str, str],
    *,
    clean: Callable[[str], str] | None = None,
) -> None:
    """Write ``values`` (language code → text) into ``obj``'s column of each working language.

    Each column is written by its name (``title_en``, ``title_fr``…), never through ``obj.title``:
    django-modeltranslation routes that attribute to the *active* language's column, so under
    French the English text would replace the French one. See ``translation_columns`` for
    missing languages, stripping and ``clean``.
    """
    for column, text in translation_columns(field, values, clean=clean).items():
        setattr(obj, column, text)


def translations(obj, field: str) -> dict[str, str]:
    """``obj.field`` in each working language (empty where it is not written)."""
    return {code: getattr(obj, f"{field}_{code}", "") or "" for code in language_codes()}


def missing_languages(obj, *fields: str, required: bool = False) -> list[str]:
    """The working languages in which one of ``fields`` has no text yet, in settings' order.

    Whitespace is no text. A field written in no language at all (an optional description left
    empty) is not awaiting a translation, unless ``required``: then it is missing everywhere.
    """
    written = [
        field
        for field in fields
        if required or any(text.strip() for text in translations(obj, field).values())
    ]
    return [
        code
        for code in language_codes()
        if any(not (getattr(obj, f"{field}_{code}", "") or "").strip() for field in written)
    ]
