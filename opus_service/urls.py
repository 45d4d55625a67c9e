from django.urls import path

from opus_service import views

app_name = "opus_service"

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("<slug:what>.csv", views.ledger_csv, name="ledger_csv"),
    path("<slug:kind>/nouveau/", views.record_form, name="record_create"),
    path("<slug:kind>/<int:pk>/modifier/", views.record_form, name="record_edit"),
]
