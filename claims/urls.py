from __future__ import annotations

from django.urls import path

from claims.views import articles, corrections, queue, review, sources

app_name = "claims"

urlpatterns = [
    path("", articles.article_list, name="article_list"),
    path("articles/new/", articles.article_submit, name="article_submit"),
    path("articles/<int:pk>/", articles.article_detail, name="article_detail"),
    path("articles/<int:pk>/progress/", articles.article_progress, name="article_progress"),
    path("articles/<int:pk>/claims/", corrections.claim_add_view, name="claim_add"),
    path(
        "articles/<int:pk>/reextract/", corrections.article_reextract_view, name="article_reextract"
    ),
    path("claims/<int:pk>/", review.claim_panel, name="claim_panel"),
    path("claims/<int:pk>/review/", review.claim_review, name="claim_review"),
    path("claims/<int:pk>/assign/", review.claim_assign, name="claim_assign"),
    path("claims/<int:pk>/signoff/", review.claim_signoff, name="claim_signoff"),
    path("claims/<int:pk>/retract/", review.claim_retract, name="claim_retract"),
    path("claims/<int:pk>/source/", review.claim_source, name="claim_source"),
    path("claims/<int:pk>/rerun/", review.claim_rerun, name="claim_rerun"),
    path("claims/<int:pk>/evidence/", review.claim_evidence, name="claim_evidence"),
    path("claims/<int:pk>/span/", corrections.claim_span, name="claim_span"),
    path("claims/<int:pk>/split/", corrections.claim_split_view, name="claim_split"),
    path("claims/<int:pk>/merge/", corrections.claim_merge_view, name="claim_merge"),
    path("claims/<int:pk>/dismiss/", corrections.claim_dismiss_view, name="claim_dismiss"),
    path("queue/", queue.queue, name="queue"),
    path("queue/bulk/", queue.queue_bulk, name="queue_bulk"),
    path("sources/", sources.source_list, name="source_list"),
    path("sources/pick/", review.source_picker, name="source_picker"),
    path("sources/<int:pk>/", sources.source_detail, name="source_detail"),
]
