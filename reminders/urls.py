from django.urls import path

from reminders import views

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("agenda/", views.calendar_feed_settings, name="calendar_feed_settings"),
    path("agenda/nouvelle-adresse/", views.calendar_feed_regenerate, name="calendar_feed_regenerate"),
    path("agenda/revoquer/", views.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("agenda/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/lue/", views.notification_read, name="notification_read"),
    path("notifications/tout-lire/", views.notifications_read_all, name="notifications_read_all"),
]
