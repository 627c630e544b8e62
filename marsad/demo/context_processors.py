from marsad.demo.models import DemoLoad


def demo_banner(request):
    """Tell every page whether it is showing demo data (one small query)."""
    if getattr(request, "resolver_match", None) and request.path.startswith("/api/"):
        return {}
    return {"demo_data_loaded": DemoLoad.objects.exists()}
