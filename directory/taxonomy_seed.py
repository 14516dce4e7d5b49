"""The initial needs taxonomy and accessibility features, used by data migrations.

Each need: (name, slug, synonyms, description, children); its example phrases are in
``EXAMPLE_PHRASES`` by slug. Moderators edit both in the admin afterwards.

- **Synonyms** are matched as exact phrases of stemmed words (``search.text.NeedVocabulary``),
  longest first, so each must almost always mean its need. Bare words that often mean
  something else became longer phrases or example phrases: "home" (care home, from home),
  "online" (online groups), "tablet" (pills), "work", "course", "classes", "skills",
  "education", "writing", "reading", "caring" (stems to "care": care home), "mums"/"dads"
  (stem to "mum": "my mum died"), "parenting" (stems to "parent": "my elderly parents"),
  "family", "young", "older", "running" (running out of money), "moving" (moving house),
  "active", "green", "growing", "loss" (weight, hearing, job loss), "alone", "company",
  "worried", "talking", "wellbeing", "peer support" (diabetes peer support), "help out",
  "breathing". Some longer phrases exist so that they win over a shorter one: "singing for
  lung health" (not arts), "in memory of" (not dementia), "leave the house" and "stuck in the
  house" (the name "Housing" stems to "hous", like "house"). A few name two needs on purpose
  ("rent arrears", "carer's allowance", "young carers").
- **Example phrases** are what people say to a GP or link worker, in the first and third
  person ("my husband died", "breathless on the stairs"). Search compares a query's meaning
  with them and matches their words too, so each phrase belongs to one need only.
"""

NEEDS = [
    ("Loneliness and isolation", "loneliness-and-isolation",
     "lonely, loneliness, lonesome, isolated, isolation, socially isolated, on my own, all alone, feel alone, "
     "feeling alone, live alone, living alone, lives alone, no friends, no one to talk to, nobody to talk to, "
     "make friends, new friends, meet people, meet new people, befriending, companionship, friendship, "
     "social contact, social life, socialising, housebound, out of the house, stuck in the house, stuck indoors, "
     "stuck at home, men's shed, mens shed",
     "Groups, befriending and social activities for people who feel lonely or cut off.", []),
    ("Mental wellbeing", "mental-wellbeing",
     "mental health, mental illness, emotional wellbeing, emotional support, anxiety, anxious, social anxiety, "
     "panic, panic attacks, depression, depressed, low mood, feeling low, feeling down, stress, stressed, "
     "overwhelmed, burnout, burnt out, can't cope, cant cope, not coping, struggling to cope, nerves, nervous, "
     "confidence, low confidence, lost confidence, self esteem, self confidence, ptsd, trauma, ocd, bipolar, "
     "psychosis, schizophrenia, eating disorder, self harm, suicidal, agoraphobia, phobia, leave the house, "
     "mindfulness, talking therapies, talking therapy, counselling, anger management, insomnia, can't sleep",
     "Peer support, talking groups and activities that help with low mood, anxiety and stress.", []),
    ("Physical activity", "physical-activity",
     "exercise, fitness, keep fit, get fit, unfit, walking, walking group, nordic walking, rambling, hiking, "
     "jogging, running club, couch to 5k, parkrun, sport, sports, football, walking football, netball, badminton, "
     "table tennis, bowls, cycling, bike ride, swimming, aqua aerobics, aerobics, dance, yoga, chair yoga, pilates, "
     "tai chi, qigong, zumba, gym, seated exercise, strength and balance, falls prevention, get active, "
     "keep active, stay active, more active, inactive, move more, lose weight, weight loss, overweight",
     "Walking groups, gentle exercise, sport and dance for all abilities.", []),
    ("Long-term conditions", "long-term-conditions",
     "long term condition, long term illness, long term health, chronic illness, chronic condition, "
     "health condition, health problems, ill health, self management, living well with, cancer, parkinson's, "
     "multiple sclerosis, epilepsy, kidney disease, long covid, chronic fatigue, crohn's, colitis, ibs, hiv, "
     "motor neurone disease",
     "Support for living well with a long-term health condition.", [
         ("Diabetes", "diabetes",
          "diabetic, type 1, type 2, type one, type two, prediabetes, pre diabetes, prediabetic, pre diabetic, "
          "blood sugar, blood sugars, blood glucose, sugar levels, glucose, insulin, hba1c",
          "Support for people living with diabetes.", []),
         ("COPD and breathing", "copd",
          "copd, emphysema, bronchitis, bronchiectasis, pulmonary fibrosis, asthma, asthmatic, lung, lung health, "
          "lung condition, breathless, short of breath, shortness of breath, out of breath, breathing problems, "
          "breathing difficulties, trouble breathing, difficulty breathing, wheezy, wheezing, inhaler, oxygen, "
          "pulmonary rehab, pulmonary rehabilitation, breathe easy, singing for lung health",
          "Support for people with COPD and other lung conditions.", []),
         ("Chronic pain", "chronic-pain",
          "pain, painful, persistent pain, long term pain, back pain, neck pain, joint pain, knee pain, hip pain, "
          "aches, aching, arthritis, osteoarthritis, rheumatoid, fibromyalgia, fibro, sciatica, migraine, "
          "pain management, painkillers, stiff joints, sore joints",
          "Support for people living with long-term pain.", []),
         ("Heart health", "heart-health",
          "heart, heart disease, heart condition, heart attack, heart failure, cardiac, cardiac rehab, angina, "
          "blood pressure, hypertension, cholesterol, palpitations, atrial fibrillation, chest pain, pacemaker, "
          "stroke, mini stroke, stroke survivor",
          "Support after heart problems or stroke.", []),
         ("Dementia", "dementia",
          "memory, memory loss, memory problems, memory cafe, forgetful, forgetfulness, forgetting things, "
          "alzheimer's, alzheimers, lewy body, cognitive decline, cognitive impairment, reminiscence, "
          "singing for the brain",
          "Memory cafés and support for people living with dementia and their carers.", []),
     ]),
    ("Money, debt and benefits advice", "money-debt-and-benefits",
     "money, money worries, money problems, money advice, managing money, debt, debts, in debt, debt advice, "
     "debt counselling, arrears, rent arrears, council tax, bills, energy bills, gas bill, electric bill, "
     "electricity bill, fuel poverty, prepayment meter, can't afford, cant afford, can't afford food, skint, "
     "hard up, poverty, low income, cost of living, financial, benefits, welfare benefits, welfare rights, "
     "universal credit, sanction, pip, esa, pension credit, attendance allowance, carer's allowance, "
     "housing benefit, dwp, budgeting, bailiffs, debt collectors, ccj, county court judgment, bankrupt, "
     "bankruptcy, debt relief order, iva, payday loan, loan shark, overdraft, hardship fund",
     "Free advice on debt, benefits, bills and budgeting.", []),
    ("Housing", "housing",
     "homeless, homelessness, housing advice, rent, tenant, tenancy, landlord, letting agent, eviction, "
     "evicted, section 21, notice to quit, accommodation, temporary accommodation, emergency accommodation, "
     "hostel, sofa surfing, rough sleeping, sleeping rough, rough sleeper, no fixed abode, nowhere to live, "
     "nowhere to stay, council house, housing association, housing register, housing list, damp, mould, "
     "disrepair, overcrowded, overcrowding, repossession, mortgage arrears, moving house, kicked out, "
     "supported housing, sheltered housing, rent arrears, housing benefit",
     "Advice and support with housing, renting and homelessness.", []),
    ("Carers' support", "carers-support",
     "carer, carers, unpaid carer, family carer, parent carer, young carer, caregiver, care giver, caring for, "
     "caring role, caring responsibilities, looking after someone, look after my mum, look after my dad, "
     "look after my mother, look after my father, look after my parents, look after my husband, "
     "look after my wife, look after my partner, look after my son, look after my daughter, respite, "
     "respite care, carer's allowance, sitting service",
     "Support and breaks for people who look after someone.", []),
    ("Bereavement", "bereavement",
     "bereaved, grief, grieving, mourning, died, death, passed away, widow, widowed, widower, funeral, "
     "lost my husband, lost my wife, lost my partner, lost my mum, lost my mother, lost my dad, lost my father, "
     "lost my son, lost my daughter, lost my child, husband passed, wife passed, baby loss, miscarriage, "
     "stillbirth, in memory of, death cafe",
     "Support after someone has died.", []),
    ("Arts and creativity", "arts-and-creativity",
     "art, arts, craft, crafts, creative, creativity, painting, drawing, sketching, watercolour, pottery, "
     "ceramics, sculpture, photography, knitting, knit, crochet, sewing, embroidery, quilting, woodwork, "
     "music, musical instrument, ukulele, guitar, piano, singing, choir, theatre, drama, poetry, "
     "creative writing, writing group, storytelling, museum, gallery, film club, cinema, colouring, "
     "jewellery making, card making",
     "Art, craft, music, singing and creative groups.", []),
    ("Gardening and nature", "gardening-and-nature",
     "garden, gardening, gardener, community garden, allotment, grow vegetables, grow your own, growing food, "
     "horticulture, horticultural, nature, wildlife, conservation, conservation volunteering, outdoors, "
     "green space, green gym, woodland, countryside, birdwatching, bird watching, forest bathing, ecotherapy, "
     "care farm, city farm, plants",
     "Community gardens, allotments and conservation volunteering.", []),
    ("Learning and skills", "learning-and-skills",
     "learning, adult learning, adult education, community learning, lifelong learning, evening classes, "
     "night classes, qualifications, gcse, gcses, functional skills, basic skills, literacy, numeracy, maths, "
     "english, esol, english as a second language, reading and writing, learn to read, reading group, "
     "book club, u3a, university of the third age, local history, language classes, learn a language, "
     "college, study",
     "Courses and classes to learn something new.", []),
    ("Food and cooking", "food-and-cooking",
     "food, cooking, cookery, cooking on a budget, healthy eating, eat healthily, healthy diet, diet, "
     "nutrition, food bank, foodbank, food parcel, food pantry, community pantry, community fridge, "
     "community larder, social supermarket, lunch club, luncheon club, community cafe, community meal, "
     "hot meal, free meals, meals, meals on wheels, breakfast club, hungry, hunger, not enough to eat, "
     "nothing to eat, can't afford food, slimming, recipes",
     "Cooking classes, lunch clubs, community cafés and food banks.", []),
    ("Volunteering", "volunteering",
     "volunteer, volunteering opportunities, give back, giving back, give something back, help others, "
     "helping others, make a difference, charity work, charity shop, litter picking, litter pick, beach clean, "
     "conservation volunteering, time bank, timebank",
     "Ways to give time and help others.", []),
    ("Employment", "employment",
     "job, jobs, job club, job hunting, job search, job seeking, jobseeker, looking for work, find work, "
     "out of work, back to work, return to work, off work, unemployed, unemployment, jobless, lost my job, "
     "made redundant, redundancy, redundant, career, careers advice, career change, cv, interview, "
     "job interview, apprenticeship, work experience, employability, jobcentre, self employed, "
     "self employment, paid work, fit note, sick note",
     "Help finding work, writing a CV and preparing for interviews.", []),
    ("Digital skills", "digital-skills",
     "digital, digital inclusion, digital exclusion, digitally excluded, computer, computers, laptop, ipad, "
     "tablet computer, smartphone, smart phone, mobile phone, iphone, android, internet, use the internet, "
     "get online, go online, online banking, online forms, online safety, email, video call, whatsapp, "
     "facetime, nhs app, social media, facebook, wifi, wi-fi, broadband, technology, tech, it skills, it help",
     "Help getting online and using phones, tablets and computers.", []),
    ("Families and parenting", "families-and-parenting",
     "parenting support, parenting course, parenting classes, parenting advice, parenting group, help with parenting, "
     "new parent, new parents, single parent, single mum, single dad, new mum, young mum, first time mum, "
     "mum and baby, mums group, new dad, dads group, stay at home mum, teenage parent, teenage mum, baby, "
     "new baby, toddler, toddlers, children, child, kids, childcare, family support, "
     "family life, family activities, whole family, family problems, family hub, children's centre, "
     "stay and play, playgroup, play group, baby group, toddler group, pregnant, pregnancy, antenatal, "
     "postnatal, breastfeeding, kinship care, fostering, adoption",
     "Groups and support for parents, carers and families.", []),
    ("Older people", "older-people",
     "older people, older person, older adults, old age, old people, getting older, elderly, pensioner, "
     "pensioners, oap, oaps, retired, retirement, over 50s, over 50, over 55s, over 60s, over 60, over 65s, "
     "over 65, over 70s, over 70, over 75s, over 80s, over 80, later life, senior, seniors, senior citizen, "
     "frail, frailty, in my 70s, in my 80s, in my 90s, young at heart",
     "Clubs, activities and support for people in later life.", []),
    ("Young people", "young-people",
     "young person, young adult, young adults, young man, young men, young woman, young women, youth, "
     "youth club, youth group, teenager, teenagers, teen, teens, adolescent, adolescents, student, students, "
     "school leaver, school leavers, neet, under 18s, under 25s, 16-25, 18-25, sixth form, young carer, "
     "teenage parent, teenage mum",
     "Activities and support for young people.", []),
]

# What people say that means each need: one phrase per line in the admin.
EXAMPLE_PHRASES = {
    "loneliness-and-isolation": (
        "I don't see anyone all week", "since I retired I never go out", "I feel so lonely",
        "nobody ever comes to visit", "she lives alone and hardly talks to anyone",
        "my children live miles away and I rarely see them",
        "he's been on his own since his wife went into a care home", "I've got no one to talk to",
        "I'd like to make some new friends", "I haven't been out of the flat in weeks",
        "the only person I speak to is the postman", "she's housebound and very isolated",
        "he's new to the area and doesn't know anybody", "I moved here and don't know a soul",
        "the days are long and empty", "weekends are the worst when you're by yourself",
        "he sits in all day watching telly", "I miss having company",
        "she'd like someone to pop in for a chat", "I've lost touch with all my friends",
        "he needs to get out and mix with people",
    ),
    "mental-wellbeing": (
        "I've been having panic attacks", "I feel low most days", "I can't leave the house",
        "my anxiety is through the roof", "he's been really down lately", "I just feel overwhelmed all the time",
        "she's struggling with her mental health", "I've lost all my confidence", "I worry about everything",
        "my nerves are bad", "he gets anxious in crowds", "I can't stop crying", "I've been signed off with stress",
        "my mind won't switch off at night", "I don't enjoy anything any more", "I feel worthless",
        "everything feels too much", "she has depression and needs something to look forward to",
        "my daughter's anxiety stops her going out", "I'd like to talk to people who understand",
        "I get nervous around people", "he's just been discharged from the mental health team",
    ),
    "physical-activity": (
        "I want to get fitter", "the doctor says I need to move more", "I'd like to lose a bit of weight",
        "something gentle to help me get moving again", "I used to play football and miss it",
        "she wants to start swimming again", "I need to build up my strength after my operation",
        "my balance isn't great and I'm scared of falling", "I'd love to try dancing",
        "he sits down all day and needs to be more active", "a walking group for beginners",
        "I'm overweight and want to exercise but feel self-conscious", "something like chair exercises for my mum",
        "I'd like to try a fitness class", "she's lost her fitness since lockdown", "I want to get back into running",
        "something to keep me moving as I get older", "I used to cycle and want to start again",
        "he's put on weight and gets no exercise",
    ),
    "long-term-conditions": (
        "I've got several health problems", "I was recently diagnosed with a long-term condition",
        "she has multiple sclerosis", "he has Parkinson's and wants to keep going", "I've just finished cancer treatment",
        "living with a chronic illness", "she has kidney disease and is on dialysis", "I've had long Covid for a year",
        "my health has gone downhill", "I want to manage my condition better", "he has epilepsy and can't drive any more",
        "I have ME and I'm exhausted all the time", "my illness stops me doing the things I used to",
        "she has so many hospital appointments her illness runs her life",
        "I'd like to meet others with the same condition",
    ),
    "diabetes": (
        "I've just been told I'm diabetic", "my sugar levels are all over the place",
        "the nurse says I'm pre-diabetic", "I have type 2 and need to change my diet",
        "he's struggling to manage his diabetes", "my blood sugar is too high", "I'm borderline diabetic",
        "she's just started on insulin", "my HbA1c keeps going up", "I want to get my diabetes under control",
        "he's worried about his feet because of his diabetes", "I was told to lose weight to reverse my diabetes",
        "my husband's diabetes is getting worse", "I've had diabetes for years and I'm fed up with it",
    ),
    "copd": (
        "breathless on the stairs", "I get out of breath walking to the shops", "I have COPD and struggle to breathe",
        "my chest is bad", "he's on oxygen at home", "I use my inhaler all the time", "she has emphysema",
        "my lungs are bad from years of smoking", "I can't walk far without stopping for breath",
        "my asthma is really bad in the winter", "he coughs all the time and keeps getting chest infections",
        "I've been told to do pulmonary rehab", "I get wheezy and tight-chested",
        "I've just come out of hospital after a flare-up",
    ),
    "chronic-pain": (
        "I'm in pain all the time", "my back has been bad for years", "my arthritis is getting worse",
        "I have fibromyalgia and feel wiped out", "the painkillers don't really help", "my knees hurt when I walk",
        "she lives with constant pain", "he can't sleep because of the pain", "my joints ache every morning",
        "I've had sciatica for months", "pain stops me doing the things I enjoy",
        "I want to learn to live with my pain", "I get terrible migraines", "my hip is so painful I hardly go out",
    ),
    "heart-health": (
        "I had a heart attack last year", "my blood pressure is high", "I've been told I have heart failure",
        "he had a stroke and can't do what he used to", "since my stroke my speech isn't right",
        "I get chest pains when I walk", "my cholesterol is high", "she's recovering from a stroke",
        "I've got angina", "I've just had a stent fitted", "I've finished cardiac rehab and want to keep going",
        "my heart races and I get palpitations", "he has a pacemaker", "the doctor is worried about my heart",
    ),
    "dementia": (
        "my memory is going", "I keep forgetting things", "mum has been diagnosed with Alzheimer's",
        "he's getting more and more confused", "my husband has dementia", "she keeps repeating herself",
        "I'm worried about my memory", "he got lost on his way home", "dad doesn't recognise us any more",
        "my wife was diagnosed with early dementia", "she forgets whether she's eaten",
        "I think my mum might have dementia", "something we can do together now he has dementia",
        "he has vascular dementia and gets frustrated", "she's in the early stages of memory loss",
    ),
    "money-debt-and-benefits": (
        "can't pay the gas", "I'm behind on my rent", "my universal credit has been sanctioned",
        "bailiffs are coming round", "I'm in debt and don't know where to start", "I can't afford to heat my home",
        "the bills keep piling up", "I have to choose between heating and eating",
        "he's got credit card debts he can't pay", "I need help filling in my PIP form", "my benefits have stopped",
        "I've had a letter about council tax arrears", "I don't know what benefits I can claim",
        "my electric has run out and I can't top up", "I can't make ends meet", "I borrowed from a loan shark",
        "money is really tight since my hours were cut", "I'm skint until payday",
        "she's worried about money all the time", "the cost of living is crushing us",
        "my ESA was stopped after the assessment",
    ),
    "housing": (
        "sofa surfing", "sleeping rough", "landlord is evicting me", "I've been given a section 21 notice",
        "I'm sleeping on a mate's sofa", "I'm about to lose my home", "my flat is full of damp and mould",
        "we are living in one room with the kids", "I have nowhere to go tonight", "he's been sleeping in his car",
        "I'm in temporary accommodation", "my landlord won't fix anything", "I need to move somewhere cheaper",
        "I've been on the council list for years", "she's at risk of losing her tenancy",
        "I can't manage the stairs in my flat and need to move", "my mum's kicked me out",
        "I need help finding somewhere to live", "the place is too big for me to manage now",
    ),
    "carers-support": (
        "I look after my dad", "caring for my son with autism", "I care for my wife who has dementia",
        "I'm a full-time carer for my mum", "I never get a break from caring",
        "she looks after her husband and is exhausted", "he's caring for his disabled daughter",
        "I need some time for myself away from caring", "I gave up work to look after my mother",
        "my brother has learning disabilities and I look after him", "no one asks how I'm coping as a carer",
        "I help my gran with everything", "my son is a young carer for his mum", "I'm worn out looking after my partner",
        "someone to sit with my husband so I can go out", "I care for both my parents",
        "I've been my husband's carer since his stroke", "I'd like to meet other carers",
    ),
    "bereavement": (
        "my husband died", "lost my mum last year", "since my wife passed", "my dad passed away in the spring",
        "I lost my son suddenly", "she's struggling since her husband died", "he's recently widowed",
        "my partner died and I don't know what to do with myself", "I can't get over losing my mum",
        "my best friend died", "our baby died", "my brother took his own life", "he's grieving for his wife",
        "it's been a year since she died and it's not getting easier", "I'm finding the grief overwhelming",
        "I've lost both my parents", "she lost her husband to cancer", "our dog died and I'm heartbroken",
        "I want to talk to others who've lost someone", "since the funeral I've shut myself away",
    ),
    "arts-and-creativity": (
        "I used to love painting", "I want to do something creative", "she enjoys knitting and sewing",
        "I'd like to learn to draw", "he'd love to sing in a choir", "I used to play the guitar",
        "something arty to take my mind off things", "she's always been good at crafts", "I'd like to try pottery",
        "I like writing poems", "he loves music", "I'd like to join a drama group", "I enjoy taking photographs",
        "she misses going to the theatre", "my daughter loves making things", "I used to make my own clothes",
        "a craft group where I can chat while I make things",
    ),
    "gardening-and-nature": (
        "I miss having a garden", "I'd like to grow my own vegetables", "he loves being outdoors",
        "she used to be a keen gardener", "I want to get out in the fresh air", "I feel better when I'm in nature",
        "I live in a flat with no garden", "I'd like an allotment but can't manage one alone",
        "he's happiest pottering in the garden", "I'd love to help look after a nature reserve",
        "I like watching birds", "being outside helps my mood", "he wants to do something with his hands outdoors",
        "she likes plants and flowers", "I want to learn about growing food", "somewhere green and peaceful to spend time",
    ),
    "learning-and-skills": (
        "I want to learn something new", "I never learnt to read properly", "she wants to improve her English",
        "I'd like to go back to college", "I want to get my maths GCSE", "he left school with no qualifications",
        "I'm struggling with reading and writing", "I'd like to learn a language",
        "I've always wanted to study history", "she wants an English class for beginners",
        "I'd like to keep my brain busy", "I want to try an evening class", "he's interested in local history",
        "I'd like to join a book club", "my English isn't good enough to get by", "I want to learn new skills",
    ),
    "food-and-cooking": (
        "I can't afford to feed my kids", "there's no food in the cupboards", "I need a food bank",
        "I'd like to learn to cook healthy meals", "he lives on takeaways and microwave meals",
        "I haven't eaten properly for days", "she doesn't cook for herself any more", "I want to eat more healthily",
        "I'd like to learn to cook on a budget", "we run out of food before payday", "somewhere to get a hot meal",
        "I'd like to cook for other people", "he only eats toast", "I skip meals so the kids can eat",
        "I'd like to eat with other people", "cooking for one is hard", "a lunch club for my dad",
    ),
    "volunteering": (
        "I want to give something back", "I'd like to volunteer", "I want to feel useful again",
        "I have time on my hands and want to help", "she'd like to help out in a charity shop",
        "he wants to use his skills to help others", "volunteering to get experience for a job",
        "I'd like to do something for my community", "I want a reason to get up in the morning",
        "I'd like to volunteer at a food bank", "I used to be a nurse and want to help people",
        "something worthwhile to do with my time", "he's retired and wants to keep busy helping others",
        "I'd like to help with a litter pick", "I'd like to be a befriender",
    ),
    "employment": (
        "lost my job", "need help with my CV", "I've been out of work for a year", "I was made redundant",
        "I want to get back to work after being ill", "he needs help with job interviews",
        "I don't know how to apply for jobs", "she's looking for part-time work", "I want to change career",
        "I'd like an apprenticeship", "I've never had a job", "the jobcentre keeps sending me on courses",
        "I'm worried about losing my job", "I'm off sick and scared about going back", "I'd like some work experience",
        "I want to start my own business", "my contract ended and I can't find anything",
    ),
    "digital-skills": (
        "can't use a smartphone", "everything is online now", "I don't know how to use the internet",
        "my grandson set up my tablet but I don't know how to use it", "I can't do my universal credit journal online",
        "I want to video call my family", "she doesn't have an email address", "I'm scared of being scammed online",
        "he needs help with the NHS app", "I can't book a GP appointment online", "I've never used a computer",
        "I'd like to learn to use WhatsApp", "I don't have the internet at home", "I keep getting stuck on my laptop",
        "she wants to shop online but doesn't trust it", "I'm not very good with technology",
    ),
    "families-and-parenting": (
        "new mum feeling isolated", "my teenager won't talk to me", "I'm struggling with my toddler's behaviour",
        "I've just had a baby and don't know anyone", "I'm a single dad and need some support",
        "my kids are driving me up the wall", "we need things to do in the school holidays", "I'm pregnant and scared",
        "she's a young mum with no family nearby", "my son is being bullied at school", "I'd like to meet other parents",
        "I want to be a better parent", "we're going through a divorce and the kids are struggling",
        "my daughter has ADHD and I don't know how to help her", "I'm a grandparent bringing up my grandchildren",
        "he wants to spend more time with his children", "I'm finding it hard to bond with my baby",
        "my children argue all the time",
    ),
    "older-people": (
        "I'm 80", "just retired", "I'm in my eighties and can't get about like I used to", "mum is 92 and lives alone",
        "since I retired I've nothing to do", "he's getting older and slowing down", "she's 85 and still sharp",
        "something for the over 60s", "I'm a pensioner on my own", "my dad is elderly and frail",
        "I'm not as steady on my feet these days", "I want to keep my mind active in retirement",
        "clubs for older people near me", "I've turned 70 and want to try new things",
        "my grandad doesn't go out much now", "he's in his late seventies",
    ),
    "young-people": (
        "my son is 15 and has no friends", "something for teenagers to do after school",
        "she's 17 and doesn't know what to do after college", "he's been excluded from school",
        "my daughter spends all day in her room on her phone", "I'm 19 and feel lost", "a youth club near me",
        "he's 16 and getting into trouble", "my grandson has left school and isn't working",
        "mental health support for young people", "she's a student and struggling to fit in",
        "I'm 18 and want to meet people my age", "he's a teenager with autism who needs something to do",
        "my nephew has dropped out of college", "my son is in year 10 and hates school",
    ),
}

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


def all_needs(entries=NEEDS, parent=None):
    """Every seeded need as (name, slug, synonyms, description, parent slug), parents first."""
    for name, slug, synonyms, description, children in entries:
        yield name, slug, synonyms, description, parent
        yield from all_needs(children, slug)


def example_phrases(slug):
    """The seeded example phrases of one need, one per line, as the admin field holds them."""
    return "\n".join(EXAMPLE_PHRASES.get(slug, ()))


def _has_example_phrases(Need):
    # Migration 0002 runs this with the model as it was then, before example phrases existed.
    return any(field.name == "example_phrases" for field in Need._meta.get_fields())


def seed(Need, AccessibilityFeature):
    """Create or update the taxonomy. Safe to run more than once."""
    with_examples = _has_example_phrases(Need)
    parents = {}
    for order, (name, slug, synonyms, description, parent) in enumerate(all_needs(), start=1):
        defaults = {
            "name": name, "synonyms": synonyms, "description": description,
            "parent": parents.get(parent), "sort_order": order,
        }
        if with_examples:
            defaults["example_phrases"] = example_phrases(slug)
        parents[slug], _ = Need.objects.update_or_create(slug=slug, defaults=defaults)
    for name, slug, description in ACCESSIBILITY_FEATURES:
        AccessibilityFeature.objects.update_or_create(slug=slug, defaults={"name": name, "description": description})


def update_vocabulary(Need):
    """Write the seeded synonyms and example phrases into the needs that exist, by slug.

    Creates nothing and changes nothing else (names, parents, order and ids stay as they are).
    """
    for _name, slug, synonyms, _description, _parent in all_needs():
        Need.objects.filter(slug=slug).update(synonyms=synonyms, example_phrases=example_phrases(slug))
