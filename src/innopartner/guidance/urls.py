from django.urls import path

from . import views

app_name = "guidance"

urlpatterns = [
    path("procedures/<uuid:pk>/checklist/", views.checklist, name="checklist"),
    path(
        "procedures/<uuid:pk>/checklist/<str:item_id>/",
        views.checklist_item,
        name="checklist_item",
    ),
    path("procedures/<uuid:pk>/lessen/nieuw/", views.lesson_add, name="lesson_add"),
    path("lessen/", views.lessons, name="lessons"),
]
