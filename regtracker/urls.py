"""URL map. Page and API addresses are stable: users bookmark and script them."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from bills.views import bill, health, home

urlpatterns = [
    path("", home.home, name="home"),
    path("bills/<int:pk>/", bill.bill_detail, name="bill-detail"),
    path("health/", health.health, name="health"),
    path("admin/", admin.site.urls),
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path("", include("digests.urls")),
    path("", include("bills.urls")),
]

handler400 = "regtracker.errors.bad_request"
handler404 = "regtracker.errors.not_found"
handler500 = "regtracker.errors.server_error"
