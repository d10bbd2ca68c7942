"""The agenda pages and exports of any session, under /<lang>/sessions/<number>/agenda/."""

from .urls import programme_patterns

app_name = "session-agenda"

urlpatterns = list(programme_patterns)
