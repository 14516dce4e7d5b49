"""Why each result is there, in words a link worker can read out.

    "Matches bereavement (from “husband died”) · 0.4 miles · Tuesdays"

:func:`explain_hits` fills ``SearchHit.reasons`` from what the search understood and what
the hit matched: the needs it meets (and the words they came from), who it is for, the words
it shares with the text, or its closeness in meaning when nothing else matched; then how far
away it is and when it meets.
"""
from directory import geo
from search import text as search_text
from search.ranking import semantic_score


def _from(label, source):
    label_words = set(search_text.tokens(label))
    if not source or set(search_text.tokens(source)) <= label_words:
        return ""
    return f" (from “{source}”)"


def reasons_for(hit, prepared, vocabulary):
    """The reasons for one hit, strongest first."""
    reasons = []
    plan = prepared.plan
    have = vocabulary.with_ancestors(hit.needs)
    for boost in plan.needs:
        if have.intersection(boost.slugs):
            reasons.append(f"Matches {search_text.lower_first(boost.label)}{_from(boost.label, boost.source)}")
    text_stems = search_text.stem_set(f"{hit.title} {hit.summary}")
    for concept in prepared.understanding.of_kind("audience"):
        if concept.value in ("men", "women"):
            from search.understanding import AUDIENCE_WORDS

            if text_stems.intersection(search_text.stem(word) for word in AUDIENCE_WORDS[concept.value]):
                reasons.append(f"For {concept.value}")
    shared = [word for word in prepared.understanding.words if search_text.stem(word) in text_stems]
    if shared:
        words = ", ".join(f"“{word}”" for word in list(dict.fromkeys(shared))[:3])
        reasons.append(f"Mentions {words}")
    if not reasons and (semantic_score(hit.similarity) or "meaning" in hit.matched):
        reasons.append("Close in meaning to what you typed")
    if hit.distance_miles is not None:
        reasons.append(geo.format_distance(hit.distance_miles))
    if hit.schedule_text:
        reasons.append(hit.schedule_text[0].split(",")[0])
    return reasons


def fill_similarities(hits, plan):
    """Cosine similarity for hits that do not carry it (Elasticsearch's kNN does not say)."""
    missing = [hit for hit in hits if hit.similarity is None]
    if plan.vector is None or not missing:
        return
    from search import vectors

    stored = vectors.stored_vectors([hit.activity_id for hit in missing])
    for hit in missing:
        if hit.activity_id in stored:
            hit.similarity = float(stored[hit.activity_id] @ plan.vector)


def explain_hits(hits, prepared):
    """Set ``reasons`` on every hit."""
    if not hits:
        return
    fill_similarities(hits, prepared.plan)
    vocabulary = search_text.need_vocabulary()
    for hit in hits:
        hit.reasons = reasons_for(hit, prepared, vocabulary)
