"""AB staff's home: the to-do list's counts and the clocks running out."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appropriate_body.inductions.todo import todo_list
from appropriate_body.models import CompletionDecision
from appropriate_body.tests.factories import InductionFactory
from hubportal.home.ab import ab_overview
from registration.tests.pages import reg, today

HOME = "/"


def status_of(content: str, key: str) -> str:
    match = re.search(rf'id="ab-{key}-status" data-count="\d+">\s*(.*?)\s*</div>', content, re.S)
    assert match, f"no {key} row"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def completed(days_ago: int, name: str = "Cara") -> CompletionDecision:
    """An induction completed `days_ago` days ago whose headteacher's recommendation (DL-001) is awaited."""
    induction = InductionFactory(teacher__first_name=name, teacher__last_name="Complete")
    return CompletionDecision.objects.create(induction=induction, completed_on=today() - timedelta(days=days_ago))


def test_the_counts_are_the_to_do_pages_counts(school_a, tutor_a):
    for _ in range(3):
        reg(school_a, tutor_a)  # three pending claims
    completed(2)
    overview = ab_overview(today=today())
    counts = {task.key: task.count for task in overview.tasks}
    assert counts == {item.key: item.count for item in todo_list(today=today())}
    assert counts["claims"] == 3 and counts["recommendations"] == 1 and counts["decisions"] == 0


def test_clocks_within_four_weeks_or_overdue_are_shown_soonest_first(client, ab_staff):
    late = completed(40, "Late")
    soon = completed(2, "Soon")
    CompletionDecision.objects.create(induction=InductionFactory(), completed_on=today() + timedelta(days=60))  # not yet running
    clocks = ab_overview(today=today()).clocks
    assert [clock.teacher for clock in clocks] == ["Late Complete", "Soon Complete"]
    assert clocks[0].state == "overdue" and clocks[1].state in ("due", "due today")
    client.force_login(ab_staff)
    content = client.get(HOME).content.decode()
    assert "Deadlines in the next four weeks" in content and "Overdue" in content
    for completion in (late, soon):
        url = reverse("appropriate_body:case_completion", args=[completion.induction.public_id])
        assert f'href="{url}"' in content


def test_the_page_links_each_count_and_has_no_rule_ids_in_its_headings(client, ab_staff, school_a, tutor_a):
    reg(school_a, tutor_a)
    client.force_login(ab_staff)
    content = client.get(HOME).content.decode()
    assert status_of(content, "claims") == "1 to do"
    assert status_of(content, "decisions") == "Done"
    assert f'href="{reverse("appropriate_body:claim_list")}"' in content
    assert f'href="{reverse("appropriate_body:todo")}#todo-recommendations"' in content
    for heading in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", content, re.S):
        assert not re.search(r"\b[A-Z]{2,5}-\d{3}\b", heading), heading
    assert "No deadline runs out in the next four weeks" in content


def home_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured.captured_queries)


def test_the_ab_home_takes_the_same_queries_for_1_and_20_of_everything(client, ab_staff, school_a, tutor_a,
                                                                       django_assert_max_num_queries):
    reg(school_a, tutor_a)
    completed(2)
    one = home_queries(client, ab_staff)
    for n in range(19):
        reg(school_a, tutor_a)
        completed(2 + n % 5)
    assert {task.key: task.count for task in ab_overview(today=today()).tasks}["claims"] == 20
    assert home_queries(client, ab_staff) == one
    # Session, user, roles, MFA check; every count in one statement; the starts not ready; the six clocked lists' first rows.
    with django_assert_max_num_queries(12):
        client.get(HOME)
