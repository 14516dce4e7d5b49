"""Open Referral UK 3.0: the API (``/oruk/``), the mapping of our listings to the standard,
and a conformance checker that judges any feed as the official validator does."""
