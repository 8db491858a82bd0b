from django.urls import path

from . import views

app_name = "inbox"
urlpatterns = [
    path("", views.submit, name="submit"),
    path("danke/", views.thanks, name="thanks"),
]
