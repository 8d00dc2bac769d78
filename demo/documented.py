"""Content of the demo's second program: documented stories in English and Hebrew."""

from __future__ import annotations

# Each story: title, pseudonym, department index, tags, language, interviews, draft, principles.
# An interview: (role, label, [ten answers]). A principle: (situation, goal, action, common
# principle key, (interview index, question number, quote)).
COMMON_PRINCIPLES = {
    "pace": ("Working at the client's pace", "Relationship"),
    "small_steps": ("Breaking a large goal into small, visible steps", "Planning"),
    "partners": ("Bringing in partners from outside the welfare system", "Partnership"),
}

DOCUMENTED = [
    {
        "title": "A job in the bakery",
        "pseudonym": "R.",
        "department": 1,
        "tags": "long-term unemployed, men 50+",
        "interviews": [
            (
                "client",
                "R.",
                [
                    "I have a job at the bakery on Herzl street, and I have kept it for eight months.",
                    "For me it is a success because I pay my own rent now. The worker says so too: "
                    "she sees I come to every meeting on time.",
                    "I had not worked for ten years. I did not believe anyone would hire me.",
                    "At first I only wanted to get out of the house in the morning.",
                    "We met every week. First we went together to see the bakery, then I worked "
                    "two mornings a week, then four, then every day.",
                    "The day the owner gave me the keys to open the shop.",
                    "The employment coordinator, the bakery owner, and my daughter who woke me up "
                    "in the first weeks.",
                    "She never rushed me. She asked me what I could do this week, not this year.",
                    "Go at the pace of the person, and make every step small enough to succeed.",
                    "With my friends from the neighbourhood who also sit at home.",
                ],
            ),
            (
                "employment_coordinator",
                "Employment coordinator",
                [
                    "A man out of work for a decade found steady work and kept it.",
                    "By our criteria: eight months in the job and a rise in income. By his: he "
                    "pays his own rent.",
                    "He came to us with depression and debts, after several failed placements.",
                    "A regular morning routine first, a job second.",
                    "Weekly meetings, a visit to the workplace together, a gradual increase in "
                    "hours agreed with the employer.",
                    "When the owner trusted him with the keys.",
                    "The employer, the family, the social worker who handled the debts.",
                    "Experience tells me that a pace set by the client holds, and a pace set by "
                    "us breaks.",
                    "In a placement after a long absence, to keep the job, we agree small "
                    "increases in hours with the employer.",
                    "Any return to work after a long absence, also for young people.",
                ],
            ),
        ],
        "draft": (
            "R. had not worked for ten years when he first came to the employment coordinator. "
            "He did not believe anyone would hire him.\n\n"
            "They met every week. First they visited the bakery together; then R. worked two "
            'mornings a week, then four, then every day. "She asked me what I could do this '
            'week, not this year," he says.\n\n'
            "Eight months later, the owner gave him the keys to open the shop."
        ),
        "principles": [
            (
                "a return to work after a long absence",
                "a job that holds",
                "let the client set the pace and agree small increases in hours with the employer",
                "pace",
                (0, 8, "She never rushed me."),
            ),
            (
                "a goal that feels out of reach",
                "the client's belief that it can be done",
                "break it into weekly steps small enough to succeed",
                "small_steps",
                (0, 9, "make every step small enough to succeed"),
            ),
        ],
    },
    {
        "title": "Back at school",
        "pseudonym": "L.",
        "department": 3,
        "tags": "youth at risk",
        "interviews": [
            (
                "client",
                "L.",
                [
                    "I went back to school after almost a year at home.",
                    "I have friends again, and my attendance is above ninety per cent.",
                    "I was afraid of the other girls and stopped going.",
                    "To go back one hour a day.",
                    "First one lesson, with the counsellor waiting for me at the gate. Then two. "
                    "After a month, full days.",
                    "When my friend Dana asked me to sit with her.",
                    "The counsellor, my mother, the youth worker.",
                    "They listened to what frightened me before they made a plan.",
                    "Start small, and let the young person decide the next step.",
                    "For other kids who are afraid to go back.",
                ],
            ),
            (
                "social_worker",
                "Social worker",
                [
                    "A fourteen-year-old girl returned to school after a long absence.",
                    "Attendance data, and her own words: she has friends again.",
                    "Nearly a year of absence, a mother who felt she had failed.",
                    "A gradual return agreed by the girl, her mother and the school.",
                    "A plan of one lesson a day, growing each week; the counsellor met her at "
                    "the gate.",
                    "When a classmate invited her to sit together.",
                    "The school counsellor, the youth movement, the mother.",
                    "Fear is met with small successes, not with pressure.",
                    "In school refusal, to rebuild confidence, we plan a return in small steps "
                    "the young person chooses.",
                    "Any return after an absence: work, treatment, community activity.",
                ],
            ),
        ],
        "draft": (
            "L. had been at home for most of a year. She was afraid of the other girls.\n\n"
            "Together with her mother, the school and the social worker she agreed to come back "
            "for one lesson a day, with the counsellor waiting at the gate. A month later she "
            "was there for full days.\n\n"
            '"They listened to what frightened me before they made a plan," she says.'
        ),
        "principles": [
            (
                "a young person afraid to return",
                "a return that lasts",
                "let her decide each next step, one lesson at a time",
                "pace",
                (1, 9, "we plan a return in small steps the young person chooses"),
            ),
            (
                "a return after a long absence",
                "confidence",
                "plan small steps that can be seen to succeed",
                "small_steps",
                (0, 5, "First one lesson"),
            ),
            (
                "a school that does not know the family",
                "a shared plan",
                "bring the counsellor and the youth movement into the plan",
                "partners",
                (1, 7, "The school counsellor, the youth movement, the mother."),
            ),
        ],
    },
    {
        "title": "דירה משלה",
        "pseudonym": "ש.",
        "department": 2,
        "tags": "אנשים עם מוגבלות, דיור",
        "interviews": [
            (
                "client",
                "ש.",
                [
                    "עברתי לגור בדירה משלי, מותאמת לכיסא הגלגלים.",
                    "אני מחליטה בעצמי על היום שלי. גם העובדת אומרת שאני מנהלת את התקציב לבד.",
                    "גרתי אצל ההורים, והם עשו הכול בשבילי.",
                    "לגור לבד ולהחליט בעצמי.",
                    "חיפשנו יחד דירה, בנינו לוח זמנים של מטפלות, ותרגלנו ניהול תקציב.",
                    "היום הראשון שבו ישנתי לבד בדירה.",
                    "העובדת הסוציאלית, עמותת הדיור, ההורים שלי.",
                    "היא האמינה בי לפני שאני האמנתי בעצמי, ונתנה לי זמן.",
                    "ללכת בקצב של האדם ולתת לו להחליט.",
                    "לצעירים אחרים עם מוגבלות שגרים אצל ההורים.",
                ],
            ),
            (
                "social_worker",
                "עובדת סוציאלית",
                [
                    "צעירה עם מוגבלות פיזית עברה לדירה עצמאית.",
                    "היא מנהלת לבד את לוח הזמנים של המטפלות ואת התקציב.",
                    "תלות מלאה בהורים, חשש גדול של המשפחה.",
                    "עצמאות בדיור ובהחלטות היומיום.",
                    "ליווי בחיפוש דירה, תיאום עם עמותת הדיור, תרגול הדרגתי של ניהול תקציב.",
                    "כשההורים הסכימו שתישן לילה ראשון לבד.",
                    "עמותת הדיור, ביטוח לאומי, ההורים.",
                    "ידע על עבודה עם משפחות במעברים, וערך של הגדרה עצמית.",
                    "במעבר לעצמאות, כדי שהמשפחה תתמוך, אנחנו מתקדמים בקצב של הצעירה ושל הוריה.",
                    "בכל מעבר לעצמאות של צעירים.",
                ],
            ),
        ],
        "draft": (
            "ש. גרה אצל הוריה, שעשו הכול בשבילה. היא רצתה לגור לבד ולהחליט בעצמה.\n\n"
            "יחד עם העובדת הסוציאלית חיפשה דירה מותאמת, בנתה לוח זמנים של מטפלות ותרגלה "
            "ניהול תקציב. עמותת הדיור וההורים היו שותפים לכל שלב.\n\n"
            '"היא האמינה בי לפני שאני האמנתי בעצמי," אומרת ש.'
        ),
        "principles": [
            (
                "מעבר של צעירה לעצמאות",
                "תמיכה של המשפחה",
                "מתקדמים בקצב של הצעירה ושל הוריה",
                "pace",
                (1, 9, "אנחנו מתקדמים בקצב של הצעירה ושל הוריה"),
            ),
            (
                "מעבר לדיור עצמאי",
                "דירה מותאמת",
                "מצרפים את עמותת הדיור כשותפה מהיום הראשון",
                "partners",
                (1, 7, "עמותת הדיור, ביטוח לאומי, ההורים."),
            ),
        ],
    },
]

# A selected story assigned to the demo student and not yet documented.
TO_DOCUMENT = {
    "title": "A neighbours' feud resolved",
    "pseudonym": "The families of building 4",
    "department": 3,
    "tags": "community, new immigrants",
    "summary": "A two-year conflict between neighbours that had reached the police was resolved "
    "in four mediation meetings held by a community worker.",
}
