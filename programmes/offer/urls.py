"""The public CPD offer, in the programmes namespace."""

from django.urls import path

from programmes.offer import views as offer

urlpatterns = [
    path("cpd/", offer.cpd_offer, name="cpd_offer"),
]
