"""URL map. Page and API addresses are stable: users bookmark and script them."""

from django.contrib import admin
from django.urls import include, path

from bills.views import bill, health, home

urlpatterns = [
    path("", home.home, name="home"),
    path("bills/<int:pk>/", bill.bill_detail, name="bill-detail"),
    path("health/", health.health, name="health"),
    path("admin/", admin.site.urls),
    path("", include("digests.urls")),
    path("", include("bills.urls")),
]

handler400 = "regtracker.errors.bad_request"
handler404 = "regtracker.errors.not_found"
handler500 = "regtracker.errors.server_error"
