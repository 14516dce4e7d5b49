"""Wagtail API v2 endpoints for organisations, activities (filterable by need) and needs."""
from django.db.models import Q
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from rest_framework.viewsets import ReadOnlyModelViewSet
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet

from directory.models import ActivityPage, Need, OrganisationPage


class NeedFilter(BaseFilterBackend):
    """``?need=diabetes`` (a slug, or several separated by commas) includes sub-needs."""

    def filter_queryset(self, request, queryset, view):
        value = request.GET.get("need")
        if not value:
            return queryset
        slugs = [slug.strip() for slug in value.split(",") if slug.strip()]
        needs = list(Need.objects.filter(slug__in=slugs))
        if len(needs) != len(set(slugs)):
            known = {need.slug for need in needs}
            unknown = ", ".join(sorted(set(slugs) - known))
            raise BadRequestError(f"Unknown need: {unknown}. See /api/v2/needs/ for the list.")
        return queryset.filter(needs__in=Need.objects.with_descendants(needs)).distinct()


class ActivitiesAPIViewSet(PagesAPIViewSet):
    """/api/v2/activities/: live activity pages with needs, schedule, venue and coordinates."""

    filter_backends = [NeedFilter] + PagesAPIViewSet.filter_backends
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union({"need"})
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "summary", "needs_api", "schedule_api", "venue_api", "latitude", "longitude", "postcode", "status",
    ]

    def get_queryset(self):
        return ActivityPage.objects.live().public().specific().prefetch_related("needs", "schedules", "accessibility_features")

    def get_model(self):
        return ActivityPage

    def get_serializer_context(self):
        context = super().get_serializer_context()
        return context


class OrganisationsAPIViewSet(PagesAPIViewSet):
    """/api/v2/organisations/: live organisation pages with address and coordinates."""

    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "kind", "summary", "postcode", "latitude", "longitude",
    ]

    def get_queryset(self):
        return OrganisationPage.objects.live().public().specific()

    def get_model(self):
        return OrganisationPage


class NeedSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    synonyms = serializers.ListField(source="synonym_list", read_only=True)
    example_phrases = serializers.ListField(source="example_phrase_list", read_only=True)

    class Meta:
        model = Need
        fields = ["id", "name", "slug", "parent", "description", "synonyms", "example_phrases"]


class NeedsAPIViewSet(BaseAPIViewSet):
    """/api/v2/needs/: the needs taxonomy."""

    model = Need
    base_serializer_class = NeedSerializer

    def listing_view(self, request):
        needs = Need.objects.select_related("parent")
        data = NeedSerializer(needs, many=True).data
        from rest_framework.response import Response

        return Response({"meta": {"total_count": len(data)}, "items": data})

    def detail_view(self, request, pk):
        from django.shortcuts import get_object_or_404
        from rest_framework.response import Response

        return Response(NeedSerializer(get_object_or_404(Need, pk=pk)).data)

    @classmethod
    def get_urlpatterns(cls):
        from django.urls import path

        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<int:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
        ]
