"""URL map. Page and API addresses are stable: users bookmark and script them."""

import re

from django.conf import settings
from django.contrib import admin
from django.contrib.staticfiles.views import serve as serve_static
from django.templatetags.static import static
from django.urls import include, path, re_path
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

if settings.SERVE_STATIC:
    # Outside production Django serves the static files itself even with DEBUG off (the
    # embedded default shows users' error pages, not debug pages); ``insecure`` is Django's
    # name for "not behind a web server", fine on a developer's machine.
    prefix = re.escape(settings.STATIC_URL.lstrip("/"))
    urlpatterns.insert(0, re_path(rf"^{prefix}(?P<path>.*)$", serve_static, {"insecure": True}))

handler400 = "regtracker.errors.bad_request"
handler404 = "regtracker.errors.not_found"
handler500 = "regtracker.errors.server_error"
