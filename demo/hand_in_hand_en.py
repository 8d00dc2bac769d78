"""The English edition of the demo's "Hand in Hand" stories (see demo/hand_in_hand.py).

Written for this project: fictional people, pseudonyms only. Each story: two interviews (the
client and a professional) answering the ten guiding questions in order, an opening and a
closing written by the student, and principles of action with the interview (0: client,
1: professional) and question whose answer shows them."""

from __future__ import annotations

import datetime as dt

EDITION = {
    "language": "en",
    "program": "Hand in Hand 2025",
    "description": "Ten client stories from the four departments, documented by social-work "
    "students from interviews with the clients and the professionals, and published as the "
    "book “Hand in Hand: client stories”.",
    # The staff members who nominated the stories: this edition's own.
    "tellers": ["Tamar Adler", "Yusuf Darwish", "Miriam Klein"],
    "committee": "Hand in Hand steering committee",
    "meeting": "Hand in Hand: selection meeting",
    "place": "Riverside welfare office",
    "selection_reasons": "Both the worker and the client see the change as a success, the "
    "client agreed to be interviewed, and the story adds to the range of the clientele.",
    "departments": [
        "Families and children",
        "Adults and employment",
        "Elderly and disability",
        "Community and youth",
    ],
    "sections": {
        3: "Where it began",
        4: "What they set out to achieve",
        5: "What was done",
        6: "The turning point",
        7: "Partners",
        8: "What guided the work",
        2: "Why it counts as a success",
    },
    "principles": {
        "respect": ("A respectful attitude at all times", "The relationship"),
        "relationship": ("A meaningful relationship as the basis of success", "The relationship"),
        "tailored": ("Personally tailored treatment", "The way of working"),
        "family": ("Treating the whole family", "The way of working"),
        "crisis": ("A crisis as a lever for change", "The way of working"),
        "partners": ("Success has many partners", "Partnership"),
        "systemic": ("Systemic work with partners inside and outside welfare", "Partnership"),
    },
    "book": {
        "title": "Hand in Hand: client stories",
        "subtitle": "Ten stories of change from the Riverside social services, and the "
        "principles of action they share",
        "authors": "The Hand in Hand steering committee and the social-work students of 2025",
        "editor": "The steering committee",
        "translator": "",
        "graphic_design": "Studio Riverside",
        "publisher": "Riverside Social Services Division\n12 Harbour Street, Riverside\n"
        "© 2026 Riverside Social Services. Every story is published with the consent of the "
        "people interviewed; every client appears under a pseudonym.",
        "place": "Riverside",
        "published_on": dt.date(2026, 3, 1),
        "abstract": "In 2025 the four departments of the Riverside social services looked back "
        "at their own successes. A steering committee chose ten stories in which both the "
        "client and the worker saw a real change. Social-work students interviewed each "
        "client and a professional who worked with them, using the ten guiding questions of "
        "the retrospective method, and wrote each story up from those interviews.\n\n"
        "From every story the committee drew principles of action: in situation X, to "
        "achieve Y, we do Z. Seven of them run through all or most of the stories, and the "
        "last chapter gathers them.",
        "foreword": "Success in social work is rarely written down. We write down crises, "
        "referrals and reports; what went right stays in the memory of the people who did "
        "it.\n\nThis book is an attempt to learn from what went right. The stories are "
        "told in the words of the clients and the workers, with their consent and under "
        "pseudonyms. We thank them for their trust, and the students for listening so "
        "carefully.",
        "include_principles": True,
    },
    "stories": [
        {
            "title": "The kitchen table",
            "pseudonym": "M.",
            "department": 0,
            "tags": "families with young children, risk of placement",
            "summary": "A mother of four, close to losing her children to a foster placement, "
            "rebuilt the family's daily routine with a family worker who came to her kitchen "
            "every week for a year.",
            "opening": "When the family worker first sat down at M.'s kitchen table, the table "
            "was covered with unopened letters. Two of them were from the court. M. was "
            "raising four children alone, the eldest had stopped going to school, and a "
            "committee was about to decide whether the two youngest should be placed in "
            "foster care.",
            "closing": "A year later the letters are opened on the day they arrive, and the "
            "kitchen table is where the children do their homework.",
            "interviews": [
                (
                    "client",
                    "M.",
                    [
                        "My children are at home with me, and the committee closed the file.",
                        "I know it is a success because my son goes to school every morning "
                        "and I am the one who wakes him. The worker says the same: the school "
                        "calls her with good news now, not with complaints.",
                        "I was drowning. After the divorce I worked nights, the children were "
                        "alone, and I stopped opening letters because every letter was bad "
                        "news. I was sure they would take the little ones.",
                        "At first I only wanted them to leave me alone. Later I wanted to be "
                        "the mother I had planned to be, with a home that runs on time.",
                        "She came every Tuesday. We started with the letters, one pile a "
                        "week. Then a timetable on the fridge, then a day job instead of the "
                        "nights. She never did it for me; she sat next to me while I did it.",
                        "The day of the committee. I thought I was going to lose them, and "
                        "she said to the committee: ask her, she knows her children best. "
                        "They asked me, and I talked for twenty minutes.",
                        "The family worker, my sister who took the children on Thursdays, "
                        "the school counsellor, and the lady at the employment office who "
                        "found me the day job.",
                        "She never spoke to me like a case. She knocked before she came in, "
                        "she asked before she opened a cupboard, and she told me the truth "
                        "about the committee.",
                        "Sit at the table with people. Do not come with a file, come with a "
                        "cup of coffee.",
                        "With every mother who thinks the welfare office is the enemy.",
                    ],
                ),
                (
                    "social_worker",
                    "Family social worker",
                    [
                        "A family at high risk of a placement stayed together, and the risk "
                        "assessment was lowered twice in one year.",
                        "By our measures: school attendance above ninety per cent, no new "
                        "reports, the file closed by the committee. By hers: she is in charge "
                        "of her home again.",
                        "Four children, a mother working nights, an absent father, debts, "
                        "and three reports from the school in one term. The family was known "
                        "to the department for six years and trusted nobody in it.",
                        "Safety for the children first, and then a mother who could hold the "
                        "home without us. We wrote those two goals together, in her words.",
                        "A weekly home visit for a year, a timetable built with the children, "
                        "help with the debts, a move to day work with the employment office, "
                        "and a fixed day for the aunt to take the children.",
                        "The committee hearing. I asked the committee to hear her before "
                        "they heard me. She spoke for twenty minutes about each child, and "
                        "they saw the mother I had been seeing for months.",
                        "The school counsellor, the employment office, the debt adviser, the "
                        "aunt, and the eldest son, who became my ally once he saw I was not "
                        "there to take his brothers.",
                        "Respect comes before any plan: a family that feels judged shows you "
                        "nothing. I also treated the whole family, not only the mother, "
                        "because each child held a piece of the routine.",
                        "When a family expects to be judged, to build trust, we come to them, "
                        "ask permission and tell them the truth.",
                        "Any family with a long history with the department and little trust "
                        "in it.",
                    ],
                ),
            ],
            "principles": [
                (
                    "a family that has lost trust in the welfare services",
                    "a relationship in which change can start",
                    "visit them at home every week, ask permission and tell the truth",
                    "relationship",
                    (1, 9),
                ),
                (
                    "a mother overwhelmed by the home",
                    "a routine the whole family holds",
                    "build the timetable with the children, not only with the parent",
                    "family",
                    (1, 8),
                ),
                (
                    "a committee about to decide on a placement",
                    "a decision that sees the family's strength",
                    "ask the committee to hear the parent first",
                    "crisis",
                    (0, 6),
                ),
            ],
        },
        {
            "title": "A father comes home",
            "pseudonym": "Y.",
            "department": 0,
            "tags": "fathers after prison, family reunification",
            "summary": "A father released after three years in prison rebuilt his place in "
            "the family with a probation officer and a family worker who planned his return "
            "together with his wife and children.",
            "opening": "Y. came out of prison on a Sunday. By Wednesday he had been to the "
            "probation service, the welfare office and the employment office, and in each "
            "place he was asked the same questions. His wife had asked the family worker "
            "one thing only: that he should not come home as a stranger.",
            "closing": "Today Y. drives his daughter to her football practice on Fridays. "
            '"It is a small thing," he says, "but two years ago nobody would have let me."',
            "interviews": [
                (
                    "client",
                    "Y.",
                    [
                        "I live with my wife and children again, I work, and I have not gone "
                        "back to the old places.",
                        "My daughter invites me to her football games. My wife says I am a "
                        "partner and not another child in the house. For me that is the whole "
                        "success.",
                        "I came out with nothing: no job, a licence that had expired, and "
                        "children who were afraid of me. My son would leave the room when I "
                        "came in.",
                        "To stay out of prison, I said. The worker asked me what else, and I "
                        "said that I wanted my son to stay in the room.",
                        "We met as a family every two weeks, with the family worker and "
                        "sometimes the probation officer. I went to a fathers' group on "
                        "Mondays. I found work in a garage through the employment office.",
                        "The evening my son asked me to help him with his maths. I did not "
                        "know the answer, and we looked for it together.",
                        "My wife first of all, the family worker, the probation officer, the "
                        "fathers' group and the owner of the garage, who knew my past and "
                        "hired me anyway.",
                        "Nobody treated me like a prisoner. They were strict with me about the "
                        "rules, but they spoke to me like a father.",
                        "Bring the father back into the family slowly, and let the children "
                        "decide how fast.",
                        "For other men coming out, and for their families who wait for them.",
                    ],
                ),
                (
                    "probation_officer",
                    "Probation officer",
                    [
                        "A man released from prison went home, found work and has kept to the "
                        "conditions of his release for two years.",
                        "No new offences, two years in the same job, and a family that asked "
                        "for the joint meetings to go on after the probation period ended.",
                        "A family that had organised itself without him for three years, a "
                        "mother who carried everything, and children with anger they did not "
                        "have words for. He had a job offer from his old friends.",
                        "A return home that the children could live with, and work that kept "
                        "him away from the old circle.",
                        "The family worker and I worked as one team: one plan, shared with "
                        "the family, instead of two offices asking the same questions. Family "
                        "meetings every two weeks, a fathers' group, and the employment "
                        "office for the job.",
                        "When his wife told the meeting that she had stopped waiting for him "
                        "to fail. From then on they planned together.",
                        "The family department, the employment office, the fathers' group, "
                        "the employer, and the school, which we told about the return with "
                        "the parents' agreement.",
                        "Systemic work: a released prisoner meets five services in his first "
                        "week. When they work as one, he can put his strength into his family "
                        "instead of into the paperwork.",
                        "When a parent returns from prison, to keep the family together, the "
                        "probation and welfare services plan the return as one team with the "
                        "whole family.",
                        "Returns from prison, from hospital, from rehabilitation: any return "
                        "to a family that has learned to live without someone.",
                    ],
                ),
            ],
            "principles": [
                (
                    "a parent returning from prison",
                    "a return the children can live with",
                    "plan it with the whole family and let the children set the pace",
                    "family",
                    (0, 9),
                ),
                (
                    "a released prisoner meeting many services at once",
                    "one plan instead of five",
                    "work as one team with probation, employment and the family department",
                    "systemic",
                    (1, 9),
                ),
                (
                    "a man known mainly by his offence",
                    "a father who sees himself as one",
                    "keep to the rules strictly and speak to him as a father",
                    "respect",
                    (0, 8),
                ),
            ],
        },
        {
            "title": "The night shift at the print house",
            "pseudonym": "R.",
            "department": 1,
            "tags": "long-term unemployed, men over fifty",
            "summary": "A man of fifty-six, out of work for nine years, found a job on the "
            "night shift of a print house after his employment coordinator built the way "
            "back around his own sleep, strengths and fears.",
            "opening": "R. had been to eleven job interviews in nine years and had stopped "
            "going. He slept during the day and was awake at night, which every adviser had "
            "treated as the problem. His employment coordinator was the first to treat it as "
            "a fact to plan with.",
            "closing": "R. has worked the night shift for fourteen months. He now trains the "
            "new workers on the folding machine.",
            "interviews": [
                (
                    "client",
                    "R.",
                    [
                        "I work nights at the print house, and I have been there more than a year.",
                        "I pay my own rent, and I am not ashamed when my grandchildren ask "
                        "where grandpa works. The coordinator says I have not missed one "
                        "shift, which is true.",
                        "Nine years at home. After the factory closed, nobody wanted a man of "
                        "my age. I slept in the day and sat up at night with the television.",
                        "I wanted a job where nobody would make me feel old. I did not dare "
                        "say it at first.",
                        "She asked about my nights instead of telling me to change them. We "
                        "looked for night work only. We went to see the print house together, "
                        "I did a trial week, then three nights a week, then five.",
                        "The foreman asked me to show a young man how to set the folding "
                        "machine. I had done that for twenty years at the factory.",
                        "The coordinator, the foreman, my daughter who drove me to the first "
                        "shifts, and the doctor who sorted out my back.",
                        "She built the plan around me, not around a form. Every other adviser "
                        "had the same plan for everyone.",
                        "Start from what the person already is, and find the work that fits it.",
                        "For my friends from the factory, who are still at home.",
                    ],
                ),
                (
                    "employment_coordinator",
                    "Employment coordinator",
                    [
                        "A man out of work for nine years has kept a full-time job for more "
                        "than a year.",
                        "Fourteen months in the job, no missed shifts and a wage above the "
                        "minimum. In his own words: he is not ashamed any more.",
                        "Nine years of unemployment, eleven failed interviews, back pain, and "
                        "a day and night turned upside down. Every file said he lacked "
                        "motivation.",
                        "Work that suited the life he actually had, so that it would last.",
                        "I mapped his day with him, his skills from the factory and his fears. "
                        "We looked only for night work, visited the print house together, "
                        "agreed a trial week with the employer and raised the shifts slowly.",
                        "When the foreman gave him a young worker to train. From that night "
                        "he was not a man being helped; he was the one who knew the machine.",
                        "The employer and the foreman, the family doctor, his daughter, and "
                        "the welfare worker who held off the debt collectors while he started.",
                        "Tailored treatment: a plan that fits one man's nights and skills "
                        "holds, and a standard plan breaks. I also knew we would need the "
                        "employer as a real partner, not just a place to send him.",
                        "When a long-term unemployed client has a life that does not fit the "
                        "usual job, to find work that lasts, we build the search around his "
                        "hours and skills.",
                        "Older workers, people with health problems, anyone the standard "
                        "programmes have failed.",
                    ],
                ),
            ],
            "principles": [
                (
                    "a long-term unemployed man whose day does not fit the usual job",
                    "work that lasts",
                    "build the search around his own hours and skills",
                    "tailored",
                    (1, 9),
                ),
                (
                    "a first placement after many years",
                    "an employer who keeps the worker",
                    "agree a trial week and a slow rise in shifts with the employer as a partner",
                    "partners",
                    (1, 7),
                ),
            ],
        },
        {
            "title": "Her own salary",
            "pseudonym": "N.",
            "department": 1,
            "tags": "young adults, anxiety, first job",
            "summary": "A young woman of twenty-four with severe anxiety, who had never "
            "worked, earned her first salary in a bookshop after a year of meetings with an "
            "employment companion who never gave up on her.",
            "opening": "N. cancelled her first four meetings with the employment companion. "
            "The fifth time, the companion suggested they meet on the bench outside N.'s "
            "building instead of at the office. N. came down, and they talked for an hour.",
            "closing": "N. has worked in the bookshop for ten months. She bought her mother a "
            "coat with her first salary.",
            "interviews": [
                (
                    "client",
                    "N.",
                    [
                        "I work four days a week in a bookshop and I earn my own salary.",
                        "I go out every morning, and I am the one who pays for things at home "
                        "sometimes. My companion says I call her less, which she says is a "
                        "good sign.",
                        "I had not left the house alone for two years. I had panic attacks on "
                        "buses. I was sure I could never work.",
                        "I only wanted to be able to take the bus without my mother.",
                        "We started on the bench outside my building. Then we took one bus "
                        "stop together, then the whole way to the town centre. She found the "
                        "bookshop, and I worked two hours a day at first.",
                        "The first time a customer asked me for advice about a book and "
                        "thanked me. I went home and cried, the good kind.",
                        "My companion, my mother, the psychologist at the clinic, and the "
                        "owner of the bookshop, who let me work in the back at first.",
                        "She did not give up on me when I cancelled. She came to where I was.",
                        "Come to the person, even to the bench outside, and do not give up "
                        "after the first no.",
                        "For young people who are stuck at home, afraid.",
                    ],
                ),
                (
                    "employment_companion",
                    "Employment companion",
                    [
                        "A young woman with severe anxiety, who had never worked, holds a "
                        "job in a bookshop.",
                        "Ten months in the job, four days a week. She travels alone and "
                        "manages her own money. She says she feels like an adult.",
                        "Two years without leaving home alone, panic attacks, and four "
                        "cancelled meetings. The referral said she was not ready for "
                        "employment.",
                        "To travel alone first; work came later in the plan, when she asked "
                        "for it.",
                        "We met where she could meet: the bench, then one bus stop, then the "
                        "town. I coordinated with her psychologist, found a small employer "
                        "and agreed short hours in the back room at first.",
                        "When she asked me to stop meeting her at the bus stop. She wanted to "
                        "arrive like everyone else.",
                        "The mental health clinic, her mother, the bookshop owner, and the "
                        "welfare worker who kept her allowance until the salary was steady.",
                        "A relationship is the basis of everything: for a year the work was "
                        "mostly to be someone she could trust. The plan had to fit her, step "
                        "by step, not our programme's timetable.",
                        "When a young person cancels again and again out of fear, to build a "
                        "relationship, we go to where they are and keep coming.",
                        "Any young person the services call unmotivated when they are afraid.",
                    ],
                ),
            ],
            "principles": [
                (
                    "a young person who cancels again and again out of fear",
                    "a relationship that can carry a plan",
                    "go to where she is and keep coming",
                    "relationship",
                    (1, 9),
                ),
                (
                    "anxiety that makes the usual programme impossible",
                    "a first job that holds",
                    "set each step by her own readiness, one bus stop at a time",
                    "tailored",
                    (1, 8),
                ),
            ],
        },
        {
            "title": "Out of debt, one letter at a time",
            "pseudonym": "The S. family",
            "department": 1,
            "tags": "families in poverty, debt",
            "summary": "A couple facing an eviction order turned the crisis into a plan: with "
            "a social worker and a debt adviser they agreed a repayment schedule and kept it "
            "for two years.",
            "opening": "The eviction order came on a Thursday. The S. family had been behind "
            "on their rent, their electricity and two loans for years, and they had never "
            "asked for help. That Thursday they came to the welfare office together, "
            "holding the order.",
            "closing": "The last creditor was paid in the spring. The S. family still meet "
            'the debt adviser once a quarter, "to keep the habit," they say.',
            "interviews": [
                (
                    "client",
                    "Mr. and Mrs. S.",
                    [
                        "We kept our flat, and we have paid back almost all of the debts.",
                        "We sleep at night. We open the post together at the kitchen table. "
                        "The social worker says we are the ones who run the plan now, and "
                        "that is right.",
                        "We owed money to everyone, and we hid it from each other. The "
                        "eviction order was the first time we both looked at it.",
                        "To stay in the flat. Then, to stop being afraid of the post.",
                        "We listed every debt with the adviser. She called the creditors with "
                        "us on the line. We agreed one payment a month for each, and we met "
                        "every month to check.",
                        "The day the electricity company agreed to freeze the interest. We "
                        "had asked them for years, alone.",
                        "The social worker, the debt adviser, the housing company, and our "
                        "son, who helped us with the spreadsheets.",
                        "They never made us feel stupid. They explained everything twice if "
                        "we needed, and they did not decide for us.",
                        "When everything falls, that is the moment to start. Do not wait for a "
                        "calm time.",
                        "For families who are ashamed to ask.",
                    ],
                ),
                (
                    "social_worker",
                    "Social worker",
                    [
                        "A family under an eviction order kept its home and repaid its debts "
                        "to a schedule it designed.",
                        "Two years of payments on time, the eviction cancelled, and no new "
                        "debts. They describe it as having their lives back.",
                        "Years of hidden debts, shame between the spouses, and an eviction "
                        "order with thirty days to run.",
                        "To stop the eviction first, and then a plan they could keep without us.",
                        "We used the thirty days: an emergency meeting with the housing "
                        "company, a full list of debts with the debt adviser, joint calls to "
                        "the creditors, and a monthly meeting to review the plan.",
                        "When the housing company froze the eviction after we came with a "
                        "written plan. The family saw that asking together works.",
                        "The debt adviser of the municipality, the housing company, the "
                        "electricity company, a legal aid lawyer, and their son.",
                        "A crisis opens a door that is closed at other times: they came "
                        "because of the order, and we used it to change everything. Respect "
                        "mattered as much: they were ashamed, and shame closes people.",
                        "When a family comes in a crisis, to turn it into change, we use the "
                        "urgency to build a full plan with them, not only to stop the "
                        "danger.",
                        "Any crisis that brings a family to us for the first time.",
                    ],
                ),
            ],
            "principles": [
                (
                    "a family that comes for the first time because of an eviction order",
                    "a change that goes beyond the emergency",
                    "use the urgency to build a full plan with them",
                    "crisis",
                    (1, 9),
                ),
                (
                    "debts owed to many bodies at once",
                    "a schedule the family can keep",
                    "negotiate with the housing company, the creditors and legal aid as one front",
                    "systemic",
                    (1, 5),
                ),
                (
                    "a couple ashamed of their debts",
                    "their trust and their own decisions",
                    "explain everything as often as needed and never decide for them",
                    "respect",
                    (0, 8),
                ),
            ],
        },
        {
            "title": "The knitting circle",
            "pseudonym": "Mrs. T.",
            "department": 2,
            "tags": "older people living alone, loneliness",
            "summary": "An 82-year-old widow who had not left her flat for a year now runs "
            "the knitting circle of the neighbourhood club, after a social worker and a "
            "volunteer took the first steps with her.",
            "opening": "Mrs. T.'s neighbour called the welfare office because she had not "
            "seen her for weeks. The social worker who came found a tidy flat, a full "
            "fridge, and a woman who had decided the world had no more use for her.",
            "closing": "The knitting circle now has fourteen members. Mrs. T. keeps the list "
            "of who has not come, and phones them.",
            "interviews": [
                (
                    "client",
                    "Mrs. T.",
                    [
                        "I go to the club three times a week, and I run the knitting circle.",
                        "I have a reason to get dressed in the morning. The social worker "
                        "says my doctor sees me for check-ups now, not for emergencies.",
                        "After my husband died I closed the door. My children live abroad. I "
                        "thought, who needs an old woman?",
                        "Nothing. I did not want anything. She asked me what I used to love, "
                        "and I said knitting.",
                        "She came every week and asked me to teach her to knit. Then a "
                        "volunteer came with her. Then they asked me to teach two women at "
                        "the club, only once.",
                        "The first time I went to the club I wanted to leave after ten "
                        "minutes. A woman asked me how to turn a heel, and I stayed three "
                        "hours.",
                        "The social worker, the volunteer, the club coordinator, my "
                        "neighbour who called them, and my son, on the telephone every "
                        "Sunday.",
                        "They treated me as someone who knows something. Nobody spoke to me "
                        "like a poor old woman.",
                        "Ask an old person what she knows, not only what she needs.",
                        "With all the widows in this building.",
                    ],
                ),
                (
                    "social_worker",
                    "Social worker for older people",
                    [
                        "A widow isolated in her flat for a year became an active member, and "
                        "then a leader, of the neighbourhood club.",
                        "Three visits a week to the club, a lower score on the loneliness "
                        "scale, and routine rather than emergency visits to her doctor. She "
                        "says she has a reason to get dressed.",
                        "A year without leaving the flat, no family nearby, and refusal of "
                        "every service we offered.",
                        "Contact with people. She set the goal herself once she found "
                        "something she could give.",
                        "Weekly visits in which she taught me to knit, a volunteer who joined "
                        "the visits, and an invitation from the club to teach, not to be "
                        "helped.",
                        "When she agreed to teach at the club once. She came as a teacher, "
                        "not as a client.",
                        "The neighbour, the volunteer unit, the club coordinator, her GP, "
                        "and her son abroad, whom we kept informed.",
                        "Respect: she refused help, and she was right to refuse pity. A "
                        "success like this needs many partners, from the neighbour to the "
                        "club.",
                        "When an older person refuses help, to bring her back into contact, "
                        "we ask her to teach what she knows.",
                        "Older people who refuse services, and anyone whose knowledge nobody "
                        "asks for.",
                    ],
                ),
            ],
            "principles": [
                (
                    "an older person who refuses every service",
                    "renewed contact with people",
                    "ask her to teach what she knows",
                    "respect",
                    (1, 9),
                ),
                (
                    "loneliness that no single service can end",
                    "a place in the community",
                    "bring in the neighbour, a volunteer and the club as partners",
                    "partners",
                    (1, 7),
                ),
            ],
        },
        {
            "title": "A flat of his own",
            "pseudonym": "D.",
            "department": 2,
            "tags": "intellectual disability, supported living",
            "summary": "A man of thirty with an intellectual disability moved from his "
            "parents' home into a supported flat, in a move planned with him and his "
            "worried parents over eight months.",
            "opening": "D.'s mother had a list of forty things that could go wrong if her son "
            "lived on his own. The social worker read it carefully, then asked D. to make a "
            "list of his own. His had three things on it, and the first was: choose my own "
            "dinner.",
            "closing": "D. has lived in his flat for a year and a half. He invites his parents "
            "to dinner on Fridays, and he chooses the menu.",
            "interviews": [
                (
                    "client",
                    "D.",
                    [
                        "I live in my own flat with one flatmate, and I go to work at the "
                        "garden centre.",
                        "I decide what I eat and when I go to sleep. My social worker says I "
                        "manage my money better than she does, which is a joke, but also "
                        "true.",
                        "I lived with my parents. They did everything for me, even when I did "
                        "not want.",
                        "To live like my brother, in my own place.",
                        "We practised. I slept at the flat one night a week, then two. I "
                        "learned to take the bus to work and to use a card for shopping. My "
                        "parents came to see it many times.",
                        "The first night I slept there alone without calling my mother.",
                        "My social worker, the counsellor at the flat, my parents, and my boss "
                        "at the garden centre.",
                        "She asked me what I wanted before she asked my parents. Nobody did "
                        "that before.",
                        "Ask the person first, and then help the family to say yes.",
                        "For my friends from the day centre who still live with their parents.",
                    ],
                ),
                (
                    "social_worker",
                    "Social worker, disability services",
                    [
                        "A young man with an intellectual disability moved from his parents' "
                        "home to supported living and is thriving there.",
                        "Eighteen months in the flat, a steady job, and independence in food, "
                        "money and travel. His parents say they sleep better than before.",
                        "A loving family that did everything for him, parents terrified of "
                        "the move, and a young man who had never been asked what he wanted.",
                        "His own home, with his parents at peace with it.",
                        "A gradual move: one night a week, then more. Training in travel and "
                        "shopping with the flat's counsellor. Separate meetings with the "
                        "parents, and joint ones, to go through the mother's list.",
                        "When his mother crossed items off her list herself after a month of "
                        "trial nights.",
                        "The supported-living organisation, the day centre, the employer, and "
                        "the parents, who became partners rather than obstacles.",
                        "The plan was tailored to him, at his pace. And the whole family was "
                        "in it: a move like this is the parents' change as much as his.",
                        "When a young adult with a disability leaves the parents' home, for "
                        "the family to support the move, we work with the parents' fears as "
                        "part of the plan.",
                        "Any move to independence where the family's fear is the main obstacle.",
                    ],
                ),
            ],
            "principles": [
                (
                    "a young adult with a disability who has never been asked",
                    "a plan that is his own",
                    "ask him first and let him set the pace of the move",
                    "tailored",
                    (0, 8),
                ),
                (
                    "parents afraid of their son's independence",
                    "a family that supports the move",
                    "work through the parents' fears as part of the plan",
                    "family",
                    (1, 9),
                ),
            ],
        },
        {
            "title": "After the fall",
            "pseudonym": "Mr. G.",
            "department": 2,
            "tags": "older people, after hospital, carers",
            "summary": "After a hip fracture, a man of seventy-nine was about to be sent to a "
            "nursing home; the hospital social worker and the community team organised his "
            "return home instead, with his exhausted daughter at the centre of the plan.",
            "opening": 'The discharge form already said "nursing home". Mr. G. had broken '
            "his hip in the kitchen, his daughter had been caring for him alone for three "
            "years, and she told the hospital she could not go on. The community social "
            "worker asked for one week before anything was signed.",
            "closing": "Mr. G. walks to the corner shop with a frame. His daughter works full "
            "time again, and visits as a daughter.",
            "interviews": [
                (
                    "client",
                    "Mr. G.",
                    [
                        "I am at home, in my own chair, and I walk to the shop with my frame.",
                        "I did not go to the home. My daughter smiles again when she comes. "
                        "The social worker says I am stronger than before the fall, and my "
                        "physiotherapist agrees.",
                        "I fell in the kitchen and lay there for an hour. In the hospital "
                        "they said I could not live alone, and my daughter was crying.",
                        "To go home. That is all I wanted.",
                        "They changed the flat: rails, a new shower, an alarm on my wrist. A "
                        "carer comes every morning. The physiotherapist came twice a week for "
                        "three months.",
                        "The day I pressed the alarm by mistake and they called me in one "
                        "minute. Then I stopped being afraid.",
                        "The social workers, the physiotherapist, the carer, the company that "
                        "fixed the shower, and my daughter.",
                        "They talked to me, not about me, even in the hospital.",
                        "A fall is not the end. It can be the start of a better arrangement.",
                        "For old people who are told they must go to a home.",
                    ],
                ),
                (
                    "social_worker",
                    "Community social worker",
                    [
                        "A man headed for a nursing home after a fracture went home and lives "
                        "there safely, and his daughter's burden was lifted.",
                        "Fourteen months at home, no new falls, independence with a frame, "
                        "and a daughter back at work. He says he is at home in his own chair.",
                        "A serious fall, a daughter at the end of her strength, and a "
                        "discharge plan for a nursing home.",
                        "A safe return home, and care that did not rest on the daughter alone.",
                        "A week of intensive planning: adaptations to the flat, an alarm, a "
                        "morning carer through the long-term care benefit, physiotherapy at "
                        "home, and a support group for the daughter.",
                        "When the daughter said, at the family meeting, that she could "
                        "manage if she was not alone. That changed the plan.",
                        "The hospital social worker, the health fund, the national insurance "
                        "office, the adaptation contractor, the carer agency, and the "
                        "daughter.",
                        "The fall was a crisis we could use: for three years nothing had "
                        "changed, and now everyone was ready to act. And we treated the "
                        "family, not only the patient: the daughter's exhaustion was half of "
                        "the problem.",
                        "When an older person is discharged after a fall, to avoid an "
                        "unwanted placement, we plan the return home with the hospital, the "
                        "health fund and the carer together.",
                        "Any discharge from hospital of an older person who lives alone.",
                    ],
                ),
            ],
            "principles": [
                (
                    "a fall that seems to end life at home",
                    "a better arrangement than before",
                    "use the moment when everyone is ready to act",
                    "crisis",
                    (1, 8),
                ),
                (
                    "a carer at the end of her strength",
                    "care that does not rest on one person",
                    "make her exhaustion part of the plan, with support of her own",
                    "family",
                    (1, 6),
                ),
                (
                    "a discharge of an older person after a fall",
                    "a safe return home",
                    "plan it with the hospital, the health fund and the carer together",
                    "systemic",
                    (1, 9),
                ),
            ],
        },
        {
            "title": "Back to class",
            "pseudonym": "L.",
            "department": 3,
            "tags": "youth at risk, school absence",
            "summary": "A fifteen-year-old girl who had been out of school for most of a year "
            "returned to her class, through a youth worker she trusted and a plan agreed "
            "with her parents and the school.",
            "opening": "L. met the youth worker at the skate park, where she spent most school "
            "days. For two months they talked about everything except school. Then, one "
            "afternoon, L. asked whether it was too late to go back.",
            "closing": "L. passed her exams this summer. She volunteers at the skate park on "
            "Saturdays, with the younger children.",
            "interviews": [
                (
                    "client",
                    "L.",
                    [
                        "I went back to school after almost a year, and I finished ninth grade.",
                        "I have friends in class and my grades are fine. The youth worker "
                        "says I am the one who decided to go back, and that is true.",
                        "There were girls who made my life hell, and the teachers did not see. "
                        "So I stopped going. My parents shouted, then gave up.",
                        "To not be afraid of the building. Then to finish the year.",
                        "We made a plan with my parents and the counsellor: first one lesson, "
                        "with the youth worker waiting at the gate. Then two. After a month, "
                        "whole days. The school moved me to another class.",
                        "A girl in the new class asked me to sit with her. I did not expect that.",
                        "The youth worker, the counsellor, my parents, and the girl who asked "
                        "me to sit with her.",
                        "She did not push me. She waited until I asked, and then she moved fast.",
                        "Wait until the young person is ready, and then do not wait at all.",
                        "For kids who are out of school because of other kids.",
                    ],
                ),
                (
                    "social_worker",
                    "Youth worker",
                    [
                        "A girl out of school for most of a year returned and completed the year.",
                        "Attendance above ninety per cent, exams passed, and friends in her "
                        "class. She says she decided to go back, and she did.",
                        "Bullying the school had not noticed, a year of absence, and parents "
                        "who had given up after months of fighting.",
                        "A return she wanted, at a pace she could bear, to a class where she "
                        "would be safe.",
                        "Two months of meetings at the skate park to build trust. Then a plan "
                        "with the parents and the counsellor: a gradual return, a change of "
                        "class, and me at the gate for the first weeks.",
                        "When she asked me if it was too late. I had been waiting two months "
                        "for that question.",
                        "The school counsellor, the head teacher, the parents, and the "
                        "municipal truancy officer, who agreed to wait while we worked.",
                        "Everything rests on the relationship: without the two months at the "
                        "park there would have been no plan. The plan itself was built for "
                        "her, not taken from a programme.",
                        "When a young person is out of school, to make a return possible, we "
                        "first build a relationship where she is, and plan only when she "
                        "asks.",
                        "Any young person who has left a frame because it was not safe.",
                    ],
                ),
            ],
            "principles": [
                (
                    "a young person out of school who trusts no adult",
                    "a relationship in which a return can be planned",
                    "meet her where she is and wait until she asks",
                    "relationship",
                    (1, 9),
                ),
                (
                    "a return after a long absence",
                    "a return that holds",
                    "plan one lesson at a time and change the class she fears",
                    "tailored",
                    (1, 5),
                ),
                (
                    "a school, parents and a truancy officer each pulling their own way",
                    "one plan around the girl",
                    "agree the return with all of them together",
                    "systemic",
                    (1, 7),
                ),
            ],
        },
        {
            "title": "The building committee",
            "pseudonym": "The families of building 4",
            "department": 3,
            "tags": "community, neighbours in conflict, new immigrants",
            "summary": "A two-year feud between neighbours, which had reached the police, "
            "ended in four mediation meetings and became a building committee that renovated "
            "the stairwell together.",
            "opening": "The police had been called to building 4 eleven times in two years. "
            "The complaints were about noise, rubbish and a broken door, but each family "
            "told the community worker a different story, and each story ended with the "
            'words "they don\'t respect us".',
            "closing": "The stairwell of building 4 was painted last spring by the two "
            "families together. The building committee meets on the first Sunday of the "
            "month.",
            "interviews": [
                (
                    "client",
                    "Two families of building 4",
                    [
                        "We stopped fighting, and now we run the building committee together.",
                        "No police for a year and a half. Our children play together in the "
                        "yard. The community worker says we handle our own disagreements now.",
                        "We did not speak for two years. Every small thing became a "
                        "complaint. The police came, and it only got worse.",
                        "Each of us wanted the others to leave. The worker asked what we "
                        "wanted for our children, and we both said: quiet.",
                        "Four meetings, in the community centre, not in the building. Each "
                        "family spoke and the other had to repeat what they heard. Then we "
                        "made rules for the stairwell together.",
                        "When the other family's father repeated what my wife said, in "
                        "Amharic, and got it right. Everyone laughed.",
                        "The community worker, the mediator from the centre, the housing "
                        "company, the police officer of the neighbourhood, and the children.",
                        "She listened to both families the same. Nobody was the guilty one.",
                        "Listen to both sides with the same respect, and give them a job to do "
                        "together.",
                        "For other buildings where neighbours do not speak.",
                    ],
                ),
                (
                    "other",
                    "Community worker",
                    [
                        "A neighbours' feud that had reached the police ended, and the two "
                        "families now manage their building together.",
                        "No police calls for eighteen months, a joint building committee, and "
                        "a renovated stairwell. They say they feel safe at home.",
                        "Eleven police calls, complaints to the housing company, and two "
                        "families from different cultures each sure the other despised them.",
                        "Quiet in the building, and a way for the families to settle "
                        "disputes themselves.",
                        "Four mediation meetings on neutral ground, with an interpreter. Each "
                        "family told its story and the other repeated it. Then a shared task: "
                        "rules for the stairwell and a plan to repair it.",
                        "When the police were called again, after the second meeting, and "
                        "both families told the officer they were handling it themselves.",
                        "The mediation centre, the housing company, which paid for the paint, "
                        "the neighbourhood police officer, and an interpreter.",
                        "Equal respect for both sides was the condition for everything. The "
                        "last police call was a crisis we used: it showed them what they "
                        "stood to lose.",
                        "When neighbours' conflict escalates, to let them settle it "
                        "themselves, we give both sides equal respect and a shared task.",
                        "Conflicts between neighbours, in schools, between parents and teachers.",
                    ],
                ),
            ],
            "principles": [
                (
                    "neighbours each sure the other despises them",
                    "a dialogue both can enter",
                    "give both sides the same respect and have each repeat the other's story",
                    "respect",
                    (0, 8),
                ),
                (
                    "a conflict that has reached the police",
                    "a turn towards settling it",
                    "use the escalation to show both families what they stand to lose",
                    "crisis",
                    (1, 8),
                ),
                (
                    "a conflict no single service can solve",
                    "a lasting peace in the building",
                    "bring in the mediation centre, the housing company and the police as partners",
                    "partners",
                    (1, 7),
                ),
            ],
        },
    ],
}
