from __future__ import annotations

from django.urls import path

from claims import views

app_name = "claims"

urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("articles/new/", views.article_submit, name="article_submit"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/<int:pk>/progress/", views.article_progress, name="article_progress"),
    path("claims/<int:pk>/", views.claim_panel, name="claim_panel"),
    path("claims/<int:pk>/review/", views.claim_review, name="claim_review"),
    path("claims/<int:pk>/assign/", views.claim_assign, name="claim_assign"),
    path("claims/<int:pk>/signoff/", views.claim_signoff, name="claim_signoff"),
    path("claims/<int:pk>/source/", views.claim_source, name="claim_source"),
    path("claims/<int:pk>/rerun/", views.claim_rerun, name="claim_rerun"),
    path("queue/", views.queue, name="queue"),
    path("queue/bulk/", views.queue_bulk, name="queue_bulk"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/pick/", views.source_picker, name="source_picker"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
]
