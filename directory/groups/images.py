"""The Wagtail image form for everyone who uploads: alt text required, broken files refused.

Used through ``WAGTAILIMAGES_IMAGE_FORM_BASE``, so the single upload, multiple upload, edit
and chooser upload forms all use it (no custom image model). Wagtail 8 images have a
``description`` field, used as the image's default alt text; this form makes it required and
explains it.

Wagtail already refuses files that are too big (``WAGTAILIMAGES_MAX_UPLOAD_SIZE``), have too
many pixels (``WAGTAILIMAGES_MAX_IMAGE_PIXELS``), have the wrong extension or are not images
(a PDF renamed .png). But Wagtail 8 only reads an image's header: a truncated JPEG either
passes (and breaks later, when a rendition is made) or raises an uncaught OSError inside
Wagtail's pixel check (a server error). This form's file field turns any failure to read the
file into a clear message, and decodes every new upload in full with Pillow (after Wagtail's
pixel limit has been checked, so no decompression bomb is ever decoded).
"""
import logging

from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

logger = logging.getLogger(__name__)

NOT_AN_IMAGE = (
    "This file is not a picture we can use. Upload a photo or image saved as GIF, JPG, PNG or WebP."
)
DAMAGED = (
    "This image file is damaged or incomplete, so it cannot be used. "
    "Open it on your computer and save it again, or choose a different image."
)


def check_image_decodes(uploaded):
    """Raise ValidationError unless Pillow can decode the whole image."""
    uploaded.seek(0)
    try:
        with PILImage.open(uploaded) as image:
            image.load()
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as error:
        raise ValidationError(DAMAGED, code="damaged_image") from error
    finally:
        uploaded.seek(0)


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, refusing damaged files with a message instead of an error."""

    def to_python(self, data):
        try:
            uploaded = super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 - any failure to read an upload is the upload's fault
            logger.info("Refused an unreadable image upload: %r", error)
            raise ValidationError(DAMAGED, code="damaged_image") from error
        if uploaded is not None:
            check_image_decodes(uploaded)
        return uploaded


class AltTextRequiredImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            field = self.fields["description"]
            field.required = True
            field.label = "Alt text (describe the image)"
            field.help_text = (
                "Say what the image shows for people who cannot see it, for example: "
                "a group of people walking along the seafront at Margate. Do not start with \"Image of\"."
            )
            field.error_messages["required"] = "Describe the image, so people using a screen reader know what it shows."
        if "file" in self.fields:
            field = self.fields["file"]
            if type(field) is WagtailImageField:
                field.__class__ = CheckedImageField  # same field and settings, safer reading
            field.error_messages["invalid_image"] = NOT_AN_IMAGE
