"""A page that does nothing, to weigh what every signed-in request costs before its
view runs (test_session_writes)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path


@login_required
def nothing(request):
    return HttpResponse("ok")


urlpatterns = [path("probe/", nothing)]
