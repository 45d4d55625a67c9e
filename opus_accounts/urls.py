from django.urls import path

from opus_accounts import views

urlpatterns = [
    path("", views.register, name="opus_register"),
    path("<int:pk>/confirmer/", views.confirm_access, name="opus_confirm_access"),
]
