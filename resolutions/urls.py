"""Public URLs of the resolutions app (under the language prefix)."""

app_name = "resolutions"

urlpatterns: list = []
