"""Public URLs of the delegates app (under the language prefix)."""

app_name = "delegates"

urlpatterns: list = []
