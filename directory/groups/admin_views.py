"""The moderators' screens in the Wagtail admin: group applications and problem reports.

Both are Wagtail ModelViewSets, grouped under "Voluntary groups" in the menu. A moderator opens
an application to review it and approves or declines it there; a problem report is resolved
from its own screen. Permissions come from the model permissions given to the "Directory
moderators" group (see the 0002 migration): viewing needs ``view``, deciding needs ``change``.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from . import reports, signup
from .forms import DeclineForm
from .models import GroupApplication, ProblemReport


class DecisionView(WagtailAdminTemplateMixin, TemplateView):
    """Shows one object with buttons to act on it; POST acts. Needs the ``change`` permission."""

    model = None
    viewset = None
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        policy = self.viewset.permission_policy
        if not policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        if kwargs["pk"] > 2**63 - 1:
            raise Http404
        self.object = get_object_or_404(self.model, pk=kwargs["pk"])
        self.can_decide = policy.user_has_permission(request.user, "change")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.viewset.get_url_name("index")), "label": self.viewset.menu_label},
            {"url": "", "label": str(self.object)},
        ]

    def get_page_title(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, can_decide=self.can_decide, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.can_decide:
            raise PermissionDenied
        return self.act(request)


class ApplicationReviewView(DecisionView):
    model = GroupApplication
    template_name = "groups/admin/application_review.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("decline_form", DeclineForm())
        context["similar"] = _similar_organisations(self.object)
        return context

    def act(self, request):
        application = self.object
        action = request.POST.get("action")
        try:
            if action == "approve":
                team = signup.approve(application, request.user)
                messages.success(
                    request,
                    f"Approved {application.name}. Their draft page and editors' group are ready, "
                    f"and {application.contact_email} has been invited to set a password.",
                )
                return redirect("wagtailadmin_pages:edit", team.organisation.pk)
            if action == "decline":
                form = DeclineForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(decline_form=form), status=400)
                signup.decline(application, request.user, form.cleaned_data["reason"])
                messages.success(request, f"Declined {application.name}. We have emailed {application.contact_email}.")
                return redirect(self.viewset.get_url_name("index"))
        except signup.AlreadyDecided as decided:
            messages.error(request, f"This application has already been decided ({decided}).")
            return redirect(self.viewset.get_url_name("review"), application.pk)
        except signup.CannotApprove as problem:
            messages.error(request, f"{application.name} could not be approved: {problem} Correct the application, then approve it.")
            return redirect(self.viewset.get_url_name("review"), application.pk)
        messages.error(request, "Choose approve or decline.")
        return redirect(self.viewset.get_url_name("review"), application.pk)


def _similar_organisations(application):
    from directory.models import OrganisationPage

    words = [word for word in application.name.split() if len(word) > 3][:3]
    if not words:
        return []
    found = OrganisationPage.objects.all()
    for word in words:
        found = found.filter(title__icontains=word)
    return list(found.order_by("title")[:5])


class ProblemReportView(DecisionView):
    model = ProblemReport
    template_name = "groups/admin/problem_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["listing"] = self.object.page.specific
        context["other_open"] = reports.open_reports_for(self.object.page).exclude(pk=self.object.pk)
        return context

    def act(self, request):
        reports.resolve(self.object, request.user)
        messages.success(request, f"Marked the report about {self.object.page.title} as resolved.")
        return redirect(self.viewset.get_url_name("index"))


class LinkToReviewIndexView(IndexView):
    """The listing's title links to our review screen instead of the plain edit form."""

    review_url_name = None

    def get_edit_url(self, instance):
        return reverse(self.review_url_name, args=[instance.pk])


class ReviewableViewSet(ModelViewSet):
    """A listing whose rows open a review screen (``review_view_class``) instead of an edit form."""

    copy_view_enabled = False
    index_view_class = LinkToReviewIndexView
    review_view_class = None

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(review_url_name=self.get_url_name("review"), **kwargs)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("review/<int:pk>/", self.review_view_class.as_view(viewset=self), name="review"),
        ]


class GroupApplicationViewSet(ReviewableViewSet):
    model = GroupApplication
    icon = "group"
    menu_label = "Applications"
    url_prefix = "group-applications"
    name = "groups_applications"
    list_display = ["name", "contact_name", "postcode", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "contact_name", "contact_email", "postcode"]
    form_fields = ["name", "kind", "summary", "postcode", "charity_number", "contact_name", "contact_email", "phone"]
    review_view_class = ApplicationReviewView


class ProblemReportViewSet(ReviewableViewSet):
    model = ProblemReport
    icon = "warning"
    menu_label = "Problem reports"
    url_prefix = "problem-reports"
    name = "groups_problem_reports"
    list_display = ["page", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    form_fields = ["status"]
    review_view_class = ProblemReportView


class VoluntaryGroupsViewSetGroup(ModelViewSetGroup):
    menu_label = "Voluntary groups"
    menu_icon = "group"
    menu_order = 320
    items = (GroupApplicationViewSet, ProblemReportViewSet)
