"""The reflection templates LFS ships, in English with Hebrew and Arabic wording (used by a data
migration, like the default ten guiding questions in `defaults.py`)."""

from __future__ import annotations

# Each step: (title_en, prompt_en, title_he, prompt_he, title_ar, prompt_ar, minutes, section)
SHIPPED_TEMPLATES: list[dict] = [
    {
        "slug": "weekly-peer-reflection",
        "kind": "peer_reflection",
        "method": "learning",
        "name": "Weekly peer reflection",
        "name_he": "רפלקציה שבועית עם עמיתים",
        "name_ar": "تأمل أسبوعي مع الزملاء",
        "purpose": "A short weekly conversation among colleagues: what we did, what happened, "
        "what it means and what we will do next.",
        "purpose_he": "שיחה שבועית קצרה בין עמיתים: מה עשינו, מה קרה, מה זה אומר ומה נעשה בהמשך.",
        "purpose_ar": "حديث أسبوعي قصير بين الزملاء: ماذا فعلنا، ماذا حدث، ماذا يعني ذلك، "
        "وماذا سنفعل بعد ذلك.",
        "steps": [
            (
                "What did we do?",
                "Describe the actions of the week, concretely: who did what, with whom.",
                "מה עשינו?",
                "תארו את הפעולות של השבוע באופן קונקרטי: מי עשה מה, ועם מי.",
                "ماذا فعلنا؟",
                "صِفوا أعمال الأسبوع بشكل ملموس: من فعل ماذا، ومع من.",
                5,
                "",
            ),
            (
                "What happened?",
                "What came of it? What surprised you? Keep to what you saw and heard.",
                "מה קרה?",
                "מה יצא מזה? מה הפתיע אתכם? היצמדו למה שראיתם ושמעתם.",
                "ماذا حدث؟",
                "ما الذي نتج عن ذلك؟ ما الذي فاجأكم؟ التزموا بما رأيتم وسمعتم.",
                5,
                "",
            ),
            (
                "What does this mean?",
                "What do we learn from it? Which pattern or principle do we recognise?",
                "מה זה אומר?",
                "מה אנחנו לומדים מכך? איזה דפוס או עיקרון אנחנו מזהים?",
                "ماذا يعني ذلك؟",
                "ماذا نتعلم من ذلك؟ أي نمط أو مبدأ نتعرّف عليه؟",
                7,
                "insight",
            ),
            (
                "What will we do next?",
                "One or two next steps, each with who does it and by when.",
                "מה נעשה בהמשך?",
                "צעד או שניים להמשך, לכל אחד מי עושה ועד מתי.",
                "ماذا سنفعل بعد ذلك؟",
                "خطوة أو خطوتان قادمتان، لكل منهما من يقوم بها وحتى متى.",
                5,
                "recommendation",
            ),
        ],
    },
    {
        "slug": "introduction-learning-from-success",
        "kind": "intro_session",
        "method": "retrospective",
        "name": "Introduction: learning from success",
        "name_he": "מפגש היכרות: למידה מהצלחות",
        "name_ar": "لقاء تعريفي: التعلم من النجاحات",
        "purpose": "A first session for a new team: why learn from successes, a success of "
        "our own told and questioned, and the first principles of action it suggests.",
        "purpose_he": "מפגש ראשון לצוות חדש: למה ללמוד מהצלחות, הצלחה שלנו שמסופרת ונשאלת, "
        "ועקרונות הפעולה הראשונים שעולים ממנה.",
        "purpose_ar": "لقاء أول لطاقم جديد: لماذا نتعلم من النجاحات، نجاح خاص بنا يُروى "
        "ويُسأل عنه، ومبادئ العمل الأولى التي يوحي بها.",
        "steps": [
            (
                "Why learn from success?",
                "We usually learn from failures. What could we learn from what works?",
                "למה ללמוד מהצלחות?",
                "בדרך כלל אנחנו לומדים מכישלונות. מה נוכל ללמוד ממה שעובד?",
                "لماذا نتعلم من النجاحات؟",
                "عادةً نتعلم من الإخفاقات. ماذا يمكن أن نتعلم مما ينجح؟",
                10,
                "",
            ),
            (
                "A success of ours",
                "One of us tells a success in a few sentences: who, when, what changed.",
                "הצלחה שלנו",
                "אחד מאיתנו מספר הצלחה בכמה משפטים: מי, מתי, מה השתנה.",
                "نجاح من نجاحاتنا",
                "يروي أحدنا نجاحًا في بضع جمل: من، ومتى، وما الذي تغيّر.",
                10,
                "",
            ),
            (
                "What made it work?",
                "Ask about actions, turning points and partners, not about feelings alone.",
                "מה גרם לזה להצליח?",
                "שאלו על פעולות, נקודות מפנה ושותפים, לא רק על רגשות.",
                "ما الذي جعل الأمر ينجح؟",
                "اسألوا عن الأفعال ونقاط التحوّل والشركاء، لا عن المشاعر وحدها.",
                15,
                "insight",
            ),
            (
                "A first principle of action",
                "Phrase it as: in situation X, to achieve Y, we do Z.",
                "עיקרון פעולה ראשון",
                "נסחו אותו כך: במצב X, כדי להשיג Y, אנחנו עושים Z.",
                "مبدأ عمل أول",
                "صوغوه هكذا: في الحالة س، لتحقيق ص، نقوم بـ ع.",
                10,
                "recommendation",
            ),
        ],
    },
    {
        "slug": "rapid-diagnostic",
        "kind": "diagnostic",
        "method": "learning",
        "name": "Rapid diagnostic: short stakeholder interviews",
        "name_he": "אבחון מהיר: ראיונות קצרים עם בעלי עניין",
        "name_ar": "تشخيص سريع: مقابلات قصيرة مع أصحاب الشأن",
        "purpose": "Short interviews with clients, staff and partners, brought together in a "
        "short report of insights, questions and recommendations.",
        "purpose_he": "ראיונות קצרים עם לקוחות, צוות ושותפים, שמתכנסים לדוח קצר של תובנות, "
        "שאלות והמלצות.",
        "purpose_ar": "مقابلات قصيرة مع المتعاملين والطاقم والشركاء، تُجمع في تقرير قصير من "
        "الأفكار والأسئلة والتوصيات.",
        "steps": [
            (
                "Whom did we interview?",
                "Roles only, never names: a client, a worker, a partner service…",
                "את מי ראיינו?",
                "תפקידים בלבד, לעולם לא שמות: לקוח, עובד, שירות שותף…",
                "من قابلنا؟",
                "الأدوار فقط، وليس الأسماء أبدًا: متعامل، عامل، خدمة شريكة…",
                5,
                "",
            ),
            (
                "What works well, in their eyes?",
                "Quote what you heard; mark where the views differ.",
                "מה עובד טוב, בעיניהם?",
                "צטטו את מה ששמעתם; סמנו היכן הדעות שונות.",
                "ما الذي ينجح جيدًا في نظرهم؟",
                "اقتبسوا ما سمعتم؛ أشيروا إلى حيث تختلف الآراء.",
                10,
                "",
            ),
            (
                "Insights",
                "What do the interviews show together? One insight per note.",
                "תובנות",
                "מה מראים הראיונות יחד? תובנה אחת בכל פתק.",
                "أفكار مستخلصة",
                "ماذا تُظهر المقابلات معًا؟ فكرة واحدة في كل ملاحظة.",
                10,
                "insight",
            ),
            (
                "Open questions",
                "What remains unclear and is worth learning about?",
                "שאלות פתוחות",
                "מה נשאר לא ברור וכדאי ללמוד עליו?",
                "أسئلة مفتوحة",
                "ما الذي لا يزال غير واضح ويستحق التعلّم عنه؟",
                7,
                "question",
            ),
            (
                "Recommendations",
                "What do we recommend to do, keep or stop? Short and actionable.",
                "המלצות",
                "מה אנחנו ממליצים לעשות, לשמר או להפסיק? קצר וישים.",
                "توصيات",
                "ماذا نوصي أن نفعل أو نحافظ عليه أو نتوقف عنه؟ باختصار وبشكل قابل للتنفيذ.",
                7,
                "recommendation",
            ),
        ],
    },
]


def create_shipped_templates(template_model, step_model) -> None:
    """Create the shipped templates that are missing (idempotent; used by a data migration)."""
    for spec in SHIPPED_TEMPLATES:
        if template_model.objects.filter(slug=spec["slug"]).exists():
            continue
        template = template_model.objects.create(
            shipped=True, **{k: v for k, v in spec.items() if k != "steps"}
        )
        step_model.objects.bulk_create(
            step_model(
                template=template,
                position=i,
                title=t_en,
                prompt=p_en,
                title_he=t_he,
                prompt_he=p_he,
                title_ar=t_ar,
                prompt_ar=p_ar,
                timer_minutes=minutes,
                report_section=section,
            )
            for i, (t_en, p_en, t_he, p_he, t_ar, p_ar, minutes, section) in enumerate(
                spec["steps"], start=1
            )
        )
