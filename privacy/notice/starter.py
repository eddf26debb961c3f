"""A first privacy notice for a hub to adapt: the publish form offers it when no version exists yet,
and the demo hub publishes it as version 1. The hub, as controller, is responsible for what it says."""

from django.conf import settings


def starter_text() -> str:
    hub, contact = settings.HUB_NAME, settings.HUB_CONTACT_EMAIL
    return f"""\
{hub} runs this portal for the schools it works with, the teachers they employ and the people who take part in its programmes. This notice explains what personal data the portal holds about you, why, who sees it and how long it is kept.

## Who is responsible for your data
{hub} is the controller of the personal data in this portal. You can contact us at {contact}.

## What we hold about you
Your name, email address and the roles you hold in the portal (for example induction tutor, early career teacher or mentor), and the school you work at.
If you are an early career teacher: your teacher reference number, date of birth, the dates of your induction and its periods at each school, your progress reviews and assessments, and the evidence your school uploads for them.
If you take part in our events and programmes: your bookings, attendance, evaluations and certificates.

## Why we hold it and our lawful basis
We act as the appropriate body for early career teachers' induction, a public task under the Education Act 2002 and the Induction for Early Career Teachers (England) Regulations. We deliver training funded by the Department for Education under our designation as a teaching school hub, also a public task. We send you emails about events you are invited to or booked on, and about tasks the portal asks you to do.

## Who we share it with
The Department for Education and the Teaching Regulation Agency, to record induction outcomes. Your school, for the records about its own staff. Lead providers of the programmes you take part in. We do not sell your data or use it for marketing.

## How long we keep it
Induction records are kept for as long as the law and the Department for Education's guidance require. Event bookings, evaluations and uploaded files are deleted on a schedule the hub publishes. Your record of having read this notice is deleted with your account.

## Your rights
You can ask for a copy of the data we hold about you, ask us to correct it, and in some cases ask us to delete it or stop using it. Contact {contact}.
If you are unhappy with how we use your data, you can complain to the Information Commissioner's Office (ico.org.uk, 0303 123 1113).

## Changes to this notice
When we change this notice, the portal shows you the new version the next time you use it.
"""
