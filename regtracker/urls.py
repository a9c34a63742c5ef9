"""URL map. Page and API addresses are stable: users bookmark and script them."""

from django.contrib import admin
from django.urls import include, path

from bills.views import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("bills/<int:pk>/", pages.bill_detail, name="bill-detail"),
    path("health/", pages.health, name="health"),
    path("admin/", admin.site.urls),
    path("", include("bills.urls")),
]
