"""A source's taxonomy terms read as our needs, activity types and accessibility features.

A term is looked up, in order: in the remembered mappings (a moderator's choice wins, and so
does "ignore"); as one of our own terms (our feed's ids, slugs and names: our own export
imports as itself); by a need's name or synonyms; and by meaning, through the search's
understanding of text (:func:`search.understanding.understand`: example phrases, and the
semantic model when it is installed). Whatever it finds is remembered as a
:class:`~directory.openreferral.models.TermMapping`; a term nothing matches is remembered
unmapped, listed in the admin (Open Referral -> Term mappings) for a moderator to map, and the
next import uses their choice.
"""
import re
from dataclasses import dataclass

from directory.models import AccessibilityFeature, ActivityPage, Need

from . import mapping
from .models import TermMapping


def term_key(name):
    return " ".join(re.sub(r"[^\w\s]", " ", str(name or "").casefold()).split())[:255]


@dataclass
class Resolved:
    kind: str  # "need", "feature" or "activity_type"
    value: object
    how: str = TermMapping.NAME


class TermResolver:
    def __init__(self, source=None):
        self.source = source
        self.needs = list(Need.objects.all())
        self.need_by_id = {str(need.uuid): need for need in self.needs}
        self.need_by_key = {}
        for need in self.needs:
            self.need_by_key.setdefault(term_key(need.slug.replace("-", " ")), need)
            self.need_by_key[term_key(need.name)] = need
        self.synonyms = {term_key(word): need for need in self.needs for word in need.synonym_list}
        features = list(AccessibilityFeature.objects.all())
        self.feature_by_id = {str(feature.uuid): feature for feature in features}
        self.feature_by_key = {term_key(key): feature for feature in features for key in (feature.slug.replace("-", " "), feature.name)}
        self.activity_types = {}
        for value, label in ActivityPage.ACTIVITY_TYPES:
            self.activity_types[term_key(value.replace("_", " "))] = value
            self.activity_types[term_key(label)] = value
        self.activity_type_ids = {mapping.activity_type_id(value): value for value, _ in ActivityPage.ACTIVITY_TYPES}
        self.remembered = {row.key: row for row in TermMapping.objects.select_related("need")}
        self.unmapped = {}  # key -> name, the terms of this import nobody has mapped yet

    def resolve(self, term, link_type=""):
        """A :class:`Resolved`, or None for a term that means nothing we know (yet)."""
        if not isinstance(term, dict):
            return None
        names = [str(term.get(field) or "") for field in ("name", "term") if term.get(field)]
        if not names:
            return None
        keys = [term_key(name) for name in names]
        taxonomy = term_key(term.get("taxonomy") or "")
        term_id = str(term.get("id") or "")
        link_type = term_key(link_type)

        if link_type in ("activity type", "activity_type") or taxonomy == "activity types" or term_id in self.activity_type_ids:
            found = self.activity_type_ids.get(term_id) or next((self.activity_types[k] for k in keys if k in self.activity_types), None)
            if found:
                return Resolved("activity_type", found)
        if link_type == "accessibility" or taxonomy in ("accessibility features", "accessibility") or term_id in self.feature_by_id:
            found = self.feature_by_id.get(term_id) or next((self.feature_by_key[k] for k in keys if k in self.feature_by_key), None)
            if found:
                return Resolved("feature", found)

        remembered = self.remembered.get(keys[0])
        if remembered is not None and (remembered.need_id or remembered.ignored):
            self._seen(remembered)
            return None if remembered.ignored else Resolved("need", remembered.need, remembered.how)

        need, how = self.need_by_id.get(term_id), TermMapping.NAME
        need = need or next((self.need_by_key[k] for k in keys if k in self.need_by_key), None)
        if need is None:
            need, how = next((self.synonyms[k] for k in keys if k in self.synonyms), None), TermMapping.SYNONYM
        if need is None:
            need, how = self._by_meaning(names[0]), TermMapping.MEANING
        if need is None:
            feature = next((self.feature_by_key[k] for k in keys if k in self.feature_by_key), None)
            if feature is not None:
                return Resolved("feature", feature)
        self._remember(keys[0], names[0], term.get("taxonomy") or "", need, how)
        return Resolved("need", need, how) if need else None

    def _by_meaning(self, name):
        from search.understanding import understand

        needs = [concept.value for concept in understand(name).needs if concept.kind == "need"]
        return next((need for need in self.needs if need.slug in needs[:1]), None)

    def _seen(self, row):
        TermMapping.objects.filter(pk=row.pk).update(times_seen=row.times_seen + 1)
        row.times_seen += 1

    def _remember(self, key, name, taxonomy, need, how):
        row = self.remembered.get(key)
        if row is None:
            row = TermMapping(name=name[:255], taxonomy=str(taxonomy)[:255], first_source=self.source)
        row.need, row.times_seen = need, row.times_seen + 1
        if need is not None:
            row.how = how
        row.save()
        self.remembered[key] = row
        if need is None and not row.ignored:
            self.unmapped[key] = name
