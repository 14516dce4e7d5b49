"""The initial needs taxonomy and accessibility features, used by a data migration.

Each need: (name, slug, synonyms, description, children). Synonyms are the words people use;
search expands them at query time.
"""

NEEDS = [
    ("Loneliness and isolation", "loneliness-and-isolation",
     "lonely, loneliness, isolated, isolation, on my own, alone, no friends, befriending, company, social contact, meet people",
     "Groups, befriending and social activities for people who feel lonely or cut off.", []),
    ("Mental wellbeing", "mental-wellbeing",
     "mental health, anxiety, anxious, depression, depressed, low mood, stress, stressed, worried, wellbeing, peer support, talking",
     "Peer support, talking groups and activities that help with low mood, anxiety and stress.", []),
    ("Physical activity", "physical-activity",
     "exercise, fitness, walking, walk, walks, sport, keep fit, swimming, dance, yoga, tai chi, active, moving",
     "Walking groups, gentle exercise, sport and dance for all abilities.", []),
    ("Long-term conditions", "long-term-conditions",
     "long term condition, chronic illness, health condition, self-management",
     "Support for living well with a long-term health condition.", [
         ("Diabetes", "diabetes", "diabetic, type 2, type 1, blood sugar", "Support for people living with diabetes.", []),
         ("COPD and breathing", "copd", "copd, breathless, breathing, lungs, asthma, singing for lung health, breathe", "Support for people with COPD and other lung conditions.", []),
         ("Chronic pain", "chronic-pain", "pain, back pain, arthritis, fibromyalgia, pain management", "Support for people living with long-term pain.", []),
         ("Heart health", "heart-health", "heart, cardiac, blood pressure, stroke", "Support after heart problems or stroke.", []),
         ("Dementia", "dementia", "memory, alzheimer's, alzheimers, memory loss, forgetful, memory cafe", "Memory cafés and support for people living with dementia and their carers.", []),
     ]),
    ("Money, debt and benefits advice", "money-debt-and-benefits",
     "money, money worries, debt, debts, benefits, universal credit, bills, budgeting, cost of living, financial, pip, welfare rights",
     "Free advice on debt, benefits, bills and budgeting.", []),
    ("Housing", "housing",
     "housing, homeless, homelessness, rent, landlord, eviction, home, accommodation, tenancy",
     "Advice and support with housing, renting and homelessness.", []),
    ("Carers' support", "carers-support",
     "carer, carers, caring, looking after someone, young carers, respite",
     "Support and breaks for people who look after someone.", []),
    ("Bereavement", "bereavement",
     "bereaved, grief, grieving, loss, death, widow, widowed, mourning",
     "Support after someone has died.", []),
    ("Arts and creativity", "arts-and-creativity",
     "art, arts, craft, crafts, painting, drawing, music, singing, choir, creative, knitting, writing, theatre, drama",
     "Art, craft, music, singing and creative groups.", []),
    ("Gardening and nature", "gardening-and-nature",
     "garden, gardening, gardener, allotment, nature, outdoors, green, conservation, growing",
     "Community gardens, allotments and conservation volunteering.", []),
    ("Learning and skills", "learning-and-skills",
     "learning, learn, course, courses, skills, english, esol, maths, reading, education, classes",
     "Courses and classes to learn something new.", []),
    ("Food and cooking", "food-and-cooking",
     "food, cooking, cook, healthy eating, food bank, lunch club, meals, nutrition, community cafe",
     "Cooking classes, lunch clubs, community cafés and food banks.", []),
    ("Volunteering", "volunteering",
     "volunteer, volunteers, volunteering, give back, help out",
     "Ways to give time and help others.", []),
    ("Employment", "employment",
     "job, jobs, work, employment, cv, interview, unemployed, career, job club",
     "Help finding work, writing a CV and preparing for interviews.", []),
    ("Digital skills", "digital-skills",
     "digital, computer, computers, internet, online, smartphone, tablet, email, it skills, get online",
     "Help getting online and using phones, tablets and computers.", []),
    ("Families and parenting", "families-and-parenting",
     "family, families, parent, parents, parenting, children, baby, toddler, mums, dads",
     "Groups and support for parents, carers and families.", []),
    ("Older people", "older-people",
     "older, elderly, pensioner, pensioners, retired, retirement, over 50s, over 60s, later life",
     "Clubs, activities and support for people in later life.", []),
    ("Young people", "young-people",
     "young, youth, teenager, teenagers, teens, young adults, students, 16-25",
     "Activities and support for young people.", []),
]

ACCESSIBILITY_FEATURES = [
    ("Step-free access", "step-free", "No steps, or a ramp or lift to every area used."),
    ("Accessible toilet", "accessible-toilet", "A toilet suitable for wheelchair users."),
    ("Hearing loop", "hearing-loop", "An induction loop for hearing aid users."),
    ("British Sign Language", "bsl", "BSL interpretation available or sessions run in BSL."),
    ("Carers welcome", "carers-welcome", "Carers can come too, usually free."),
    ("Large print", "large-print", "Materials available in large print."),
    ("Quiet space", "quiet-space", "A quieter area for people who need a break."),
    ("Parking nearby", "parking", "Parking, including disabled bays, nearby."),
    ("Near public transport", "public-transport", "On a bus route or near a station."),
    ("Dementia friendly", "dementia-friendly", "Staff or volunteers trained as Dementia Friends."),
    ("Wheelchair accessible", "wheelchair-accessible", "Suitable for wheelchair users throughout."),
]


def seed(Need, AccessibilityFeature):
    """Create or update the taxonomy. Safe to run more than once."""
    order = 0

    def create(entries, parent=None):
        nonlocal order
        for name, slug, synonyms, description, children in entries:
            order += 1
            need, _ = Need.objects.update_or_create(
                slug=slug,
                defaults={"name": name, "synonyms": synonyms, "description": description, "parent": parent, "sort_order": order},
            )
            create(children, need)

    create(NEEDS)
    for name, slug, description in ACCESSIBILITY_FEATURES:
        AccessibilityFeature.objects.update_or_create(slug=slug, defaults={"name": name, "description": description})
