from . import LOGIN, answers

ROWS = {
    "home": answers(200, anonymous=LOGIN),
    "healthz": answers(200),
    "participants:school_list": answers(404, anonymous=LOGIN, hub_staff=200, ab_staff=200, tutor_a=200, tutor_b=200),
    # The school search behind the invitation and enrolment forms: for those who fill them in (each from their own scope).
    "participants:school_search": answers(404, anonymous=LOGIN, hub_staff=200, tutor_a=200, tutor_b=200),
    # The URN walked is school A's: tutor B must not see it exists.
    "participants:school_detail": answers(404, anonymous=LOGIN, hub_staff=200, ab_staff=200, tutor_a=200),
    # Tutors invite further tutors for their own schools.
    "participants:invitation_list": answers(404, anonymous=LOGIN, hub_staff=200, tutor_a=200, tutor_b=200),
    "participants:invitation_create": answers(404, anonymous=LOGIN, hub_staff=200, tutor_a=200, tutor_b=200),
    "participants:invitation_resend": answers(405),  # POST only; see test_invitation_views
    # Anyone holding the link may open it; what it offers depends on who they are.
    "participants:accept_invitation": answers(200),
}
