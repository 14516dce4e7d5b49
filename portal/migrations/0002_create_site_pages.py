"""Replace Wagtail's welcome page with our home page and the organisations index."""
from django.db import migrations


def create_site_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("portal", "HomePage")
    DirectoryIndexPage = apps.get_model("directory", "DirectoryIndexPage")

    Page.objects.filter(depth=2, slug="home").delete()
    locale = Locale.objects.first()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="portal")
    index_type, _ = ContentType.objects.get_or_create(model="directoryindexpage", app_label="directory")
    home = HomePage.objects.create(
        title="Find local support", draft_title="Find local support", slug="home", content_type=home_type,
        path="00010001", depth=2, numchild=1, url_path="/home/", locale=locale, live=True,
    )
    DirectoryIndexPage.objects.create(
        title="Organisations", draft_title="Organisations", slug="organisations", content_type=index_type,
        path="000100010001", depth=3, numchild=0, url_path="/home/organisations/", locale=locale, live=True,
        introduction="Voluntary, community and social-enterprise groups, and the services they run.",
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "127.0.0.1", "port": 8000, "root_page": home, "site_name": "Local Support Directory"}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("directory", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_site_pages, migrations.RunPython.noop)]
