"""Subscription pages and the subscriptions API (stable addresses: they are in every email)."""

from django.urls import path

from . import api, views

app_name = "digests"

urlpatterns = [
    path("subscribe/", views.subscribe_page, name="subscribe"),
    path("subscribe/watch-list/", views.watch_list_status, name="watch-list"),
    path("subscribe/confirm/<str:token>/", views.confirm_page, name="confirm"),
    path("subscribe/manage/<str:token>/", views.manage_page, name="manage"),
    path("subscribe/unsubscribe/<str:token>/", views.unsubscribe_page, name="unsubscribe"),
    path("api/v1/subscriptions/", api.SubscriptionCreateView.as_view(), name="api-subscriptions"),
]
