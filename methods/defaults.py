"""The default ten guiding questions of the retrospective method, in English, Hebrew and Arabic.

The published method describes ten stages of inquiry; this wording is LFS's own default, which
organizations adapt (as a new version of their own).
"""

DEFAULT_SET_NAME = "The ten guiding questions"

# (text_en, prompt_en, text_he, prompt_he, text_ar, prompt_ar)
TEN_QUESTIONS: list[tuple[str, str, str, str, str, str]] = [
    (
        "What is the success? Tell it in a few sentences.",
        "Who was involved, when, and what changed? Keep to the heart of the story.",
        "מהי ההצלחה? ספרו אותה בכמה משפטים.",
        "מי היה מעורב, מתי, ומה השתנה? התמקדו בלב הסיפור.",
        "ما هو النجاح؟ احكوه في بضع جمل.",
        "من شارك، ومتى، وما الذي تغيّر؟ ركّزوا على جوهر القصة.",
    ),
    (
        "Why is this a success, in the eyes of the worker and of the client? "
        "By what criteria, and what evidence shows it?",
        "Ask each side separately: how do you know it worked? What would an outsider see?",
        "מדוע זו הצלחה, בעיני העובד/ת ובעיני הלקוח/ה? לפי אילו קריטריונים, ומה מעיד על כך?",
        "שאלו כל צד בנפרד: איך אתם יודעים שזה הצליח? מה היה רואה מי שמסתכל מבחוץ?",
        "لماذا يُعدّ هذا نجاحًا في نظر العامل/ة وفي نظر المتعامل/ة؟ وفق أي معايير، وما الدليل على ذلك؟",
        "اسألوا كل طرف على حدة: كيف تعرفون أن الأمر نجح؟ ماذا كان سيرى من ينظر من الخارج؟",
    ),
    (
        "What was the starting point? What was the situation when the work began?",
        "Describe the difficulties, the resources and what had already been tried.",
        "מה הייתה נקודת המוצא? מה היה המצב כשהעבודה התחילה?",
        "תארו את הקשיים, את המשאבים ואת מה שכבר נוסה.",
        "ما كانت نقطة الانطلاق؟ كيف كان الوضع عند بداية العمل؟",
        "صِفوا الصعوبات والموارد وما جُرّب من قبل.",
    ),
    (
        "What was the aim? What did the worker and the client set out to achieve?",
        "Were the aims shared? Did they change along the way?",
        "מה הייתה המטרה? מה ביקשו העובד/ת והלקוח/ה להשיג?",
        "האם המטרות היו משותפות? האם השתנו בדרך?",
        "ما كان الهدف؟ ماذا أراد العامل/ة والمتعامل/ة أن يحققا؟",
        "هل كانت الأهداف مشتركة؟ هل تغيّرت في الطريق؟",
    ),
    (
        "What was done, by whom, and in what order?",
        "Go step by step. Ask for concrete actions, not general descriptions.",
        "מה נעשה, על ידי מי, ובאיזה סדר?",
        "עברו צעד אחר צעד. בקשו פעולות קונקרטיות, לא תיאורים כלליים.",
        "ماذا فُعل، ومن فعله، وبأي ترتيب؟",
        "امشوا خطوة بخطوة. اطلبوا أفعالًا ملموسة لا أوصافًا عامة.",
    ),
    (
        "What were the turning points?",
        "Moments when things could have gone another way: what happened, and what made the "
        "difference?",
        "מה היו נקודות המפנה?",
        "רגעים שבהם הדברים יכלו להתפתח אחרת: מה קרה, ומה עשה את ההבדל?",
        "ما كانت نقاط التحوّل؟",
        "لحظات كان يمكن أن تسير فيها الأمور بشكل آخر: ماذا حدث، وما الذي صنع الفرق؟",
    ),
    (
        "Who were the partners, and what did each contribute?",
        "Family, other services, the community, volunteers: how was the cooperation built?",
        "מי היו השותפים, ומה תרם כל אחד מהם?",
        "משפחה, שירותים אחרים, קהילה, מתנדבים: איך נבנה שיתוף הפעולה?",
        "من كان الشركاء، وبماذا ساهم كل منهم؟",
        "العائلة، خدمات أخرى، المجتمع، متطوعون: كيف بُني التعاون؟",
    ),
    (
        "What knowledge and understanding guided the actions?",
        "Professional knowledge, experience, values, intuition: why did you act this way and "
        "not another?",
        "איזה ידע והבנה הנחו את הפעולות?",
        "ידע מקצועי, ניסיון, ערכים, אינטואיציה: למה פעלתם כך ולא אחרת?",
        "ما المعرفة والفهم اللذان وجّها الأفعال؟",
        "معرفة مهنية، خبرة، قيم، حدس: لماذا تصرفتم هكذا وليس بطريقة أخرى؟",
    ),
    (
        "What principles of action follow from this success?",
        "Phrase them as: in situation X, to achieve Y, we do Z.",
        "אילו עקרונות פעולה עולים מההצלחה הזו?",
        "נסחו אותם כך: במצב X, כדי להשיג Y, אנחנו עושים Z.",
        "ما مبادئ العمل التي تنبثق من هذا النجاح؟",
        "صوغوها هكذا: في الحالة س، لتحقيق ص، نقوم بـ ع.",
    ),
    (
        "Where else could these principles apply?",
        "Other clients, teams or services: what would need to be adapted?",
        "היכן עוד אפשר ליישם את העקרונות האלה?",
        "לקוחות, צוותים או שירותים אחרים: מה יהיה צריך להתאים?",
        "أين يمكن أيضًا تطبيق هذه المبادئ؟",
        "متعاملون أو طواقم أو خدمات أخرى: ما الذي يجب تكييفه؟",
    ),
]


def create_default_set(question_set_model, question_model):
    """Create version 1 of the default set if it is missing (used by a data migration)."""
    existing = question_set_model.objects.filter(organization__isnull=True, version=1).first()
    if existing is not None:
        return existing
    qs = question_set_model.objects.create(name=DEFAULT_SET_NAME, version=1)
    question_model.objects.bulk_create(
        question_model(
            question_set=qs,
            position=i,
            text_en=t_en,
            prompt_en=p_en,
            text_he=t_he,
            prompt_he=p_he,
            text_ar=t_ar,
            prompt_ar=p_ar,
        )
        for i, (t_en, p_en, t_he, p_he, t_ar, p_ar) in enumerate(TEN_QUESTIONS, start=1)
    )
    return qs
