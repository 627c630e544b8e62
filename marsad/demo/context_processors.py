from marsad.demo.models import DemoLoad


def demo_data(request):
    """Whether the demo data is loaded: every page then says so in a banner."""
    return {"demo_data_loaded": DemoLoad.objects.exists()}
