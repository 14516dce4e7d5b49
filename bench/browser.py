"""An HTTP session for the benchmarks, as a browser would hold it: cookies, redirects not
followed (so a 302 is seen as one), HTML forms read with html.parser.

    session = Session("http://127.0.0.1:8000")
    page = session.get("/admin/login/")                    # Response(status, text, seconds, location)
    fields = form_fields(page.text, form_id="page-edit-form")   # [(name, value), ...] as submitted
    answer = session.post("/admin/pages/12/edit/", fields)
"""
import http.cookiejar
import time
from collections import namedtuple
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urlencode

SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}

# status: the HTTP status, or "connection error" / "timeout" when nothing came back;
# location: the Location header of a redirect ("" otherwise).
Response = namedtuple("Response", "status text seconds location")


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 3xx is returned to the caller as it is


class Session:
    def __init__(self, base_url, timeout=90):
        self.base_url, self.timeout = base_url, timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _KeepRedirects())

    def request(self, path, data=None):
        body = urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body)
        began = time.perf_counter()
        location = ""
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode("utf-8", "replace")
            location = error.headers.get("Location", "")
        except TimeoutError:
            status, text = "timeout", ""
        except (urllib.error.URLError, ConnectionError) as error:
            status = "timeout" if isinstance(getattr(error, "reason", None), TimeoutError) else "connection error"
            text = ""
        return Response(status, text, time.perf_counter() - began, location)

    def get(self, path):
        return self.request(path)

    def post(self, path, fields):
        return self.request(path, data=list(fields))


class _FormReader(HTMLParser):
    """What a browser would submit from one form: inputs (checked boxes and radios only),
    selected options, textareas; nothing inside <template> (Wagtail's empty inline form)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.fields = form_id, []
        self.in_form = self.found = False
        self.template_depth = 0
        self.select = None  # [name, multiple, options [(value, selected)]]
        self.option = None  # [value or None, selected, text]
        self.textarea = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if not self.found and (self.form_id is None or attrs.get("id") == self.form_id):
                self.in_form = self.found = True
            return
        if tag == "template":
            self.template_depth += 1
        if not self.in_form or self.template_depth:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind in SKIPPED_INPUTS:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            else:
                self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name and "disabled" not in attrs:
            self.select = [name, "multiple" in attrs, []]
        elif tag == "option" and self.select is not None:
            self._end_option()
            self.option = [attrs.get("value"), "selected" in attrs, ""]
        elif tag == "textarea" and name and "disabled" not in attrs:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        elif self.option is not None:
            self.option[2] += data

    def _end_option(self):
        if self.option is not None:
            value, selected, text = self.option
            self.select[2].append((text.strip() if value is None else value, selected))
            self.option = None

    def handle_endtag(self, tag):
        if tag == "template" and self.template_depth:
            self.template_depth -= 1
        elif tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "option" and self.select is not None:
            self._end_option()
        elif tag == "select" and self.select is not None:
            self._end_option()
            name, multiple, options = self.select
            chosen = [value for value, selected in options if selected]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]  # a browser submits the first option
            self.fields.extend((name, value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self.textarea = None


def form_fields(html, form_id=None):
    """[(name, value), ...] a browser would submit from the form with this id (or the first)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    reader.close()
    return reader.fields


class _ErrorReader(HTMLParser):
    """Texts of elements whose class says error (field errors, the page's error banner)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.texts = [], []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}:
            return
        classes = dict(attrs).get("class") or ""
        self.stack.append("error" in classes or "help-critical" in classes)

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if any(self.stack) and data.strip():
            self.texts.append(" ".join(data.split()))


def error_texts(html, limit=12):
    reader = _ErrorReader()
    reader.feed(html)
    unique = list(dict.fromkeys(reader.texts))
    return unique[:limit]
