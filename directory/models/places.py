"""Addresses with a geocoded postcode, shared by organisations and venues."""
from django.core.exceptions import ValidationError
from django.db import models

from directory import geo


class AddressFields(models.Model):
    """An address with a UK postcode, geocoded offline when it is saved."""

    address_line_1 = models.CharField("Address line 1", max_length=120, blank=True)
    address_line_2 = models.CharField("Address line 2", max_length=120, blank=True)
    town = models.CharField("Town or city", max_length=80, blank=True)
    postcode = models.CharField(max_length=10, blank=True, help_text="For example CT9 1AE.")
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def address_lines(self):
        return [line for line in (self.address_line_1, self.address_line_2, self.town, self.postcode) if line]

    @property
    def address_text(self):
        return ", ".join(self.address_lines)

    @property
    def point(self):
        if self.latitude is None or self.longitude is None:
            return None
        return geo.Point(self.latitude, self.longitude)

    @property
    def postcode_district(self):
        return geo.postcode_district(self.postcode) if self.postcode else ""

    def geocode_postcode(self):
        """Normalise the postcode and set the coordinates, or raise a ValidationError on postcode."""
        if not self.postcode:
            self.latitude = self.longitude = None
            return
        try:
            self.postcode = geo.normalise_postcode(self.postcode)
            point = geo.geocode_postcode(self.postcode)
        except (geo.InvalidPostcode, geo.UnknownPostcode) as error:
            raise ValidationError({"postcode": str(error)}) from error
        self.latitude, self.longitude = point.latitude, point.longitude

    def clean(self):
        super().clean()
        self.geocode_postcode()
