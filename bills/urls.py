"""The domain's pages and API under their stable addresses (see issue 5's list)."""

urlpatterns: list = []
