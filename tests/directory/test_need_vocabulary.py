"""The needs vocabulary: synonyms and example phrases, seeded and edited by moderators."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from directory import taxonomy_seed
from directory.groups import roles
from directory.models import Need
from search.text import STOP_WORDS, stem, tokens

SEEDED_SLUGS = [slug for _name, slug, _synonyms, _description, _parent in taxonomy_seed.all_needs()]


@pytest.fixture
def moderator_client(client, db):
    moderator = get_user_model().objects.create_user(username="morgan", password="a-long-test-password-123")
    moderator.groups.add(Group.objects.get(name=roles.moderators_group_name()))
    client.force_login(moderator)
    return client


def edit_form(need, **changes):
    data = {
        "name": need.name, "slug": need.slug, "parent": need.parent_id or "", "description": need.description,
        "synonyms": need.synonyms, "example_phrases": need.example_phrases,
    }
    return {**data, **changes}


def test_a_moderator_edits_a_needs_example_phrases_in_the_admin(moderator_client):
    need = Need.objects.get(slug="bereavement")
    url = reverse("wagtailsnippets_directory_need:edit", args=[need.pk])
    form = moderator_client.get(url)
    assert form.status_code == 200
    assert 'name="example_phrases"' in form.content.decode()
    assert "One per line: things people say that mean this need" in form.content.decode()

    phrases = "my husband died\n\n  since my nan passed  \nI keep thinking about my brother\n"
    response = moderator_client.post(url, edit_form(need, example_phrases=phrases))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.example_phrase_list == ["my husband died", "since my nan passed", "I keep thinking about my brother"]


def test_example_phrases_are_served_by_the_needs_api(client, db):
    items = client.get("/api/v2/needs/").json()["items"]
    dementia = next(item for item in items if item["slug"] == "dementia")
    assert "my memory is going" in dementia["example_phrases"]


@pytest.mark.django_db
def test_every_seeded_need_has_at_least_twelve_example_phrases():
    assert len(SEEDED_SLUGS) == 23 and set(taxonomy_seed.EXAMPLE_PHRASES) == set(SEEDED_SLUGS)
    for need in Need.objects.filter(slug__in=SEEDED_SLUGS):
        assert len(need.example_phrase_list) >= 12, need.slug
        assert need.example_phrase_list == list(taxonomy_seed.EXAMPLE_PHRASES[need.slug])


def test_no_example_phrase_is_seeded_under_two_needs():
    """Not even when read as search reads it: stemmed, without stop words."""
    owners = {}
    for slug, phrases in taxonomy_seed.EXAMPLE_PHRASES.items():
        for phrase in phrases:
            key = tuple(stem(word) for word in tokens(phrase) if word not in STOP_WORDS)
            assert key, phrase
            assert owners.setdefault(key, slug) == slug, f"{phrase!r} is under {owners[key]} and {slug}"


def test_bare_words_that_mean_other_things_are_not_synonyms():
    risky = {"home", "online", "tablet", "work", "course", "classes", "caring", "mums", "parenting", "loss", "worried",
             "talking", "wellbeing", "young", "older", "active", "green", "moving", "running", "company", "alone"}
    for _name, slug, synonyms, _description, _parent in taxonomy_seed.all_needs():
        words = {word.strip() for word in synonyms.split(",")}
        assert not words & risky, (slug, words & risky)


@pytest.mark.django_db(transaction=True)
def test_the_migration_updates_existing_needs_by_slug_and_keeps_their_ids():
    Need.objects.filter(slug="housing").update(synonyms="housing, home")
    Need.objects.create(name="Pickleball", slug="pickleball", synonyms="pickleball, paddle", sort_order=99)
    before = dict(Need.objects.values_list("slug", "pk"))

    executor = MigrationExecutor(connection)
    executor.migrate([("directory", "0004_venue_phone_validation")])
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert dict(Need.objects.values_list("slug", "pk")) == before
    housing = Need.objects.get(slug="housing")
    assert "home" not in housing.synonym_list and "sofa surfing" in housing.synonym_list
    assert "sofa surfing" in housing.example_phrase_list
    pickleball = Need.objects.get(slug="pickleball")
    assert (pickleball.synonyms, pickleball.example_phrases, pickleball.sort_order) == ("pickleball, paddle", "", 99)


@pytest.mark.django_db
def test_seeding_again_sets_example_phrases_and_creates_no_duplicates():
    from directory.models import AccessibilityFeature

    Need.objects.filter(slug="copd").update(example_phrases="")
    count = Need.objects.count()
    taxonomy_seed.seed(Need, AccessibilityFeature)
    assert Need.objects.count() == count
    assert "breathless on the stairs" in Need.objects.get(slug="copd").example_phrase_list
