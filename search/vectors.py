"""Stored meaning vectors of activities (:class:`search.models.ActivityVector`).

The database backend compares the query's vector with these (cosine, in numpy) over the
candidates its geographic prefilter leaves; the Elasticsearch index is filled from the same
vectors, so an activity is embedded once per change, not once per index. Publishing an
activity refreshes its vector (:mod:`search.signals`); a vector that is missing when a search
needs it is worked out then and stored.
"""
import numpy as np

from search import embeddings
from search.models import ActivityVector


def document_text(fact):
    """The text embedded for one :class:`search.backends.base.ActivityFacts`."""
    return embeddings.document_text(fact.title, fact.summary, fact.description, fact.need_names, fact.organisation)


def _as_array(blob):
    return np.frombuffer(bytes(blob), dtype=np.float32)


def stored_vectors(activity_ids):
    """{activity id: vector} stored for these ids (a list or a queryset of ids)."""
    rows = ActivityVector.objects.filter(activity_id__in=activity_ids).values_list("activity_id", "vector")
    return {activity_id: _as_array(blob) for activity_id, blob in rows}


def stored_matrix(activity_ids):
    """(ids, matrix): the stored vectors of these ids as one (n, DIMENSIONS) array.

    One join of the rows' bytes, not one small array per row: about 50 ms for 10,000.
    """
    rows = list(ActivityVector.objects.filter(activity_id__in=activity_ids).values_list("activity_id", "vector"))
    if not rows:
        return [], np.zeros((0, embeddings.DIMENSIONS), np.float32)
    ids = [activity_id for activity_id, _ in rows]
    matrix = np.frombuffer(b"".join(bytes(blob) for _, blob in rows), dtype=np.float32)
    return ids, matrix.reshape(len(ids), -1)


def store_vectors(facts, progress=None, only_changed=False):
    """Embed and store the vectors of these facts; {id: vector}."""
    texts = [document_text(fact) for fact in facts]
    fingerprints = [embeddings.text_fingerprint(text) for text in texts]
    if only_changed:
        known = dict(ActivityVector.objects.filter(activity_id__in=[f.id for f in facts]).values_list(
            "activity_id", "fingerprint"))
        keep = [i for i, fact in enumerate(facts) if known.get(fact.id) != fingerprints[i]]
        facts, texts, fingerprints = [facts[i] for i in keep], [texts[i] for i in keep], [fingerprints[i] for i in keep]
    if not facts:
        return {}
    matrix = embeddings.embed_texts(texts, progress=progress)
    rows = [
        ActivityVector(activity_id=fact.id, fingerprint=fingerprint, vector=matrix[i].astype(np.float32).tobytes())
        for i, (fact, fingerprint) in enumerate(zip(facts, fingerprints))
    ]
    ActivityVector.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["activity_id"], update_fields=["fingerprint", "vector", "updated_at"],
        batch_size=500,
    )
    return {fact.id: matrix[i] for i, fact in enumerate(facts)}


def refresh_vectors(activity_ids=None, progress=None):
    """Embed again the activities whose text changed (all indexable ones by default)."""
    from search.backends import base

    queryset = base.indexable_activities()
    if activity_ids is not None:
        queryset = queryset.filter(pk__in=list(activity_ids))
    facts = base.load_facts(queryset)
    return store_vectors(facts, progress=progress, only_changed=True)


def forget_vectors(activity_ids):
    ActivityVector.objects.filter(activity_id__in=list(activity_ids)).delete()
