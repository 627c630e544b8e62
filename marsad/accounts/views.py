import base64
import io
from typing import Any, cast

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from marsad.accounts import scope, two_factor
from marsad.accounts.landing import landing_url
from marsad.accounts.models import User
from marsad.audit.models import AuditAction
from marsad.audit.services import audit_record
from marsad.lib import digits as digit_systems


class SignInForm(AuthenticationForm):
    """Django's sign-in form; a data-feed account is told plainly that it uses the API only."""

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not scope.can_use_pages(user):
            raise forms.ValidationError(
                _(
                    "This is a data-feed account: it sends data through the API with its token and cannot sign in to the pages."
                ),
                code="api_only",
            )


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)


class SignOutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing the password ends every other session (Django's session hash)."""

    template_name = "accounts/password_change.html"

    def get_success_url(self) -> str:
        messages.success(self.request, _("Your password was changed. Other sessions were signed out."))
        return reverse("profile")


class DigitsForm(forms.ModelForm[User]):
    """The digits a person reads in: their own choice, or the site's."""

    class Meta:
        model = User
        fields = ["digits"]
        widgets = {"digits": forms.RadioSelect(attrs={"class": "form-check-input"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site = dict(digit_systems.CHOICES)[digit_systems.site_system()]
        field = cast(forms.ChoiceField, self.fields["digits"])
        field.label = _("Digits")
        field.choices = [("", _("As the site: %(digits)s") % {"digits": site}), *digit_systems.CHOICES]


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def profile(request: Any) -> HttpResponse:
    """Who I am here: my role, the entities I act for, my two-factor sign-in, and the
    digits I read in."""
    form = DigitsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your pages, documents and mails now use the digits you chose."))
        return redirect("profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "entities": request.user.entities.order_by("code"),
            "has_two_factor": two_factor.has_device(request.user),
            "two_factor_required": two_factor.is_required(request.user),
            "digits_form": form,
        },
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr", "autofocus": True}
        ),
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site ("/projects/"): anything else ("abc") is no place to go.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return landing_url(request.user)


@login_required
def two_factor_verify(request: Any) -> HttpResponse:
    """Second step of sign-in: a code from the authenticator app, or a recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # match_token refuses a TOTP code already used (each device keeps the last
        # time step it accepted) and spends a recovery code on use.
        device = match_token(request.user, form.cleaned_data["code"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            audit_record(
                action=AuditAction.TWO_FACTOR, user=request.user, detail=f"verified with {device.persistent_id}"
            )
            return redirect(_next_url(request))
        audit_record(action=AuditAction.SIGN_IN_FAILED, user=request.user, detail="wrong or reused two-factor code")
        form.add_error(
            "code", _("This code is not valid, or it has already been used. Wait for the next code and try again.")
        )
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def two_factor_enrol(request: Any) -> HttpResponse:
    """Set up an authenticator app: scan the code, confirm with one code, keep recovery codes."""
    if two_factor.has_device(request.user):
        return redirect("profile")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].replace(" ", "")):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            audit_record(action=AuditAction.TWO_FACTOR, user=request.user, detail="enrolled an authenticator")
            codes = two_factor.recovery_codes_issue(request.user)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("code", _("This code does not match. Check the time on your phone and try the next code."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next_url(request),
        },
    )


@require_POST
@login_required
def recovery_codes_renew(request: Any) -> HttpResponse:
    """New recovery codes (the old ones stop working); needs a verified session."""
    if not request.user.is_verified():
        return redirect("two_factor_verify")
    codes = two_factor.recovery_codes_issue(request.user)
    audit_record(action=AuditAction.TWO_FACTOR, user=request.user, detail="renewed recovery codes")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("profile")})
