"""Private live routes: the event stream is per reader and never cached."""

from django.urls import path

from . import views

app_name = "live"

urlpatterns = [
    path("stream/", views.stream, name="stream"),
]
