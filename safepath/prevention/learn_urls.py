from django.urls import path

from safepath.prevention import learn

app_name = "learn"
urlpatterns = [
    path("<str:token>/", learn.start, name="start"),
    path("<public_lang:lang>/<str:token>/", learn.page, name="page"),
]
