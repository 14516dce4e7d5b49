"""The judged query set for bench/relevance.py, written out as ``queries.jsonl`` (one query a line).

    python bench/relevance/judged_queries.py        # rewrites bench/relevance/queries.jsonl

Each query is what a link worker would type for the person in front of them, near the GP
practice or the person's home, with grades judged against the sample directory
(``fixtures/sample_directory.json``) as a link worker would judge them:

- 3: exactly meets the need (a debt advice drop-in for "money worries");
- 2: meets it (a benefits clinic for "money worries"; a friendship café for "lonely");
- 1: partially related (a warm space whose staff "can point you to help with bills");
- 0: not relevant, even when the listing mentions the word (a family hub for "money").

The judging conventions shared by many queries are the ``profiles`` below: need grades plus
per-listing overrides for listing types whose tags are broader than what they offer (a food bank
is tagged with money advice; a repair café with gardening and nature). Overrides are globs on
``organisation-key/activity-key``, so they hold for every town's copy of a listing type. The
queries were written from conversations, not from what the search returns, and were not changed
after seeing results. Written without looking at the taxonomy's synonyms.

Constraints come from the words: "on Tuesday mornings", "free", "by phone", "online", "for a
14 year old", "in Ramsgate". A listing failing one is capped at grade 1 (at 0 for an age the
person is not allowed in).
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "queries.jsonl"


def P(needs=None, activities=None, require_all=None, constraints=None):
    return {"needs": dict(needs or {}), "activities": dict(activities or {}),
            "require_all": list(require_all or ()), "constraints": dict(constraints or {})}


def merge(*parts):
    """Later parts win; an overridden listing pattern moves to the end (applied last)."""
    out = P()
    for part in parts:
        out["needs"].update(part.get("needs", {}))
        for pattern, grade in part.get("activities", {}).items():
            out["activities"].pop(pattern, None)
            out["activities"][pattern] = grade
        out["require_all"] = list(dict.fromkeys(out["require_all"] + list(part.get("require_all", ()))))
        out["constraints"].update(part.get("constraints", {}))
        if "exclude_activities" in part:
            out.setdefault("exclude_activities", []).extend(part["exclude_activities"])
    return out


def A(**grades):
    """Overrides by listing type: A(lunch_club=3) -> {"*/*-lunch-club": 3}."""
    return P(activities={f"*/*{name.replace('_', '-')}*": grade for name, grade in grades.items()})


def C(**constraints):
    if "place" in constraints:
        location, radius = constraints["place"]
        constraints["place"] = {"location": location, "radius": radius}
    return P(constraints=constraints)


def N(**needs):
    return P(needs={slug.replace("_", "-"): grade for slug, grade in needs.items()})


# -- profiles: how a link worker grades the sample listings for a kind of need -----------------

BEREAVED = merge(N(bereavement=3, loneliness_and_isolation=1, mental_wellbeing=1))
LONELY = merge(
    N(loneliness_and_isolation=2, volunteering=1),
    A(friendship_cafe=3, coffee_morning=3, newcomers_social=3, telephone_befriending=2, become_a_befriender=1,
      walk_and_talk=2, health_walk=1,
      stroke_survivors_club=1, bereavement_cafe=1, widowed_friends_social=1, tech_help_cafe=1,
      english_conversation_club=1, community_car_scheme=1),
)
LONELY_OLDER = merge(
    LONELY, N(older_people=1),
    A(telephone_befriending=3, later_life_club=3, lunch_club=3, learning_in_later_life=2, community_car_scheme=2),
)
MONEY = merge(
    N(money_debt_and_benefits=2),
    A(debt_advice_drop_in=3, benefits_advice_clinic=3, energy_bills_helpline=3, pension_credit_check_up=2,
      money_matters_budgeting_course=2, renters_drop_in=1, warm_welcome_space=1, food_bank=1, community_fridge=1,
      maths_for_everyday_life=1),
)
DEBT = merge(MONEY, A(debt_advice_drop_in=3, benefits_advice_clinic=2, energy_bills_helpline=2, pension_credit_check_up=1))
BENEFITS = merge(MONEY, A(benefits_advice_clinic=3, pension_credit_check_up=2, debt_advice_drop_in=2,
                          energy_bills_helpline=1, money_matters_budgeting_course=1))
ENERGY = merge(MONEY, A(energy_bills_helpline=3, warm_welcome_space=2, debt_advice_drop_in=2,
                        money_matters_budgeting_course=2, benefits_advice_clinic=1, pension_credit_check_up=1))
FOOD_POVERTY = merge(
    N(money_debt_and_benefits=1),
    A(food_bank=3, community_fridge=3, community_supper=2, community_breakfast=2, cook_and_eat=1,
      debt_advice_drop_in=1, benefits_advice_clinic=1, warm_welcome_space=1),
)
HOUSING = merge(N(housing=2), A(housing_advice_surgery=3, housing_helpline=3, renters_drop_in=2,
                                community_breakfast=1, energy_bills_helpline=1))
HOMELESS = merge(N(housing=1), A(housing_advice_surgery=3, housing_helpline=3, community_breakfast=3,
                                 renters_drop_in=1, energy_bills_helpline=0))
TENANCY = merge(N(housing=1), A(housing_advice_surgery=3, housing_helpline=3, renters_drop_in=3,
                                community_breakfast=0, energy_bills_helpline=1))
CARERS = merge(N(carers_support=3), A(young_carers_club=1, memory_cafe=2, songs_and_memories=1, dementia_carers_group=2))
YOUNG_CARERS = merge(N(carers_support=1, young_people=1), A(young_carers_club=3))
DEMENTIA = merge(N(dementia=3), A(dementia_carers_group=2))
DEMENTIA_CARER = merge(N(dementia=3, carers_support=2), A(young_carers_club=1, dementia_carers_group=3))
DIABETES = merge(N(diabetes=3), A(health_trainer_service=1))
COPD = merge(N(copd=3), A(health_trainer_service=1))
PAIN = merge(N(chronic_pain=3), A(tai_chi_for_balance=2, gentle_yoga=1, seated_exercise=1))
HEART = merge(N(heart_health=2), A(heart_health_exercise=3, stroke_survivors_club=1, blood_pressure_check=2))
STROKE = merge(N(heart_health=1), A(stroke_survivors_club=3))
BLOOD_PRESSURE = merge(N(heart_health=1), A(blood_pressure_check=3, health_trainer_service=2))
LONG_TERM = merge(N(long_term_conditions=2), A(blood_pressure_check=1, health_trainer_service=2))
MENTAL = merge(
    N(mental_wellbeing=1),
    A(wellbeing_peer_support_group=3, managing_anxiety_course=2, mindfulness_for_beginners=2, mens_talking_circle=1,
      evening_listening_line=2, walk_and_talk=2, therapeutic_gardening=2, work_confidence_programme=2,
      youth_wellbeing_drop_in=1, lgbtq_youth_group=1),
)
ANXIETY = merge(MENTAL, A(managing_anxiety_course=3, wellbeing_peer_support_group=3, walk_and_talk=1,
                          therapeutic_gardening=1, work_confidence_programme=1))
LOW_MOOD = merge(MENTAL, A(wellbeing_peer_support_group=3, therapeutic_gardening=3, managing_anxiety_course=2))
STRESS = merge(MENTAL, A(mindfulness_for_beginners=3, gentle_yoga=2, wellbeing_peer_support_group=2,
                         work_confidence_programme=1))
MEN_MENTAL = merge(MENTAL, A(mens_talking_circle=3, mens_shed=3, wellbeing_peer_support_group=2, walking_football=1,
                             mindfulness_for_beginners=1))
WORK = merge(N(employment=2), A(job_club=3, young_adults_job_club=2, work_confidence_programme=2, shop_volunteering=2,
                                maths_for_everyday_life=1, volunteering_drop_in=1))
DIGITAL = merge(N(digital_skills=2), A(get_online_drop_in=3, tablet_taster_course=3, tech_help_cafe=3,
                                       staying_safe_online_talk=2, job_club=1))
FAMILIES = merge(N(families_and_parenting=2), A(stay_and_play=3, family_hub_drop_in=3))
OLDER_SOCIAL = merge(
    LONELY_OLDER, N(older_people=2),
    A(tea_dance=3, learning_in_later_life=3, craft_and_chat=2, pension_credit_check_up=1, staying_safe_online_talk=1,
      get_online_drop_in=1, tablet_taster_course=1),
)
YOUTH = merge(N(young_people=2), A(youth_club=3, young_carers_club=1, young_adults_job_club=1, family_hub_drop_in=0))
ARTS = merge(N(arts_and_creativity=2), A(songs_and_memories=1, singing_for_lung_health=1, community_theatre_workshop=1))
# One art form asked for: the others are only partly related.
ART_FORM = merge(N(arts_and_creativity=1), A(songs_and_memories=1, singing_for_lung_health=1, community_theatre_workshop=1))
ART_VISUAL = merge(ART_FORM, A(open_art_group=3, craft_and_chat=2))
GARDENING = merge(N(gardening_and_nature=2), A(community_garden=3, allotment_share=3, therapeutic_gardening=3,
                                               conservation_volunteers=2, beach_and_park_clean=1, repair_cafe=0))
COOKING = merge(N(food_and_cooking=1), A(cook_and_eat=3, eating_well_with_type_2_diabetes=2, lunch_club=0,
                                         community_supper=0, food_bank=0, community_fridge=0, community_breakfast=0))
MEAL = merge(N(food_and_cooking=1), A(community_supper=3, lunch_club=2, community_breakfast=2, cook_and_eat=2,
                                      allotment_share=0))
LEARNING = merge(N(learning_and_skills=2), A(managing_anxiety_course=1, parenting_course=1,
                                             money_matters_budgeting_course=1, repair_cafe=1))
VOLUNTEER = merge(N(volunteering=2), A(become_a_befriender=3, conservation_volunteers=3, beach_and_park_clean=3,
                                       volunteering_drop_in=3, shop_volunteering=3, community_garden=3, repair_cafe=2,
                                       community_car_scheme=1))
WALKING = merge(N(physical_activity=1), A(health_walk=3, walk_and_talk=3, breathe_easy_walk=2, walking_through_grief=1,
                                          buggy_walks=1, walking_football=1))
GENTLE_EXERCISE = merge(N(physical_activity=1), A(seated_exercise=3, tai_chi_for_balance=3, gentle_yoga=3,
                                                  gentle_movement_for_pain=2, health_walk=2, walk_and_talk=2,
                                                  tea_dance=2, walking_football=2, heart_health_exercise=1,
                                                  breathe_easy_walk=1))
EXERCISE = merge(N(physical_activity=2), A(kickabout=1, buggy_walks=1, walking_through_grief=1, breathe_easy_walk=1,
                                           heart_health_exercise=1, gentle_movement_for_pain=1, conservation_volunteers=1,
                                           tea_dance=1))


TOWN_CENTRES = {"Margate": "CT9 1JR", "Herne Bay": "CT6 5AX", "Folkestone": "CT20 9NQ", "Deal": "CT14 6JX"}


def Q(id, text, location, category, judgements, radius=5, tags=(), filters=None, expect_results=True, note=""):
    query = {"id": id, "text": text, "location": location, "radius": radius}
    if location in TOWN_CENTRES:  # a town typed in the postcode box: judged as if from its centre
        query["judge_location"] = TOWN_CENTRES[location]
    if filters:
        query["filters"] = filters
    query["category"] = category
    query["tags"] = list(tags)
    query["judgements"] = {key: value for key, value in judgements.items() if value}
    if not expect_results:
        query["expect_results"] = False
    if note:
        query["note"] = note
    return query


def x(*parts):
    return merge(*parts)


QUERIES = [
    # -- grief ------------------------------------------------------------------------------
    Q("grief-01", "bereavement support", "CT9 1AE", "grief", BEREAVED),
    Q("grief-02", "my wife died last year and I can't seem to get going again", "CT11 9HN", "rambling", BEREAVED,
      tags=["grief", "men"]),
    Q("grief-03", "widow group", "CT5 1JB", "grief", x(N(bereavement=2, loneliness_and_isolation=1),
                                                      A(widowed_friends_social=3)), tags=["two-word"]),
    Q("grief-04", "grief walking group", "CT2 7HB", "grief",
      x(N(bereavement=2, physical_activity=1), A(walking_through_grief=3))),
    Q("grief-05", "someone to talk to on the phone after a death, evenings", "CT16 1ST", "grief",
      x(BEREAVED, C(attendance="phone", time="evening")), radius=10, tags=["mode", "time"]),
    Q("grief-06", "bereavment cafe", "CT12 4DQ", "typo", x(N(bereavement=2), A(bereavement_cafe=3)), tags=["grief"]),
    Q("grief-07", "lost her son recently, needs support", "ME10 1JR", "grief", BEREAVED),
    Q("grief-08", "grief", "CT14 6JX", "grief", BEREAVED, radius=10),
    Q("grief-09", "he lost his wife 6 months ago, he's 82 and has stopped going to his lunch club", "CT6 5AX",
      "rambling", x(BEREAVED, A(widowed_friends_social=3, lunch_club=2), C(age=82)), tags=["grief", "older-people", "men"]),
    Q("grief-10", "child bereavement support for a 10 year old", "CT9 1SZ", "grief",
      x(BEREAVED, A(bereavement_support_line=1), C(age=10)),
      radius=10, tags=["young-people"], expect_results=False,
      note="Every bereavement group in the sample is for adults; nothing for a child."),
    Q("grief-11", "grief support", "ME13 8XJ", "two-word", BEREAVED, tags=["grief"]),
    Q("grief-12", "mum died, she was her carer for years and now doesn't know what to do with herself", "CT20 9NQ",
      "rambling", x(BEREAVED, N(carers_support=1)), radius=10, tags=["grief", "carers"]),

    # -- money ------------------------------------------------------------------------------
    Q("money-01", "money worries", "CT9 1AE", "two-word", MONEY, tags=["money"]),
    Q("money-02", "debt advice", "CT10 2AT", "money", DEBT, tags=["two-word"]),
    Q("money-03", "help filling in a PIP form", "CT11 7NB", "money", BENEFITS),
    Q("money-04", "universal credit problems", "CT1 3SG", "money", BENEFITS),
    Q("money-05", "can't pay the electric bill", "CT16 1ST", "money", ENERGY, radius=10),
    Q("money-06", "pension credit", "CT14 6JX", "money",
      x(BENEFITS, A(pension_credit_check_up=3, benefits_advice_clinic=2)), tags=["older-people", "two-word"]),
    Q("money-07", "struggling to afford food", "ME10 1UZ", "money", FOOD_POVERTY, tags=["food"]),
    Q("money-08", "food bank voucher", "CT6 8SP", "food", x(FOOD_POVERTY, A(community_fridge=2)), tags=["money"]),
    Q("money-09", "she's got bailiffs letters and won't open her post, really anxious about it", "CT20 1SN",
      "rambling", x(DEBT, N(mental_wellbeing=1)), radius=10, tags=["money", "mental-health"]),
    Q("money-10", "budgeting help", "ME12 3PR", "money", x(MONEY, A(money_matters_budgeting_course=3)), radius=10,
      tags=["two-word"]),
    Q("money-11", "warm place to go in the day, her heating is off", "CT11 8HU", "money",
      x(ENERGY, A(warm_welcome_space=3, friendship_cafe=1, coffee_morning=1))),
    Q("money-12", "benefits check for a pensioner", "CT8 8AY", "money",
      x(BENEFITS, A(pension_credit_check_up=3)), tags=["older-people"]),
    Q("money-13", "debt advise", "CT6 5JN", "typo", DEBT, tags=["money"]),
    Q("money-14", "cost of living help", "CT17 9QE", "money", MONEY, radius=10),
    Q("money-15", "debt advice in the morning", "CT1 1BF", "time", x(DEBT, C(time="morning")), tags=["money"]),

    # -- housing ----------------------------------------------------------------------------
    Q("housing-01", "sofa surfing", "CT9 1AE", "two-word", HOMELESS, tags=["housing"]),
    Q("housing-02", "housing advice", "ME13 7RZ", "housing", HOUSING, tags=["two-word"]),
    Q("housing-03", "landlord won't fix the damp and mould", "CT1 1BF", "housing", TENANCY),
    Q("housing-04", "being evicted", "CT10 2AH", "housing", TENANCY, tags=["two-word"]),
    Q("housing-05", "homeless, needs a hot breakfast and a shower", "CT16 1ST", "housing",
      x(HOMELESS, A(community_supper=1)), tags=["food"]),
    Q("housing-06", "rent arrears", "CT6 5JN", "housing",
      x(TENANCY, A(debt_advice_drop_in=2, benefits_advice_clinic=2)), tags=["money", "two-word"]),
    Q("housing-07", "housing help by phone", "ME10 1AW", "mode", x(HOUSING, C(attendance="phone")), radius=10,
      tags=["housing"]),
    Q("housing-08", "sleeping rough", "CT20 9NQ", "housing", HOMELESS, radius=10, tags=["two-word"]),
    Q("housing-09", "housing", "Margate", "town-name", HOUSING, tags=["housing"],
      note="A town name in the postcode box."),

    # -- carers -----------------------------------------------------------------------------
    Q("carers-01", "carers support", "CT1 1LB", "carers", CARERS, tags=["two-word"]),
    Q("carers-02", "looking after mum full time, exhausted, needs a break", "CT5 1FT", "rambling",
      x(CARERS, A(carers_pamper_morning=3)), tags=["carers"]),
    Q("carers-03", "young carers", "CT7 9RU", "carers", YOUNG_CARERS, tags=["young-people", "two-word"]),
    Q("carers-04", "carers group online", "CT2 0HT", "mode", x(CARERS, C(attendance="online")), radius=10,
      tags=["carers"]),
    Q("carers-05", "caring for her husband who has dementia", "CT16 3GH", "dementia", DEMENTIA_CARER,
      tags=["carers"]),
    Q("carers-06", "young carers", "CT14 6HA", "carers", YOUNG_CARERS, tags=["young-people", "two-word"],
      expect_results=False, note="No young carers' club within 5 miles of Deal."),
    Q("carers-07", "carers cafe on a saturday", "CT5 1ET", "time", x(CARERS, C(day="sat")), tags=["carers"]),
    Q("carers-08", "my daughter is 14 and looks after her dad who has MS", "CT8 8AY", "rambling",
      x(YOUNG_CARERS, N(young_people=1), C(age=14)), tags=["carers", "young-people"]),
    Q("carers-09", "support for unpaid carers in Sittingbourne", "ME10 4SS", "place",
      x(CARERS, C(place=("ME10 4SS", 3))), tags=["carers"]),
    Q("carers-10", "carer burnout", "CT16 1EG", "carers", x(CARERS, A(carers_pamper_morning=3)), tags=["two-word"]),

    # -- dementia ---------------------------------------------------------------------------
    Q("dementia-01", "memory cafe", "CT9 3AF", "dementia", x(DEMENTIA, A(memory_cafe=3, songs_and_memories=3)),
      tags=["two-word"]),
    Q("dementia-02", "dimentia support", "CT17 9QE", "typo", DEMENTIA, tags=["dementia"]),
    Q("dementia-03", "dad has alzheimers, something they can do together", "CT20 9NQ", "dementia", DEMENTIA,
      tags=["carers"]),
    Q("dementia-04", "dementia carers group in the evening", "ME10 4SS", "time",
      x(DEMENTIA_CARER, C(time="evening")), tags=["dementia", "carers"]),
    Q("dementia-05", "memory problems", "CT18 7FX", "dementia", DEMENTIA, tags=["two-word"]),
    Q("dementia-06", "singing for people with dementia", "TN28 8LA", "dementia",
      x(DEMENTIA, A(songs_and_memories=3, memory_cafe=2), P(require_all=["dementia"])), tags=["arts"]),
    Q("dementia-07", "dementia", "CT13 9JA", "dementia", DEMENTIA, radius=10),
    Q("dementia-08", "alzhiemers", "CT1 3SG", "typo", DEMENTIA, radius=10, tags=["dementia"]),

    # -- diabetes ---------------------------------------------------------------------------
    Q("diabetes-01", "diabetes support group", "CT9 1AE", "diabetes", DIABETES),
    Q("diabetes-02", "newly diagnosed type 2, wants to learn what to eat", "CT7 9HR", "diabetes",
      x(DIABETES, A(eating_well_with_type_2_diabetes=3, diabetes_support_group=2, diabetes_peer_chat=2,
                    cook_and_eat=1))),
    Q("diabetes-03", "diabetic", "CT5 1BA", "diabetes", DIABETES),
    Q("diabetes-04", "diabetes group online", "CT12 4DS", "mode", x(DIABETES, C(attendance="online")), radius=10,
      tags=["diabetes"]),
    Q("diabetes-05", "diabeties", "CT6 5QY", "typo", DIABETES, tags=["diabetes"]),
    Q("diabetes-06", "diabetes group", "TN29 9EG", "diabetes", DIABETES, expect_results=False,
      note="No diabetes listing within 5 miles of Lydd."),
    Q("diabetes-07", "prediabetes", "ME10 1JR", "diabetes",
      x(DIABETES, A(eating_well_with_type_2_diabetes=3, health_trainer_service=2)), radius=10),

    # -- COPD and breathing -----------------------------------------------------------------
    Q("copd-01", "COPD", "CT11 8HU", "copd", COPD),
    Q("copd-02", "walking group for people who get breathless", "CT6 5QS", "copd",
      x(COPD, A(breathe_easy_walk=3, health_walk=1, walk_and_talk=1)), tags=["physical-activity"]),
    Q("copd-03", "singing for breathing", "CT1 2JE", "copd", x(COPD, A(community_choir=1))),
    Q("copd-04", "lung condition support", "CT6 5AX", "copd", COPD),
    Q("copd-05", "he's got emphysema and gets out of breath on the stairs, he's stuck indoors most days", "CT2 0JA",
      "rambling", x(COPD, N(loneliness_and_isolation=1)), tags=["copd", "men"]),
    Q("copd-06", "asthma support", "ME13 7EX", "copd", COPD, expect_results=False,
      note="Faversham's breathe easy walk is temporarily closed; nothing else for breathing within 5 miles."),
    Q("copd-07", "breathe easy", "Herne Bay", "town-name", COPD, tags=["copd", "two-word"]),

    # -- chronic pain -----------------------------------------------------------------------
    Q("pain-01", "chronic pain", "CT10 1FP", "chronic-pain", PAIN, tags=["two-word"]),
    Q("pain-02", "fibromyalgia", "CT21 5PE", "chronic-pain", x(PAIN, A(arthritis_support_circle=1)),
      expect_results=False, note="Hythe's gentle movement for pain is stale (hidden); only the arthritis circle is left."),
    Q("pain-03", "arthritis", "CT21 5AJ", "chronic-pain", PAIN),
    Q("pain-04", "bad back, wants some gentle exercise", "CT14 7BD", "chronic-pain",
      x(PAIN, A(gentle_yoga=2, seated_exercise=2)), tags=["physical-activity"]),
    Q("pain-05", "pain management group", "CT9 2LR", "chronic-pain", PAIN),
    Q("pain-06", "living with long term pain and feeling low", "CT10 1QE", "chronic-pain",
      x(PAIN, N(mental_wellbeing=1), A(wellbeing_peer_support_group=2, mindfulness_for_beginners=2)),
      tags=["mental-health"]),
    Q("pain-07", "arthritis exercise class", "CT6 5AX", "chronic-pain",
      x(PAIN, A(arthritis_support_circle=2, gentle_movement_for_pain=3, tai_chi_for_balance=3, seated_exercise=2,
                gentle_yoga=2)), tags=["physical-activity"]),

    # -- heart and stroke -------------------------------------------------------------------
    Q("heart-01", "finished cardiac rehab, wants to keep exercising", "CT9 1RH", "heart",
      x(HEART, A(health_trainer_service=2, blood_pressure_check=1)), tags=["physical-activity"]),
    Q("heart-02", "stroke club", "CT1 1BF", "heart", STROKE, tags=["two-word"]),
    Q("heart-03", "blood pressure check", "CT16 3GH", "heart", BLOOD_PRESSURE),
    Q("heart-04", "had a stroke last year, wife says he's lost his confidence and won't leave the house", "CT9 2NW",
      "rambling", x(STROKE, N(loneliness_and_isolation=1)), tags=["heart", "men"]),
    Q("heart-05", "exercise class for heart problems", "CT13 9JA", "heart", HEART, tags=["physical-activity"]),
    Q("heart-06", "stroke survivors group", "CT20 1QP", "heart", STROKE, radius=10, expect_results=False,
      note="No stroke club within 10 miles of Folkestone; the Folkestone Stroke Club only lists a blood pressure check."),
    Q("heart-07", "heart failure support", "CT5 1ET", "heart", HEART),
    Q("heart-08", "high blood pressure", "CT20 9TP", "heart", BLOOD_PRESSURE, tags=["long-term-conditions"]),

    # -- long-term conditions and healthy living --------------------------------------------
    Q("ltc-01", "support for people with long term health conditions", "CT8 8PE", "long-term-conditions", LONG_TERM),
    Q("ltc-02", "several long term conditions, wants to get a bit more active", "CT20 9TP", "long-term-conditions",
      x(GENTLE_EXERCISE, A(health_trainer_service=3, heart_health_exercise=2)), radius=10,
      tags=["physical-activity"]),
    Q("ltc-03", "stop smoking", "ME10 1JR", "long-term-conditions", P(activities={"*/*-health-trainer-service": 3}),
      tags=["two-word"]),
    Q("ltc-04", "wants to lose weight", "CT8 8PE", "long-term-conditions",
      x(N(physical_activity=1), A(health_trainer_service=3, health_walk=2, cook_and_eat=2, gentle_yoga=2))),
    Q("ltc-05", "parkinsons support group", "CT9 1AE", "long-term-conditions", N(), expect_results=False,
      note="No Parkinson's provision in the sample."),

    # -- loneliness -------------------------------------------------------------------------
    Q("lonely-01", "lonely", "CT9 1AE", "loneliness", LONELY),
    Q("lonely-02", "lonley", "CT11 8HU", "typo", LONELY, tags=["loneliness"]),
    Q("lonely-03", "isolated older man, wife is in a care home now", "CT6 5JY", "loneliness",
      x(LONELY_OLDER, A(mens_shed=3, carers_cafe=1)), tags=["older-people", "men"]),
    Q("lonely-04", "someone to phone her for a chat every week", "CT12 4DF", "mode",
      x(LONELY_OLDER, A(telephone_befriending=3, evening_listening_line=2, bereavement_support_line=1),
        C(attendance="phone")), radius=10, tags=["loneliness", "older-people"]),
    Q("lonely-05", "coffee morning", "CT16 1LQ", "loneliness", LONELY, tags=["two-word"]),
    Q("lonely-06", "she's been on her own since her husband passed and doesn't go out much, she used to love singing",
      "CT10 1FP", "rambling",
      x(N(bereavement=2, loneliness_and_isolation=1, arts_and_creativity=1),
        A(community_choir=3, widowed_friends_social=3, songs_and_memories=0, singing_for_lung_health=1)),
      tags=["grief", "loneliness", "arts"]),
    Q("lonely-07", "just moved to the area and doesn't know anyone", "CT20 9NQ", "loneliness", LONELY),
    Q("lonely-08", "befriending", "ME12 2NU", "loneliness", x(LONELY_OLDER, A(telephone_befriending=3)), radius=10),
    Q("lonely-09", "social club for over 60s", "CT18 7FG", "older-people", OLDER_SOCIAL, tags=["loneliness"]),
    Q("lonely-10", "lonely young mum", "CT20 2LY", "families",
      x(N(loneliness_and_isolation=1, families_and_parenting=2), A(buggy_walks=3, stay_and_play=3, baby_massage=2),
        C(age=25)),
      tags=["loneliness", "women"]),
    Q("lonely-11", "housebound, gets no visitors", "TN29 0NY", "loneliness",
      x(LONELY_OLDER, A(telephone_befriending=3), C(attendance="phone")), radius=10, tags=["older-people"]),
    Q("lonely-12", "company at weekends", "CT1 3SG", "time", x(LONELY, C(day=["sat", "sun"])), tags=["loneliness"]),
    Q("lonely-13", "lonely in the evenings", "CT20 9NQ", "time", x(LONELY, C(time="evening")), radius=10,
      tags=["loneliness"]),
    Q("lonely-14", "chat and a cuppa", "CT10 1JJ", "loneliness", LONELY),
    Q("lonely-15", "lonely", "CT11", "loneliness", LONELY, tags=["district"]),
    Q("lonely-16", "isolation", "ME12 1NQ", "loneliness", LONELY, radius=10),
    Q("lonely-17", "loneliness older people free", "CT6 5AX", "cost", x(LONELY_OLDER, C(cost="free")),
      tags=["loneliness", "older-people"]),

    # -- mental health and confidence -------------------------------------------------------
    Q("mental-01", "anxiety", "CT9 1SZ", "mental-health", ANXIETY),
    Q("mental-02", "low mood", "CT14 6LG", "mental-health", LOW_MOOD, tags=["two-word"]),
    Q("mental-03", "depression support group", "ME10 2UU", "mental-health", LOW_MOOD),
    Q("mental-04", "stress", "CT5 1LL", "mental-health", STRESS),
    Q("mental-05", "arts for mental health", "CT5 1FT", "mental-health",
      x(N(arts_and_creativity=2, mental_wellbeing=2), P(require_all=["arts-and-creativity", "mental-wellbeing"]),
        A(open_art_group=3)), tags=["arts"]),
    Q("mental-06", "mens mental health", "CT1 3AN", "men", MEN_MENTAL, tags=["mental-health"]),
    Q("mental-07", "panic attacks, scared to leave the house", "CT8 8AY", "mental-health",
      x(ANXIETY, A(wellbeing_peer_support_group=2))),
    Q("mental-08", "low confidence", "CT9 2NW", "mental-health",
      x(MENTAL, A(managing_anxiety_course=2, work_confidence_programme=2, wellbeing_peer_support_group=2,
                  volunteering_drop_in=1, community_theatre_workshop=1)),
      tags=["two-word"]),
    Q("mental-09", "mindfulness classes", "CT20 2UA", "mental-health",
      x(STRESS, A(gentle_yoga=1, walk_and_talk=1, evening_listening_line=1, wellbeing_peer_support_group=1,
                  managing_anxiety_course=1)), radius=10),
    Q("mental-10", "someone to talk to in the evening, not a crisis line", "CT14 6JF", "time",
      x(MENTAL, A(evening_listening_line=3), C(time="evening")), tags=["mental-health"]),
    Q("mental-11", "feeling down since he retired, needs a purpose", "CT10 2BB", "rambling",
      x(LOW_MOOD, N(volunteering=2), A(mens_shed=3, learning_in_later_life=2, community_garden=2,
                                        conservation_volunteers=2)), tags=["mental-health", "men", "older-people"]),
    Q("mental-12", "free anxiety course", "ME13 8XJ", "cost", x(ANXIETY, C(cost="free")), tags=["mental-health"]),
    Q("mental-13", "mental health drop in", "CT11 9PW", "mental-health", MENTAL),
    Q("mental-14", "LGBT support group for adults", "CT9 1AE", "mental-health",
      x(N(), A(lgbtq_youth_group=0, wellbeing_peer_support_group=1)), radius=10, expect_results=False,
      note="The LGBTQ+ groups in the sample are for 11 to 18 year olds only."),
    Q("mental-15", "anxitey", "CT8 8AY", "typo", ANXIETY, tags=["mental-health"]),
    Q("mental-16", "mental helth support", "CT14 6LG", "typo", MENTAL, tags=["mental-health"]),
    Q("mental-17", "talking group", "Folkestone", "town-name", MENTAL, tags=["mental-health", "two-word"]),
    Q("mental-18", "wellbeing", "ME12 3PR", "mental-health", MENTAL, radius=10),

    # -- work -------------------------------------------------------------------------------
    Q("work-01", "job club", "CT13 0QN", "work", WORK, tags=["two-word"]),
    Q("work-02", "help writing a CV", "CT11 7QL", "work", WORK),
    Q("work-03", "back to work after long term sickness", "ME12 1UF", "work",
      x(WORK, A(work_confidence_programme=3)), radius=10, tags=["long-term-conditions"]),
    Q("work-04", "unemployed 19 year old lad, no qualifications", "CT9 1JR", "work",
      x(WORK, A(young_adults_job_club=3, maths_for_everyday_life=2), C(age=19)), tags=["young-people", "men"]),
    Q("work-05", "volunteering to get some work experience", "ME12 1AU", "work",
      x(VOLUNTEER, A(shop_volunteering=3, become_a_befriender=2, community_car_scheme=1))),
    Q("work-06", "looking for work, he's 50", "CT14 6JX", "work", x(WORK, C(age=50)), radius=10),
    Q("work-07", "apprenticeships", "CT16 1ST", "work", x(WORK, A(young_adults_job_club=3)), radius=10,
      tags=["young-people"]),

    # -- digital ----------------------------------------------------------------------------
    Q("digital-01", "help with computers", "CT9 1JR", "digital", DIGITAL),
    Q("digital-02", "wants to learn to use an ipad to video call the grandchildren", "CT8 8QY", "digital",
      DIGITAL, tags=["older-people"]),
    Q("digital-03", "digital skills", "CT1 1QP", "digital", DIGITAL, tags=["two-word"]),
    Q("digital-04", "worried about being scammed online", "CT17 9RU", "digital",
      x(DIGITAL, A(staying_safe_online_talk=3, get_online_drop_in=2, tablet_taster_course=1, tech_help_cafe=2)),
      radius=10),
    Q("digital-05", "smartphone help", "CT18 7FG", "digital", DIGITAL, tags=["two-word"]),
    Q("digital-06", "help setting up the nhs app", "CT14 6JX", "digital",
      x(DIGITAL, A(tablet_taster_course=2, staying_safe_online_talk=1))),
    Q("digital-07", "computer class on a saturday", "CT11 8HU", "time", x(DIGITAL, C(day="sat")), tags=["digital"]),
    Q("digital-08", "not online, can't manage his universal credit journal", "ME10 1JR", "digital",
      x(DIGITAL, N(money_debt_and_benefits=1), A(benefits_advice_clinic=2)), tags=["money"]),
    Q("digital-09", "get online", "Deal", "town-name", DIGITAL, tags=["digital", "two-word"]),

    # -- families ---------------------------------------------------------------------------
    Q("family-01", "stay and play", "CT12 4DQ", "families", FAMILIES),
    Q("family-02", "toddler group", "CT1 1BF", "families", x(FAMILIES, A(family_hub_drop_in=2)), tags=["two-word"]),
    Q("family-03", "parenting course", "CT17 0WS", "families", x(FAMILIES, A(parenting_course=3, stay_and_play=2))),
    Q("family-04", "new mum feeling isolated, baby is 3 months", "CT20 2LY", "families",
      x(FAMILIES, N(loneliness_and_isolation=1), A(baby_massage=3, buggy_walks=3, parenting_course=1)),
      tags=["women", "loneliness"]),
    Q("family-05", "dads group", "ME13 8XJ", "families", x(FAMILIES, A(dads_saturday_club=3)),
      tags=["men", "two-word"]),
    Q("family-06", "teenager's behaviour is out of control, mum can't cope", "CT8 8PE", "families",
      x(FAMILIES, A(family_hub_drop_in=3, parenting_course=1, stay_and_play=0, baby_massage=0, buggy_walks=0,
                    youth_wellbeing_drop_in=2)), tags=["young-people"]),
    Q("family-07", "things to do with the kids at the weekend", "CT20 9NQ", "time",
      x(FAMILIES, A(allotment_share=1, beach_and_park_clean=1), C(day=["sat", "sun"])), tags=["families"]),
    Q("family-08", "baby massage", "ME10 4SS", "families", x(FAMILIES, A(baby_massage=3)), tags=["two-word"]),
    Q("family-09", "stay and play free", "CT11 8HU", "cost", x(FAMILIES, C(cost="free")), tags=["families"]),

    # -- older people -----------------------------------------------------------------------
    Q("older-01", "things to do for older people", "CT6 5AX", "older-people", OLDER_SOCIAL),
    Q("older-02", "lunch club", "CT17 9QE", "older-people",
      x(MEAL, A(lunch_club=3, community_supper=2)), tags=["food", "two-word"]),
    Q("older-03", "tea dance", "CT5 1ET", "older-people", x(OLDER_SOCIAL, A(tea_dance=3)), tags=["two-word"]),
    Q("older-04", "83, no family nearby, can't drive any more and the bus is hard", "CT8 8TE", "rambling",
      x(LONELY_OLDER, A(community_car_scheme=3), C(age=83)), tags=["older-people"]),
    Q("older-05", "transport to appointments for an elderly man", "CT7 0BW", "older-people",
      P(activities={"*/thanet-community-car-scheme": 3}), radius=10),
    Q("older-06", "falls prevention exercise", "CT10 1FP", "older-people",
      x(GENTLE_EXERCISE, A(tai_chi_for_balance=3, seated_exercise=3, gentle_yoga=2)), tags=["physical-activity"]),
    Q("older-07", "pensioners social group tuesday afternoon", "CT20 9NQ", "time",
      x(OLDER_SOCIAL, C(day="tue", time="afternoon")), radius=10, tags=["older-people", "loneliness"]),
    Q("older-08", "elderly", "ME10 4SS", "older-people", OLDER_SOCIAL),

    # -- young people -----------------------------------------------------------------------
    Q("young-01", "youth club", "CT12 4FB", "young-people", YOUTH, tags=["two-word"]),
    Q("young-02", "14 year old struggling with anxiety", "CT20 2QR", "young-people",
      x(YOUTH, A(youth_wellbeing_drop_in=3, youth_club=2), C(age=14)), tags=["mental-health"]),
    Q("young-03", "lgbt youth group", "TN28 8QF", "young-people", x(YOUTH, A(lgbtq_youth_group=3, youth_club=2))),
    Q("young-04", "drama club for teenagers", "CT9 1TA", "young-people",
      x(YOUTH, A(community_theatre_workshop=3, youth_club=1, youth_wellbeing_drop_in=1, kickabout=1)), tags=["arts"]),
    Q("young-05", "free football for kids", "TN29 9EG", "cost", x(YOUTH, A(kickabout=3, youth_club=1), C(cost="free")),
      tags=["young-people", "physical-activity"]),
    Q("young-06", "somewhere for teenagers to go after school", "ME10 4SS", "young-people",
      x(YOUTH, A(youth_wellbeing_drop_in=2))),
    Q("young-07", "16 year old left school, doesn't know what to do next", "CT14 6JX", "young-people",
      x(YOUTH, A(young_adults_job_club=3, youth_wellbeing_drop_in=2, youth_club=1), C(age=16)),
      radius=10, tags=["work"]),
    Q("young-08", "teenage son won't leave his room, gaming all night", "CT7 9RU", "rambling",
      x(YOUTH, A(youth_wellbeing_drop_in=3, youth_club=2, family_hub_drop_in=2, parenting_course=1)),
      tags=["young-people", "families", "mental-health"]),

    # -- arts -------------------------------------------------------------------------------
    Q("arts-01", "art classes", "CT5 1FT", "arts", ART_VISUAL, tags=["two-word"]),
    Q("arts-02", "choir", "CT14 7BD", "arts", x(ART_FORM, A(community_choir=3))),
    Q("arts-03", "knitting group", "CT20 9NQ", "arts", x(ART_FORM, A(knit_and_natter=3, craft_and_chat=2)),
      tags=["two-word"]),
    Q("arts-04", "creative writing", "CT9 1JR", "arts", x(ART_FORM, A(creative_writing_circle=3)), tags=["two-word"]),
    Q("arts-05", "learn the ukulele", "CT9 2NW", "arts", x(ART_FORM, A(ukulele_strummers=3))),
    Q("arts-06", "painting group for beginners", "ME12 3PR", "arts", ART_VISUAL),
    Q("arts-07", "crafts for older people", "TN29 0NY", "arts", x(ART_FORM, A(craft_and_chat=3, knit_and_natter=2)),
      tags=["older-people"]),
    Q("arts-08", "music group", "CT17 9QE", "arts",
      x(ART_FORM, A(ukulele_strummers=3, community_choir=3, singing_for_lung_health=2))),
    Q("arts-09", "arts and crafts, cheap", "CT10 1JJ", "cost", x(ARTS, C(cost="3")), tags=["arts"]),
    Q("arts-10", "singing", "CT6 5AX", "arts", x(ART_FORM, A(community_choir=3, singing_for_lung_health=2))),

    # -- gardening and nature ---------------------------------------------------------------
    Q("garden-01", "gardening", "CT10 2BB", "gardening", GARDENING),
    Q("garden-02", "allotment", "CT14 7FJ", "gardening", x(GARDENING, A(allotment_share=3, community_garden=2,
                                                                         therapeutic_gardening=2))),
    Q("garden-03", "community garden volunteering", "ME13 7BA", "gardening", x(GARDENING, VOLUNTEER,
                                                                                A(community_garden=3, repair_cafe=0))),
    Q("garden-04", "therapeutic gardening for depression", "CT21 6DW", "gardening",
      x(GARDENING, A(therapeutic_gardening=3, community_garden=2)), tags=["mental-health"]),
    Q("garden-05", "outdoor activities, nature", "TN28 8LE", "gardening",
      x(GARDENING, A(conservation_volunteers=3, beach_and_park_clean=3, allotment_share=2))),
    Q("garden-06", "grow vegetables", "CT1 3AN", "gardening", GARDENING, tags=["two-word"]),
    Q("garden-07", "gardning group", "CT21 6DW", "typo", GARDENING, tags=["gardening"]),

    # -- food -------------------------------------------------------------------------------
    Q("food-01", "cooking on a budget", "CT11 9RE", "food", COOKING, tags=["money"]),
    Q("food-02", "hot meal", "CT9 1RL", "food", MEAL, tags=["two-word"]),
    Q("food-03", "community fridge", "CT6 5HY", "food", x(FOOD_POVERTY, A(community_fridge=3, food_bank=2)),
      tags=["two-word"]),
    Q("food-04", "learn to cook healthy meals", "CT6 5AX", "food", COOKING),
    Q("food-05", "free food", "ME10 1UZ", "cost", x(FOOD_POVERTY, C(cost="free")), tags=["food", "two-word"]),
    Q("food-06", "lunch with other people", "CT13 9JA", "food", x(MEAL, A(lunch_club=3, community_supper=3)),
      tags=["loneliness"]),
    Q("food-07", "food bank", "Folkestone", "town-name", FOOD_POVERTY, tags=["food", "two-word"]),

    # -- learning ---------------------------------------------------------------------------
    Q("learn-01", "english classes", "CT13 9JA", "learning", P(activities={"*/*-english-conversation-club": 3}),
      radius=10),
    Q("learn-02", "maths course for adults", "CT7 9HR", "learning",
      x(LEARNING, A(maths_for_everyday_life=3, money_matters_budgeting_course=1))),
    Q("learn-03", "book club", "CT11 9PW", "learning", x(LEARNING, A(reading_group=3)), tags=["two-word"]),
    Q("learn-04", "local history", "ME13 7BS", "learning", x(LEARNING, A(local_history_talks=3)), tags=["two-word"]),
    Q("learn-05", "recently retired, wants to learn something new", "CT1 1LB", "learning",
      x(LEARNING, A(learning_in_later_life=3)), tags=["older-people"]),
    Q("learn-06", "adult learning", "ME12 1UF", "learning", LEARNING, radius=10, tags=["two-word"]),
    Q("learn-07", "u3a", "CT7 9HR", "learning", x(N(learning_and_skills=1), A(learning_in_later_life=3)),
      tags=["older-people"]),
    Q("learn-08", "esol", "CT13 9JA", "learning", P(activities={"*/*-english-conversation-club": 3}), radius=10),

    # -- volunteering -----------------------------------------------------------------------
    Q("vol-01", "volunteering", "CT10 1AN", "volunteering", VOLUNTEER),
    Q("vol-02", "wants to volunteer outdoors", "CT14 9AB", "volunteering",
      x(VOLUNTEER, A(become_a_befriender=1, shop_volunteering=1, volunteering_drop_in=2, repair_cafe=1))),
    Q("vol-03", "volunteer befriender", "CT1 1BF", "volunteering",
      x(VOLUNTEER, A(telephone_befriending=1, community_garden=2, conservation_volunteers=2, beach_and_park_clean=2,
                     shop_volunteering=2, volunteering_drop_in=2, repair_cafe=1))),
    Q("vol-04", "volunteering with support, he has a learning disability", "CT10 1AN", "volunteering",
      x(VOLUNTEER, A(volunteering_drop_in=3))),
    Q("vol-05", "charity shop volunteering", "ME12 1AU", "volunteering", x(VOLUNTEER, A(shop_volunteering=3))),
    Q("vol-06", "repair cafe", "CT1 3SG", "volunteering", P(activities={"*/*-repair-cafe": 3}), tags=["two-word"]),
    Q("vol-07", "voluntering", "CT20 9NQ", "typo", VOLUNTEER, tags=["volunteering"]),

    # -- physical activity ------------------------------------------------------------------
    Q("active-01", "walking group", "CT11 9HN", "physical-activity", WALKING, tags=["two-word"]),
    Q("active-02", "excercise for over 60s", "CT10 1FP", "typo", GENTLE_EXERCISE,
      tags=["physical-activity", "older-people"]),
    Q("active-03", "chair exercise", "CT8 8AY", "physical-activity",
      x(GENTLE_EXERCISE, A(seated_exercise=3, tai_chi_for_balance=2, gentle_yoga=2, walking_football=1, tea_dance=1,
                           health_walk=1, walk_and_talk=1)), tags=["two-word"]),
    Q("active-04", "walking football", "CT2 7TG", "physical-activity",
      x(N(physical_activity=1), A(walking_football=3)), tags=["two-word", "men"]),
    Q("active-05", "yoga", "CT6 5NE", "physical-activity", x(N(physical_activity=1), A(gentle_yoga=3, tai_chi_for_balance=2))),
    Q("active-06", "gentle exercise tuesday morning", "CT1 1BF", "time", x(GENTLE_EXERCISE, C(day="tue", time="morning")),
      tags=["physical-activity"]),
    Q("active-07", "tai chi", "CT7 9HR", "physical-activity",
      x(N(physical_activity=1), A(tai_chi_for_balance=3, gentle_yoga=2)), tags=["two-word"]),
    Q("active-08", "exercise class after work", "CT13 9AB", "time", x(EXERCISE, C(time="evening")),
      tags=["physical-activity"]),
    Q("active-09", "aqua aerobics for arthritis", "CT21 5PE", "physical-activity",
      x(N(), A(arthritis_support_circle=1, gentle_movement_for_pain=1)), expect_results=False,
      note="No swimming or water exercise in the sample."),
    Q("active-10", "dancing", "CT20 9NQ", "physical-activity", x(N(physical_activity=1), A(tea_dance=3))),
    Q("active-11", "excersize class", "CT9 1RH", "typo", EXERCISE, tags=["physical-activity"]),
    Q("active-12", "health walks", "ME13 7EX", "physical-activity", WALKING, tags=["two-word"]),
    Q("active-13", "get fitter, overweight and unfit, doesn't want a gym", "CT14 6LG", "physical-activity",
      x(EXERCISE, A(health_walk=3, walk_and_talk=3, gentle_yoga=3, health_trainer_service=3))),

    # -- men and women ----------------------------------------------------------------------
    Q("men-01", "mens shed", "CT1 3AN", "men", x(N(loneliness_and_isolation=1), A(mens_shed=3)), tags=["two-word"]),
    Q("men-02", "something for a retired man who likes woodwork", "CT6 5JY", "men",
      x(N(), A(mens_shed=3, repair_cafe=2)), tags=["older-people"]),
    Q("men-03", "mens group", "CT14 6LG", "men",
      x(N(), A(mens_talking_circle=3, mens_shed=3, walking_football=2, dads_saturday_club=2)), tags=["two-word"]),
    Q("women-01", "women only exercise class", "CT9 1RH", "women", N(), expect_results=False,
      note="No women-only activity in the sample."),
    Q("women-02", "in her 40s, new to the area, would like to meet other women", "CT20 9NQ", "women",
      x(LONELY, C(age=45)), tags=["loneliness"]),

    # -- explicit form filters --------------------------------------------------------------
    Q("filter-01", "walking", "CT9 1AE", "filters", WALKING, filters={"day": "tue"}, tags=["physical-activity"]),
    Q("filter-02", "lonely", "CT20 9NQ", "filters", LONELY, filters={"cost": "free"}, radius=10, tags=["loneliness"]),
    Q("filter-03", "carers", "CT5 1FT", "filters", CARERS, filters={"attendance": "online"}, radius=10,
      tags=["carers"]),
    Q("filter-04", "debt", "CT1 3SG", "filters", DEBT, filters={"time": "morning"}, tags=["money"]),
    Q("filter-05", "exercise", "ME10 4SS", "filters", EXERCISE, filters={"cost": "3"}, tags=["physical-activity"]),
    Q("filter-06", "support group", "CT9 1AE", "filters", BEREAVED, filters={"need": "bereavement"}, tags=["grief"]),
    Q("filter-07", "something to do", "CT20 2QR", "filters", YOUTH, filters={"age": "15"}, tags=["young-people"]),
    Q("filter-08", "art", "CT11 8HU", "filters", ART_VISUAL, filters={"access": "step-free"}, tags=["arts"]),

    # -- places in the text -----------------------------------------------------------------
    Q("place-01", "walking group in Ramsgate", "CT9 1AE", "place", x(WALKING, C(place=("CT11 9HN", 2.5))),
      tags=["physical-activity"]),
    Q("place-02", "lunch club near Broadstairs", "CT9 1AE", "place",
      x(MEAL, A(lunch_club=3), C(place=("CT10 1JJ", 2))), tags=["food", "older-people"]),
    Q("place-03", "debt advice Canterbury", "CT6 5AX", "place", x(DEBT, C(place=("CT1 2JE", 2.5))), radius=10,
      tags=["money"]),
    Q("place-04", "art group in Whitstable", "CT6 5JY", "place", x(ART_VISUAL, C(place=("CT5 1JB", 2))), radius=10,
      tags=["arts"]),
    Q("place-05", "bereavement support in Dover", "CT14 6JX", "place", x(BEREAVED, C(place=("CT16 1ST", 3))),
      radius=10, tags=["grief"]),
    Q("place-06", "youth club Sittingbourne", "ME12 1UF", "place", x(YOUTH, C(place=("ME10 4SS", 3))), radius=10,
      tags=["young-people"]),
    Q("place-07", "things to do in Minster for a lonely widower", "CT12 4DQ", "place",
      x(LONELY_OLDER, A(bereavement_cafe=3, widowed_friends_social=3, walking_through_grief=2),
        C(place=("CT12 4DQ", 1.5))), tags=["loneliness", "grief", "men"]),
    Q("place-08", "memory cafe near Folkestone", "CT18 7FG", "place",
      x(DEMENTIA, A(memory_cafe=3, songs_and_memories=3), C(place=("CT20 9NQ", 3))), tags=["dementia"]),
    Q("place-09", "food bank in Herne Bay", "CT5 1JB", "place", x(FOOD_POVERTY, C(place=("CT6 5AX", 2.5))),
      radius=10, tags=["food", "money"]),

    # -- rambling, as the person said it -----------------------------------------------------
    Q("ramble-01", "lost his job in the summer and now he's behind on the rent and not sleeping", "CT11 7NB",
      "rambling", x(TENANCY, DEBT, A(job_club=2, young_adults_job_club=1, housing_advice_surgery=3, renters_drop_in=3,
                                     debt_advice_drop_in=3, wellbeing_peer_support_group=1)),
      tags=["money", "housing", "work", "men"]),
    Q("ramble-02", "she sits in all day since her hip op, used to go to church, would love a bit of company",
      "CT14 7BD", "rambling", LONELY_OLDER, tags=["loneliness", "older-people", "women"]),
    Q("ramble-03", "mum of three, partner left, money's tight and she feels like she's drowning", "CT9 1SZ",
      "rambling", x(MONEY, N(families_and_parenting=1), A(family_hub_drop_in=2, parenting_course=1,
                                                         wellbeing_peer_support_group=2, food_bank=2)),
      tags=["money", "families", "women", "mental-health"]),
    Q("ramble-04", "used to be a keen gardener but can't kneel now, gets very low in the winter", "CT21 6DW",
      "rambling", x(GARDENING, A(therapeutic_gardening=3, community_garden=3)), tags=["gardening", "mental-health"]),
    Q("ramble-05", "caring for his wife with dementia, he never gets a minute to himself and he's getting short-tempered",
      "CT5 1FT", "rambling", DEMENTIA_CARER, tags=["dementia", "carers", "men"]),
    Q("ramble-06", "anxious about going out since covid, would like to try something small and quiet", "CT8 8AY",
      "rambling", x(ANXIETY, A(craft_and_chat=1, knit_and_natter=1, coffee_morning=1)), tags=["mental-health"]),
    Q("ramble-07", "recently widowed, never used a computer, her husband did all of that", "CT17 9RU", "rambling",
      x(DIGITAL, N(bereavement=2), A(widowed_friends_social=3)), radius=10, tags=["digital", "grief", "older-people"]),
    Q("ramble-08", "he's 70, retired from the docks, drinks a bit too much and doesn't see anyone", "CT17 9QE",
      "rambling", x(LONELY_OLDER, A(mens_shed=3, health_trainer_service=2), C(age=70)), radius=10,
      tags=["loneliness", "men", "older-people"]),
    Q("ramble-09", "wants to get out more and meet people but has no money to spare", "ME10 1JR", "rambling",
      x(LONELY, A(telephone_befriending=1), C(cost="0")), tags=["loneliness", "cost"],
      note="No money to spare: free or pay-what-you-can (cost up to 0 pounds)."),
    Q("ramble-10", "young dad, new baby, struggling and doesn't have anyone to talk to", "ME13 8XJ", "rambling",
      x(FAMILIES, A(dads_saturday_club=3, buggy_walks=2, mens_talking_circle=2)), tags=["families", "men"]),
    Q("ramble-11", "just been told she has type 2 diabetes and she's scared, wants to talk to people who have it",
      "CT6 5QY", "rambling", x(DIABETES, A(diabetes_support_group=3, diabetes_peer_chat=3,
                                           eating_well_with_type_2_diabetes=2)), tags=["diabetes", "women"]),
    Q("ramble-12", "since the stroke he can't get his words out and won't go anywhere, she's worn out looking after him",
      "CT1 1BF", "rambling", x(STROKE, CARERS, A(stroke_survivors_club=3)), tags=["heart", "carers"]),
]


def main():
    with OUT.open("w") as out:
        out.write("// Judged queries for bench/relevance.py, generated by judged_queries.py: edit that, not this.\n")
        for query in QUERIES:
            out.write(json.dumps(query, ensure_ascii=False) + "\n")
    print(f"Wrote {len(QUERIES)} queries to {OUT}")


if __name__ == "__main__":
    main()
