"""Staff pages of the delegates app outside the admin (badge check-in), under /<lang>/delegates/."""

urlpatterns: list = []
