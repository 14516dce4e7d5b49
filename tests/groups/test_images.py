"""Image uploads through the real Wagtail admin views, with real bytes: real pictures with alt
text are accepted and make renditions; everything else is refused with a clear message."""
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from directory.groups.images import DAMAGED, NOT_AN_IMAGE

from .browser import error_messages, soup

pytestmark = pytest.mark.django_db
Image = get_image_model()
ALT = "Walkers on the promenade at Margate on a sunny morning"


def picture(name="walk.png", size=(800, 600), kind="PNG", mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, size, "teal" if mode == "RGB" else 1).save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{kind.lower()}")


def truncated_jpeg(keep=0.5):
    buffer = io.BytesIO()
    PILImage.effect_noise((640, 480), 64).convert("RGB").save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    return SimpleUploadedFile("broken.jpg", data[: int(len(data) * keep)], content_type="image/jpeg")


def pdf_named_png():
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return SimpleUploadedFile("leaflet.png", pdf, content_type="image/png")


@pytest.fixture
def editor(client, make_group):
    team = make_group("Margate Walkers")
    client.force_login(team.editor)
    client.team = team
    return client


def upload(client, file, description=ALT, title="Our walk"):
    return client.post(reverse("wagtailimages:add"), {"title": title, "description": description, "file": file})


def test_a_real_picture_with_alt_text_is_stored_in_the_groups_collection_and_makes_renditions(editor):
    response = upload(editor, picture())
    assert response.status_code == 302, error_messages(response)
    image = Image.objects.get()
    assert image.collection_id == editor.team.collection.pk
    assert (image.width, image.height, image.description) == (800, 600, ALT)
    card, page = image.get_rendition("fill-320x180"), image.get_rendition("fill-640x360")
    assert (card.width, card.height, page.width, page.height) == (320, 180, 640, 360)
    assert image.default_alt_text == ALT


def test_the_activity_page_shows_the_image_with_its_alt_text(editor, moderator):
    upload(editor, picture())
    activity = editor.team.activities[0]
    activity.image = Image.objects.get()
    activity.save_revision(user=moderator).publish(user=moderator)
    tag = soup(editor.get(activity.url)).select_one("img.lsd-image")
    assert tag["alt"] == ALT and "fill-640x360" in tag["src"]


def test_an_image_without_alt_text_is_refused(editor):
    response = upload(editor, picture(), description="")
    assert response.status_code == 200
    assert "Describe the image, so people using a screen reader know what it shows." in error_messages(response)
    assert not Image.objects.exists()


@pytest.mark.parametrize("make_file, message", [
    (pdf_named_png, NOT_AN_IMAGE),
    (truncated_jpeg, DAMAGED),
    (lambda: truncated_jpeg(keep=0.95), DAMAGED),
    (lambda: SimpleUploadedFile("empty.png", b"", content_type="image/png"), "The submitted file is empty."),
])
def test_files_that_are_not_whole_pictures_are_refused_with_a_clear_message(editor, make_file, message):
    response = upload(editor, make_file())
    assert response.status_code == 200
    assert message in error_messages(response)
    assert not Image.objects.exists()


def test_a_file_over_the_size_limit_is_refused(editor, settings):
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    buffer = io.BytesIO()
    PILImage.frombytes("RGB", (1900, 1900), bytes(range(256)) * (1900 * 1900 * 3 // 256) + bytes(1900 * 1900 * 3 % 256)).save(buffer, "PNG", compress_level=0)
    assert buffer.tell() > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    response = upload(editor, SimpleUploadedFile("huge.png", buffer.getvalue(), content_type="image/png"))
    assert response.status_code == 200
    assert any(message.startswith("This file is too big") for message in error_messages(response))
    assert not Image.objects.exists()


def test_an_image_with_too_many_pixels_is_refused_without_decoding_it(editor, settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    response = upload(editor, picture("poster.png", size=(8000, 5001), mode="1"))
    assert response.status_code == 200
    assert any(message.startswith("This file has too many pixels") for message in error_messages(response))
    assert not Image.objects.exists()


def test_the_multiple_uploader_refuses_damaged_files_and_asks_for_alt_text(editor):
    response = editor.post(reverse("wagtailimages:add_multiple"), {"files[]": truncated_jpeg()})
    result = json.loads(response.content)
    assert result["success"] is False and DAMAGED in result["error_message"]
    response = editor.post(reverse("wagtailimages:add_multiple"), {"files[]": picture()})
    result = json.loads(response.content)
    assert result["success"] is True and "uploaded_file_id" in result, "a good picture waits for its alt text"
    assert not Image.objects.exists()
    form_prefix = f"uploaded-image-{result['uploaded_file_id']}"
    response = editor.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[result["uploaded_file_id"]]),
        {f"{form_prefix}-title": "Walk", f"{form_prefix}-description": ALT},
    )
    assert json.loads(response.content)["success"] is True
    assert Image.objects.get().description == ALT


def test_the_chooser_upload_also_requires_alt_text(editor):
    response = editor.post(reverse("wagtailimages_chooser:create"), {
        "image-chooser-upload-title": "Walk", "image-chooser-upload-file": picture(), "image-chooser-upload-description": "",
    })
    assert "Describe the image" in response.content.decode()
    assert not Image.objects.exists()
