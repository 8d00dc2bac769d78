from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "analysis"
    verbose_name = _("Analysis")

    def ready(self) -> None:
        # stories sits below analysis and may not import it: when an answer or an interview
        # (its transcript) is saved, the coded passages on it are re-anchored here. The
        # receivers only call one service each.
        from analysis.services import passages_reanchor_answer, passages_reanchor_transcript
        from stories.models import Answer, Interview

        def answer_saved(sender, instance, raw=False, **kwargs):
            if not raw:
                passages_reanchor_answer(answer=instance)

        def interview_saved(sender, instance, raw=False, **kwargs):
            if not raw:
                passages_reanchor_transcript(interview=instance)

        post_save.connect(answer_saved, sender=Answer, weak=False, dispatch_uid="analysis_answer")
        post_save.connect(
            interview_saved, sender=Interview, weak=False, dispatch_uid="analysis_interview"
        )
