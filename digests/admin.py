"""Admin: subscriptions, their delivery log and their bounces ("did my digest go out?", "why
did it stop?"). A subscription suspended for bouncing says so, lists the bounces, and can be
reactivated once the address works again."""

from django.contrib import admin, messages

from . import bounces
from .models import Bounce, Delivery, Subscription


class BounceInline(admin.TabularInline):
    model = Bounce
    fields = ("received_at", "recipient", "action", "status", "hard", "diagnostic", "delivery")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # bounces come from the mail server, not from a form


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("email", "frequency", "state", "confirmed_at", "bounces", "last_event_id")
    list_filter = ("state", "frequency")
    search_fields = ("email",)
    inlines = [BounceInline]
    actions = ["reactivate"]

    @admin.action(description="Reactivate suspended subscriptions (the address works again)")
    def reactivate(self, request, queryset) -> None:
        suspended = list(queryset.filter(state="suspended"))
        for subscription in suspended:
            bounces.reactivate(subscription)
        self.message_user(request, f"{len(suspended)} reactivated.", messages.SUCCESS)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("subscription", "period", "state", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("state",)
    search_fields = ("subscription__email", "period")
    raw_id_fields = ("subscription",)


@admin.register(Bounce)
class BounceAdmin(admin.ModelAdmin):
    list_display = ("recipient", "received_at", "status", "action", "hard", "subscription")
    list_filter = ("hard", "action")
    search_fields = ("recipient", "report_id", "subscription__email")
    raw_id_fields = ("subscription", "delivery")
    readonly_fields = (
        "subscription", "delivery", "report_id", "recipient", "action", "status", "hard",
        "diagnostic", "received_at",
    )  # fmt: skip
