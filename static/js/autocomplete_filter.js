'use strict';
// The searchable list filters of the back office (assembly/list_filters.py AutocompleteFilter):
// choosing an object in the admin's autocomplete select applies the filter at once.
window.addEventListener('load', function () {
    const $ = window.django && window.django.jQuery;
    if (!$) {
        return;
    }
    $('form.autocomplete-filter select').on('change', function () {
        this.form.submit();
    });
});
