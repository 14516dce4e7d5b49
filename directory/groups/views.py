"""Public pages: "List your group", "Report a problem", "Still accurate", and setting a password.

Views are thin: the work is in ``signup``, ``reports``, ``reminders``, ``invitations``, ``spam``.
"""
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods

from . import reminders, reports, signup, spam
from .forms import JoinForm, ProblemReportForm
from .invitations import invitation_tokens

TOO_FAST = "Check your answers, then send the form again."
TOO_MANY = "You have sent this form a lot of times in the last hour. Wait a while, then try again."


def _public_form_response(request, form, scope, template, context, on_valid):
    """The shared handling of a public form: spam checks, rate limit, validation.

    A form sent too quickly, with an old or forged stamp, or by a sender over the rate limit
    is shown again with everything the person typed, never thrown away; a filled-in honeypot
    gets the normal thank-you page and nothing is saved.
    """
    context = {**context, "form": form}
    if request.method != "POST":
        return render(request, template, context)
    if spam.rate_limited(request, scope):
        form.refresh_stamp()
        return render(request, template, {**context, "problem": TOO_MANY}, status=429)
    if form.is_robot():
        return on_valid(None)
    if form.timing_problem():
        form.refresh_stamp()
        form.is_valid()  # show any other mistakes at the same time
        return render(request, template, {**context, "problem": TOO_FAST}, status=400)
    if not form.is_valid():
        form.refresh_stamp()
        return render(request, template, context, status=400)
    return on_valid(form)


@require_http_methods(["GET", "POST"])
def join(request):
    form = JoinForm(request.POST if request.method == "POST" else None)

    def on_valid(valid_form):
        if valid_form is not None:
            signup.submit(valid_form.to_application(ip_hash=spam.ip_hash(request)))
        return redirect("groups:join_done")

    return _public_form_response(request, form, "join", "groups/join.html", {}, on_valid)


def join_done(request):
    return render(request, "groups/join_done.html")


@require_http_methods(["GET", "POST"])
def report(request, page_id):
    listing = reports.reportable_listing(page_id)
    if listing is None:
        raise Http404("No listing to report")
    form = ProblemReportForm(request.POST if request.method == "POST" else None)

    def on_valid(valid_form):
        if valid_form is not None:
            reports.create_report(
                listing, valid_form.cleaned_data["kind"], valid_form.cleaned_data["note"], ip_hash=spam.ip_hash(request),
            )
        return redirect("groups:report_done", page_id=listing.pk)

    return _public_form_response(request, form, "report", "groups/report.html", {"listing": listing}, on_valid)


def report_done(request, page_id):
    listing = reports.reportable_listing(page_id)
    if listing is None:
        raise Http404("No listing")
    return render(request, "groups/report_done.html", {"listing": listing})


@require_http_methods(["GET", "POST"])
def still_accurate(request, organisation_id, token):
    try:
        reminder = reminders.reminder_for_link(organisation_id, token)
    except reminders.LinkProblem as problem:
        return render(request, "groups/still_accurate_invalid.html", {"reason": problem.reason}, status=400)
    organisation = reminder.organisation
    context = {"organisation": organisation, "reminder": reminder, "listings": reminders.listings_of(organisation)}
    if request.method == "POST":
        refreshed = reminders.confirm_still_accurate(reminder)
        return render(request, "groups/still_accurate_done.html", {**context, "refreshed": refreshed})
    return render(request, "groups/still_accurate.html", context)


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The invitation link: choose a password, then go to the admin signed in."""

    template_name = "groups/set_password.html"
    token_generator = invitation_tokens
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("groups:password_set")
    reset_url_token = "choose-password"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["new_password1"].label = "Choose a password"
        form.fields["new_password2"].label = "Type the password again"
        return form


def password_set(request):
    return render(request, "groups/password_set.html", {"admin_url": reverse("wagtailadmin_home")})
