"""The retention schedule, for hub staff: what is kept how long, what the next run will do (as the last run counted it), and what past runs did."""

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from participants.access import require_hub_staff
from privacy.models import RetentionLog
from privacy.retention.figures import WINDOW_DAYS, kept_forecast, schedule_lines
from privacy.retention.schedule import NO_PERSONAL_DATA

# Nights of the log shown: enough to see that the job runs.
RECENT_NIGHTS = 14


@require_safe
@login_required
def retention_schedule(request):
    require_hub_staff(request.user)
    today = timezone.localdate()
    forecasts, as_at = kept_forecast(today, now=timezone.now())
    nights = (
        RetentionLog.objects.values("run_on").annotate(records=Sum("count")).order_by("-run_on")[:RECENT_NIGHTS]
    )
    return render(request, "privacy/retention/schedule.html", {
        "lines": schedule_lines(forecasts), "as_at": as_at, "window_days": WINDOW_DAYS, "nights": nights,
        "no_personal_data": NO_PERSONAL_DATA,
    })
