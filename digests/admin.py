"""Admin: subscriptions and their delivery log (read it to answer "did my digest go out?")."""

from django.contrib import admin

from .models import Delivery, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("email", "frequency", "state", "confirmed_at", "bounces", "last_event_id")
    list_filter = ("state", "frequency")
    search_fields = ("email",)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("subscription", "period", "state", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("state",)
    search_fields = ("subscription__email", "period")
    raw_id_fields = ("subscription",)
