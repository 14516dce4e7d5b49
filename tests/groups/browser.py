"""Fill in and send HTML forms the way a browser would, for tests through the real admin.

``form_data(response, "#page-edit-form")`` reads every control of the form in the page as the
browser would send it unchanged (text inputs, hidden inputs, checked boxes and radios, selected
options, textareas), skipping ``<template>`` contents (Wagtail's blank inline forms).
"""
from bs4 import BeautifulSoup


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def form_data(response, selector="form"):
    page = soup(response)
    form = page.select_one(selector)
    assert form is not None, f"No form matching {selector!r} in the page"
    for template in form.find_all("template"):
        template.decompose()
    data = {}

    def add(name, value):
        data.setdefault(name, []).append(value)

    for control in form.find_all(["input", "select", "textarea"]):
        name = control.get("name")
        if not name or control.has_attr("disabled"):
            continue
        if control.name == "input":
            kind = (control.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio"):
                if control.has_attr("checked"):
                    add(name, control.get("value", "on"))
                continue
            add(name, control.get("value", ""))
        elif control.name == "textarea":
            value = control.text
            add(name, value[1:] if value.startswith("\n") else value)  # as browsers do
        else:
            options = control.find_all("option")
            chosen = [option for option in options if option.has_attr("selected")]
            if not chosen and options and not control.has_attr("multiple"):
                chosen = options[:1]
            for option in chosen:
                add(name, option.get("value", option.text))
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


def text(response):
    """The visible text of a page, with whitespace collapsed."""
    return " ".join(soup(response).get_text(" ").split())


def error_messages(response):
    """Text of the admin's inline field errors and the public pages' NHS.UK error messages."""
    page = soup(response)
    found = page.select(".error-message, .w-field__errors, .nhsuk-error-message, .nhsuk-error-summary__list li")
    return [" ".join(element.get_text(" ").split()) for element in found]
