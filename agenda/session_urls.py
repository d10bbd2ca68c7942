"""The agenda pages and exports of any session, under /<lang>/sessions/<number>/agenda/."""

app_name = "session-agenda"

urlpatterns: list = []
