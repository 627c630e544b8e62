from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from marsad.operations import health


@never_cache
@require_safe
def alive(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def ready(request):
    healthy, checks = health.readiness()
    failing = [name for name, outcome in checks.items() if not outcome["ok"]]
    body = {"status": "ok" if healthy else "failing", "failing": failing, "checks": checks}
    return JsonResponse(body, status=200 if healthy else 503)
