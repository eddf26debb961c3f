"""One word for evaluations: Survey, SurveyResponse and SurveyNotice become Evaluation, EvaluationAnswer
and EvaluationNotice, their `survey` fields `evaluation`, with every row kept.

Written by hand: the autodetector would drop and re-create the tables. Tables and columns are
renamed in place. The constraints that name the old field or word are removed first and added
back under the new names afterwards (a rename does not carry a constraint's fields along);
one_schools_survey_per_year keeps its name, which names the annual survey of schools.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models import deletion


class Migration(migrations.Migration):

    dependencies = [
        ("programmes", "0012_enrolment_uploads"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="surveyresponse", name="one_response_per_person"),
        migrations.RemoveConstraint(model_name="surveyresponse", name="one_response_per_school"),
        migrations.RemoveConstraint(model_name="surveynotice", name="one_survey_notice_per_person"),
        migrations.RemoveConstraint(model_name="survey", name="survey_closes_after_it_opens"),
        migrations.RemoveConstraint(model_name="survey", name="survey_names_what_it_asks_about"),
        migrations.RenameModel(old_name="Survey", new_name="Evaluation"),
        migrations.RenameModel(old_name="SurveyResponse", new_name="EvaluationAnswer"),
        migrations.RenameModel(old_name="SurveyNotice", new_name="EvaluationNotice"),
        migrations.RenameField(model_name="evaluationanswer", old_name="survey", new_name="evaluation"),
        migrations.RenameField(model_name="evaluationnotice", old_name="survey", new_name="evaluation"),
        # New related names: the state changes, the database does not.
        migrations.AlterField(
            model_name="evaluation",
            name="event",
            field=models.ForeignKey(blank=True, null=True, on_delete=deletion.PROTECT, related_name="evaluations", to="programmes.event"),
        ),
        migrations.AlterField(
            model_name="evaluation",
            name="cohort",
            field=models.ForeignKey(blank=True, null=True, on_delete=deletion.PROTECT, related_name="evaluations", to="programmes.cohort"),
        ),
        migrations.AlterField(
            model_name="evaluationanswer",
            name="evaluation",
            field=models.ForeignKey(on_delete=deletion.PROTECT, related_name="answers", to="programmes.evaluation"),
        ),
        migrations.AlterField(
            model_name="evaluationanswer",
            name="respondent",
            field=models.ForeignKey(null=True, on_delete=deletion.SET_NULL, related_name="evaluation_answers", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name="evaluationanswer",
            name="school",
            field=models.ForeignKey(blank=True, null=True, on_delete=deletion.PROTECT, related_name="evaluation_answers", to="participants.school"),
        ),
        migrations.AlterField(
            model_name="evaluationnotice",
            name="user",
            field=models.ForeignKey(on_delete=deletion.CASCADE, related_name="evaluation_notices", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name="evaluation",
            constraint=models.CheckConstraint(condition=models.Q(("closes_on__gte", models.F("opens_on"))), name="evaluation_closes_after_it_opens"),
        ),
        migrations.AddConstraint(
            model_name="evaluation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("cohort__isnull", True), ("event__isnull", False), ("kind", "event")),
                    models.Q(("cohort__isnull", False), ("event__isnull", True), ("kind", "programme_year")),
                    models.Q(("academic_year__isnull", False), ("cohort__isnull", True), ("event__isnull", True), ("kind", "schools")),
                    _connector="OR",
                ),
                name="evaluation_names_what_it_asks_about",
            ),
        ),
        migrations.AddConstraint(
            model_name="evaluationanswer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("school__isnull", True)), fields=("evaluation", "respondent"), name="one_answer_per_person",
            ),
        ),
        migrations.AddConstraint(
            model_name="evaluationanswer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("school__isnull", False)), fields=("evaluation", "school"), name="one_answer_per_school",
            ),
        ),
        migrations.AddConstraint(
            model_name="evaluationnotice",
            constraint=models.UniqueConstraint(fields=("evaluation", "user"), name="one_evaluation_notice_per_person"),
        ),
    ]
