"""Public URLs of the agenda app (under the language prefix)."""

app_name = "agenda"

urlpatterns: list = []
