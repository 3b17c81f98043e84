from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from factcheck import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("claims.api.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("factchecks/", include("claims.public_urls")),
    path("favicon.ico", views.favicon, name="favicon"),
    path("", include("claims.urls")),
]

handler400 = "factcheck.views.bad_request"
handler403 = "factcheck.views.permission_denied"
handler404 = "factcheck.views.page_not_found"
