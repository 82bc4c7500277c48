from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("innopartner.opendata.urls")),
    path("api/v1/", include("innopartner.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("innopartner.guidance.urls")),
    path("", include("innopartner.consultation.urls")),
    path("", include("innopartner.documents.urls")),
    path("", include("innopartner.web.urls")),
]

handler403 = "innopartner.web.views.errors.permission_denied"
handler404 = "innopartner.web.views.errors.page_not_found"
handler500 = "innopartner.web.views.errors.server_error"
