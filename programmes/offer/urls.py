"""The public CPD offer and each participant's own golden thread, in the programmes namespace."""

from django.urls import path

from programmes.offer import views as offer
from hubportal.thread import views as thread

urlpatterns = [
    path("cpd/", offer.cpd_offer, name="cpd_offer"),
    path("my/golden-thread/", thread.my_golden_thread, name="my_golden_thread"),
]
