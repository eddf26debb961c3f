"""One move between schools, as each school sees it: the current school confirms or disputes it,
the school that asked may withdraw it (registration.transfers owns every rule)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hubportal.lib.forms import put_errors
from participants import access
from participants.models import TeacherTransfer
from registration import transfers
from registration.access import get_transfer_for
from registration.school.forms import TransferAnswerForm

WITHDRAW = "withdraw"


@require_http_methods(["GET", "POST"])
@login_required
def transfer(request, urn: int, transfer):
    school = access.get_school_to_manage(request.user, urn)
    found = get_transfer_for(school, transfer)
    current_school = found.from_school_id == school.pk
    # Hub staff decide a disputed move: let it take effect, or withdraw it.
    hub_staff = access.is_hub_staff(request.user)
    withdrawing = request.POST.get("answer") == WITHDRAW
    form = TransferAnswerForm(request.POST if request.method == "POST" and current_school and not withdrawing else None,
                              kind=found.kind)
    if request.method == "POST":
        try:
            if not current_school or (hub_staff and withdrawing):
                if request.POST.get("answer") != WITHDRAW:
                    raise ValidationError({"__all__": ["Choose an answer"]})
                transfers.withdraw_transfer(found, actor=request.user)
                messages.success(request, "You withdrew the request. Nothing about the teacher was changed.")
                return redirect("participants:ect_list" if found.kind == TeacherTransfer.Kind.ECT else "participants:mentor_list",
                                urn=school.urn)
            if form.is_valid():
                data = form.cleaned_data
                if data["answer"] == TransferAnswerForm.CONFIRM:
                    transfers.confirm_transfer(found, leaving_on=data["leaving_on"], actor=request.user,
                                               today=timezone.localdate())
                    messages.success(request, f"You confirmed that {found.teacher.full_name} moves to {found.to_school.name}.")
                else:
                    transfers.dispute_transfer(found, reason=data["reason"], actor=request.user)
                    messages.success(request, "You told us this move is wrong. The hub will be in touch; nothing has changed.")
                return redirect("participants:ect_list" if found.kind == TeacherTransfer.Kind.ECT else "participants:mentor_list",
                                urn=school.urn)
        except ValidationError as error:
            if current_school:
                put_errors(form, error.message_dict)
            else:
                messages.error(request, " ".join(error.messages))
    return render(request, "participants/transfer.html", {
        "school": school, "transfer": found, "current_school": current_school, "form": form,
        "takes_effect_on": transfers.takes_effect_on(found), "hub_staff": hub_staff,
    })
