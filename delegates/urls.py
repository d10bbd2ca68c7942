"""Public and portal URLs of the delegates app (under the language prefix)."""

from .staff_urls import urlpatterns as staff_urlpatterns

app_name = "delegates"

urlpatterns: list = []
urlpatterns += staff_urlpatterns
