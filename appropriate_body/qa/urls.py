"""The AB's QA queue and workload (issue 18 parts 2 and 7): AB staff only."""

from django.urls import path

from appropriate_body.qa import views as qa_views
from appropriate_body.qa import workload_views

urlpatterns = [
    path("ab/qa/", qa_views.queue, name="qa_queue"),
    path("ab/qa/inductions/<uuid:induction>/check/", qa_views.check, name="qa_check"),
    path("ab/qa/schools/<int:urn>/", qa_views.school_qa_log, name="school_qa_log"),
    path("ab/qa/schools/<int:urn>/check/", qa_views.school_check, name="school_qa_check"),
    path("ab/workload/", workload_views.workload, name="workload"),
    path("ab/workload/week/", workload_views.workload_week, name="workload_week"),
    path("ab/workload/<slug:item_kind>/<uuid:item>/plan/", workload_views.plan, name="workload_plan"),
    path("ab/my-work/", workload_views.my_work, name="my_work"),
]
