from django.contrib import admin
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from marsad.accounts import views as account_views
from marsad.dashboard import views as dashboard_views

admin.site.site_header = admin.site.site_title = "مرصد — Marsad"


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on every page, the admin's included."""
    return HttpResponseRedirect(static("marsad/favicon.svg"))


urlpatterns = [
    path("", dashboard_views.dashboard, name="home"),
    path("favicon.ico", favicon),
    path("accounts/login/", account_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", account_views.SignOutView.as_view(), name="logout"),
    path("accounts/profile/", account_views.profile, name="profile"),
    path("accounts/password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/two-factor/", account_views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/enrol/", account_views.two_factor_enrol, name="two_factor_enrol"),
    path("accounts/two-factor/recovery-codes/", account_views.recovery_codes_renew, name="recovery_codes_renew"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The API before the pages: a script's every request resolves in a few steps.
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("marsad.api_urls")),
    # Before the portfolio's: /projects/as-of/ must not be read as a project code.
    path("", include("marsad.committee.urls")),
    path("", include("marsad.dashboard.urls")),
    path("", include("marsad.rollouts.urls")),
    path("", include("marsad.documents.urls")),
    path("", include("marsad.portfolio.urls")),
    path("", include("marsad.reports.urls")),
    path("", include("marsad.imports.urls")),
    path("jobs/", include("marsad.jobs.urls")),
    path("", include("marsad.operations.urls")),
    path("", include("marsad.obstacles.urls")),
    path("", include("marsad.indicators.urls")),
    path("", include("marsad.audit_pages.urls")),
    path("", include("marsad.search.urls")),
    path("", include("marsad.public.urls")),
    path("", include("marsad.notifications.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "marsad.web.errors.bad_request"
handler403 = "marsad.web.errors.permission_denied"
handler404 = "marsad.web.errors.not_found"
handler500 = "marsad.web.errors.server_error"

# Uploaded files (evidence) are never served from MEDIA_URL, not even in debug: only
# through views that ask `scope` whether the reader may see them.
