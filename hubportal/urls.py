"""Every page of the portal. Each app's urls.py lists its features' pages; here they get their namespaces.

Two namespaces take pages from an app above their own, so that URL names stay what they have always
been: "participants" also holds registration's pages (the ECT and mentor journey grew out of it),
"programmes" also holds My golden thread (hubportal.thread reads the AB's records as well), and
"appropriate_body" also holds the governors' termly report (registration.governors reads the hub's
sessions as well).
"""

from django.contrib import admin
from django.urls import include, path

from appropriate_body import urls as appropriate_body_urls
from hubportal import views
from hubportal.thread import urls as thread_urls
from participants import urls as participants_urls
from privacy import urls as privacy_urls
from programmes import urls as programmes_urls
from registration import urls as registration_urls
from registration.governors import urls as governors_urls

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("notify/delivery-receipts", views.notify_delivery_receipt, name="notify_delivery_receipt"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include(([*participants_urls.urlpatterns, *registration_urls.urlpatterns], "participants"))),
    path("", include(([*programmes_urls.urlpatterns, *thread_urls.urlpatterns], "programmes"))),
    path("", include(([*appropriate_body_urls.urlpatterns, *governors_urls.urlpatterns], "appropriate_body"))),
    path("", include((privacy_urls.urlpatterns, "privacy"))),
]
