"""The event page's replies: the counts, the filter by reply, and the invitees' rows kept live while invitations send."""

import html
import re

import pytest
from django.urls import reverse

from programmes.events.replies import REPLY_GROUPS
from programmes.models import EventInvitation, Place, Response
from programmes.tests.pages import page_text

EmailState = EventInvitation.EmailState

# (response, place) of each state an invitation can be in, and the reply group it counts in.
STATES = {
    "accepted": [(Response.ACCEPTED, Place.CONFIRMED)],
    "waiting": [(Response.ACCEPTED, Place.WAITING), (Response.ACCEPTED, Place.OFFERED)],
    "declined": [(Response.DECLINED, Place.NONE)],
    "none": [(Response.NONE, Place.NONE)],
    "lapsed": [(Response.ACCEPTED, Place.OFFER_LAPSED)],
}


def invite_many(event, group: str, count: int, *, start: int = 0, **fields) -> list[EventInvitation]:
    """`count` people invited whose reply is in `group`, named so they sort in the order made."""
    states = STATES[group]
    return EventInvitation.objects.bulk_create([
        EventInvitation(event=event, email=f"{group}{n}@example.org", first_name=group.title(), last_name=f"{n:04d}",
                        response=states[n % len(states)][0], place=states[n % len(states)][1], **fields)
        for n in range(start, start + count)
    ])


def detail(event, **query) -> str:
    return reverse("programmes:event_detail", args=[event.public_id]) + (f"?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else "")


def row_ids(response) -> set[str]:
    return {invitation.email for invitation in response.context["page"].object_list}


# The counts

@pytest.mark.django_db
def test_the_page_counts_each_reply_and_links_to_who_gave_it(staff_client, conference):
    for group, count in [("accepted", 3), ("waiting", 2), ("declined", 4), ("none", 5)]:
        invite_many(conference, group, count)
    response = staff_client.get(detail(conference))
    assert [(group.key, count) for group, count in response.context["replies"]] == [
        ("accepted", 3), ("waiting", 2), ("declined", 4), ("none", 5),
    ]
    text = page_text(response)
    for key, label, count in [("accepted", "Accepted, with a place", 3), ("waiting", "Waiting for a place", 2),
                              ("declined", "Declined", 4), ("none", "No reply yet", 5), ("all", "Invited", 14)]:
        assert f'<dt class="govuk-summary-list__key">{label}</dt> <dd class="govuk-summary-list__value" id="reply-count-{key}">{count}</dd>' in text
    for key in ["accepted", "waiting", "declined", "none"]:
        assert f'href="{detail(conference, reply=key)}#invitees"' in text
    # Nobody let an offer lapse, so that group is not shown.
    assert "Did not take up a place offered" not in text


@pytest.mark.django_db
def test_the_groups_add_up_to_everyone_invited_and_a_lapsed_offer_shows_when_there_is_one(staff_client, conference):
    for group in STATES:
        invite_many(conference, group, 2)
    response = staff_client.get(detail(conference))
    counts = dict((group.key, count) for group, count in response.context["replies"])
    assert counts == {"accepted": 2, "waiting": 2, "declined": 2, "none": 2, "lapsed": 2}
    assert sum(counts.values()) == conference.invitations.count()
    assert "Did not take up a place offered" in page_text(response)


# The filter

@pytest.mark.parametrize("key", [group.key for group in REPLY_GROUPS])
@pytest.mark.django_db
def test_the_filter_shows_only_the_people_with_that_reply(staff_client, conference, key):
    made = {group: invite_many(conference, group, 2) for group in STATES}
    response = staff_client.get(detail(conference, reply=key))
    assert response.status_code == 200
    assert row_ids(response) == {invitation.email for invitation in made[key]}
    assert response.context["reply_filter"].key == key
    text = page_text(response)
    assert f'<option value="{key}" selected>' in text
    assert "Showing people invited whose reply is" in text and "Show everyone invited" in text


@pytest.mark.parametrize("value", ["maybe", "ACCEPTED", "", "reply_accepted", "none%00", "<script>"])
@pytest.mark.django_db
def test_an_unknown_reply_is_ignored(staff_client, conference, value):
    invite_many(conference, "accepted", 1)
    invite_many(conference, "declined", 1)
    response = staff_client.get(detail(conference), {"reply": value})
    assert response.status_code == 200
    assert row_ids(response) == {"accepted0@example.org", "declined0@example.org"}
    assert response.context["reply_filter"] is None
    assert " selected>" not in page_text(response).split('id="reply-filter"')[1].split("</select>")[0]


@pytest.mark.django_db
def test_the_filter_works_without_javascript(staff_client, conference):
    """A plain GET form: a select named reply and a button, sent back to the list of invitees."""
    text = page_text(staff_client.get(detail(conference)))
    form = text.split(f'<form method="get" action="{detail(conference)}#invitees" novalidate>')[1].split("</form>")[0]
    assert '<label class="govuk-label" for="reply-filter">Reply</label>' in form
    assert '<select class="govuk-select" id="reply-filter" name="reply">' in form
    assert '<option value="">Everyone invited (0)</option>' in form
    assert '<button type="submit" class="govuk-button govuk-button--secondary"' in form


@pytest.mark.django_db
def test_pages_of_a_filtered_list_keep_the_filter(staff_client, conference):
    invite_many(conference, "accepted", 130)
    invite_many(conference, "declined", 30)
    first = staff_client.get(detail(conference, reply="accepted"))
    assert len(first.context["page"].object_list) == 100 and first.context["page"].paginator.num_pages == 2
    assert all(email.startswith("accepted") for email in row_ids(first))
    next_link = html.unescape(re.search(r'href="([^"]*page=2[^"]*)"', first.content.decode()).group(1))
    assert "reply=accepted" in next_link
    second = staff_client.get(reverse("programmes:event_detail", args=[conference.public_id]) + next_link)
    assert row_ids(second) == {f"accepted{n}@example.org" for n in range(100, 130)}
    assert second.context["reply_filter"].key == "accepted"
    # A page past the end shows the last, still filtered.
    assert row_ids(staff_client.get(detail(conference, reply="accepted", page=9))) == row_ids(second)


@pytest.mark.django_db
def test_an_empty_filter_says_so(staff_client, conference):
    invite_many(conference, "none", 2)
    text = page_text(staff_client.get(detail(conference, reply="declined")))
    assert "Nobody invited has this reply." in text


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_for_1_or_many_invitees(staff_client, conference, school_a, django_assert_max_num_queries):
    staff_client.get(detail(conference))  # the session and roles, once
    invite_many(conference, "accepted", 1, school=school_a)
    for size in ("one", "many"):
        if size == "many":
            for group in STATES:
                invite_many(conference, group, 85, start=1, school=school_a)
        for query in [{}, {"reply": "waiting"}, {"reply": "accepted", "page": 2}, {"reply": "unknown"}]:
            # Session, user, roles, MFA; event, cohort choices, the counts (replies and sending in one), page count,
            # facilitators, page rows, history.
            with django_assert_max_num_queries(11):
                response = staff_client.get(detail(conference, **query))
            assert response.status_code == 200
            assert page_text(response).count(school_a.name) == len(response.context["page"].object_list)
    assert conference.invitations.count() == 426 and len(response.context["page"].object_list) == 100


# The rows while invitations send

def poll_address(text: str) -> str:
    return html.unescape(re.search(r'id="event-progress" hx-get="([^"]+)"', text).group(1))


def row_of(invitation: EventInvitation, text: str) -> str:
    return re.search(rf'<tr [^>]*id="invitee-{invitation.public_id}" hx-swap-oob="true">.*?</tr>', text).group(0)


@pytest.mark.django_db
def test_the_poll_brings_the_rows_on_screen_and_stops_when_all_are_sent(staff_client, conference, django_assert_max_num_queries):
    queued = invite_many(conference, "none", 3, email_state=EmailState.QUEUED)
    page = page_text(staff_client.get(detail(conference)))
    assert page.count('govuk-tag--grey">Queued</strong>') == 3
    assert 'role="status" aria-live="polite"' in page and page.count("aria-live") == 1  # the bar's region; the rows are outside it
    poll = poll_address(page)
    assert "page=1" in poll and "seen=0-0-3" in poll

    # Nothing sent yet: 204, which htmx leaves on screen while it polls on.
    response = staff_client.get(poll)
    assert response.status_code == 204 and response.content == b""

    EventInvitation.objects.filter(pk=queued[0].pk).update(email_state=EmailState.SENT)
    EventInvitation.objects.filter(pk=queued[1].pk).update(email_state=EmailState.FAILED, email_error="The recipient's server refused the address.")
    with django_assert_max_num_queries(9):
        text = page_text(staff_client.get(poll))
    assert "1 of 3 sent, 1 failed (1 still to send)" in text and 'hx-trigger="every 2s"' in text
    assert 'govuk-tag--green">Sent</strong>' in row_of(queued[0], text)
    failed_row = row_of(queued[1], text)
    assert "refused the address" in failed_row and f'id="resend-{queued[1].public_id}"' in failed_row
    assert 'govuk-tag--grey">Queued</strong>' in row_of(queued[2], text)
    assert "<html" not in text

    EventInvitation.objects.filter(pk=queued[2].pk).update(email_state=EmailState.SENT)
    text = page_text(staff_client.get(poll_address(text)))
    assert "2 of 3 sent, 1 failed" in text and "hx-trigger" not in text and "hx-get" not in text
    assert 'govuk-tag--green">Sent</strong>' in row_of(queued[2], text)


@pytest.mark.django_db
def test_the_poll_brings_only_the_rows_of_the_page_and_filter_on_screen(staff_client, conference):
    accepted = invite_many(conference, "accepted", 2, email_state=EmailState.QUEUED)
    declined = invite_many(conference, "declined", 2, email_state=EmailState.QUEUED)
    poll = poll_address(page_text(staff_client.get(detail(conference, reply="declined"))))
    assert "reply=declined" in poll
    EventInvitation.objects.update(email_state=EmailState.SENT)
    text = page_text(staff_client.get(poll))
    for invitation in declined:
        assert row_of(invitation, text)
    for invitation in accepted:
        assert str(invitation.public_id) not in text
