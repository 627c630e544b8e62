"""Marsad's URLs plus `/bench/minimal/`: the framework's floor — a DRF view with no
database work, behind the same middleware, workers and load generator as Marsad."""

from django.urls import include, path
from rest_framework.response import Response
from rest_framework.views import APIView


class Minimal(APIView):
    authentication_classes = []
    permission_classes = []

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("bench/minimal/", Minimal.as_view()), path("", include("marsad.urls"))]
