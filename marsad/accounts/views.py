from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


@login_required
def profile(request):
    """Who I am here: my role and the entities I act for."""
    return render(
        request,
        "accounts/profile.html",
        {"entities": request.user.entities.order_by("code")},
    )
