"""The API's views: validate input with a serializer, call a service or a selector, answer.

No view writes a row itself; every write is a function in claims.services.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api import inputs
from claims.api import serializers as s
from claims.api.filters import ArticleFilter, ClaimFilter, SourceFilter
from claims.api.negotiation import AnyAccept
from claims.api.permissions import (
    IsAdmin,
    IsEditor,
    PublicRead,
    ReviewersReadAdminsWrite,
    TokenScope,
)
from claims.api.renderers import EmbeddableJSONRenderer
from claims.errors import ConflictError
from claims.models import Article, Claim, Source, SourceAlias, WebhookSubscription
from claims.outbound import archive
from claims.roles import acting_user
from claims.selectors.articles import article_progress_list
from claims.selectors.claims import claim_detail, claim_history, claim_list
from claims.selectors.evidence import article_captures, capture_file
from claims.selectors.publishing import claim_review, public_url, published_claims
from claims.selectors.sources import source_list
from claims.services.checks import article_checks_rerun, checks_rerun
from claims.services.corrections import claim_add, claim_edit, claim_merge, claim_split
from claims.services.extraction import article_reextract
from claims.services.ingest import article_submit, article_submit_url
from claims.services.publishing import claim_retract, claim_signoff
from claims.services.sources import source_create, source_merge, source_update
from claims.services.webhooks import (
    webhook_subscribe,
    webhook_subscription_update,
    webhook_unsubscribe,
)

ERRORS = {
    code: OpenApiResponse(OpenApiTypes.OBJECT, description=text)
    for code, text in [
        (400, "Invalid input: {error: {code, message, fields}}"),
        (401, "Not signed in, or a bad token"),
        (403, "Your role (or a read-only token) does not allow this"),
        (404, "No such object"),
    ]
}
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='The ETag of the claim as read, e.g. "3"; instead of `version` in the body.',
)
_ETAG = re.compile(r'(?:W/)?"?([0-9]{1,18})"?')


class ApiViewMixin:
    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # PostgreSQL text cannot hold NUL: refuse it here rather than fail in the query.
        for key, values in request.query_params.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise exceptions.ParseError("Query parameters may not contain NUL characters.")
        super().initial(request, *args, **kwargs)  # type: ignore[misc]  # a mixin before APIView

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        detail = getattr(self, "detail", False)  # one object is found by its id alone
        return queryset if detail else super().filter_queryset(queryset)  # type: ignore[misc]


def _validated(serializer_class: type[inputs.InputSerializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _expected_version(request: Request, body_version: int | None) -> int:
    """The version the caller read: `version` in the body, or the If-Match ETag."""
    header = request.headers.get("If-Match")
    if header:
        match = _ETAG.fullmatch(header.strip())
        if match is None:
            raise exceptions.ValidationError(
                {"version": ['If-Match must be the ETag you read, such as "3".']}
            )
        version = int(match.group(1))
        if body_version is not None and body_version != version:
            raise exceptions.ValidationError(
                {"version": ["The body's version and If-Match disagree."]}
            )
        return version
    if body_version is None:
        raise exceptions.ValidationError(
            {"version": ["Send the version you read, or an If-Match header."]}
        )
    return body_version


class ArticleViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Articles submitted for review, with their progress."""

    queryset = article_progress_list()
    serializer_class = s.ArticleSerializer
    filterset_class = ArticleFilter
    search_fields = ["title", "url", "publisher", "body"]
    ordering_fields = ["created_at", "updated_at", "published", "title"]
    lookup_value_regex = r"[0-9]+"
    throttle_scope = "submit"

    def get_queryset(self) -> QuerySet[Article]:  # the text (it may be long) for the detail
        articles = super().get_queryset()
        return articles if self.action == "retrieve" else articles.defer("body")

    def get_serializer_class(self) -> type:
        return s.ArticleDetailSerializer if self.action == "retrieve" else s.ArticleSerializer

    @extend_schema(
        request=inputs.ArticleCreateInput,
        responses={
            202: s.ArticleSubmittedSerializer,
            200: s.ArticleSubmittedSerializer,
            413: OpenApiResponse(OpenApiTypes.OBJECT, description="The article is too long"),
            **ERRORS,
        },
        description="Submit an article's text; extraction runs in the background (202). "
        "The same text again answers 200 with the stored article.",
    )
    def create(self, request: Request) -> Response:
        values = _validated(inputs.ArticleCreateInput, request)
        meta = {
            "title": values.get("title", ""),
            "publisher": values.get("publisher", ""),
            "published": values.get("published"),
            "submitted_by": acting_user(request.user),
        }
        if values.get("body"):
            article, created = article_submit(
                body=values["body"], url=values.get("url", ""), **meta
            )
        else:
            # No text: the page is fetched server-side and its main text kept.
            article, created = article_submit_url(url=values["url"], **meta)
        article = article_progress_list().defer("body").get(pk=article.pk)
        status_url = request.build_absolute_uri(reverse("api:article-status", args=[article.pk]))
        body = {
            "article": s.ArticleSerializer(article).data,
            "created": created,
            "status_url": status_url,
        }
        return Response(
            body,
            status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK,
            headers={"Location": status_url},
        )

    @extend_schema(responses={200: s.ArticleStatusSerializer, **ERRORS})
    @action(detail=True, methods=["get"])
    def status(self, request: Request, pk: str) -> Response:
        return Response(s.ArticleStatusSerializer(self.get_object()).data)

    @extend_schema(
        responses={
            (200, "application/warc"): OpenApiResponse(
                OpenApiTypes.BINARY, description="Every captured evidence link, gzipped WARC"
            ),
            **ERRORS,
        },
        description="An editor downloads the captured evidence of every claim of the "
        "article as one WARC file (gzipped records, as web archives keep them).",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="evidence-warc",
        permission_classes=[IsEditor, TokenScope],
        content_negotiation_class=AnyAccept,
    )
    def evidence_warc(self, request: Request, pk: str) -> StreamingHttpResponse:
        article = self.get_object()
        captures = list(article_captures(article))
        info = {
            "software": "factcheck",
            "description": f"Evidence of the claims of article {article.pk}",
            "title": article.title,
            "url": article.url,
            "captures": str(len(captures)),
        }
        response = StreamingHttpResponse(
            archive.article_warc((capture_file(c) for c in captures), info=info),
            content_type="application/warc",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="article-{article.pk}-evidence.warc.gz"'
        )
        return response

    @extend_schema(
        request=None,
        responses={202: s.ArticleStatusSerializer, **ERRORS},
        description="Editors and admins run extraction again (after a model or rule "
        "change). Claims people added, moved, split, merged or dismissed, and corrected "
        "sources, are kept as they are; a dismissed claim never comes back.",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsEditor, TokenScope])
    def reextract(self, request: Request, pk: str) -> Response:
        article = self.get_object()
        article_reextract(article_ids=[article.pk])
        article = article_progress_list().defer("body").get(pk=article.pk)
        return Response(s.ArticleStatusSerializer(article).data, status=status.HTTP_202_ACCEPTED)


class ClaimViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Claims found in articles, and their review."""

    serializer_class = s.ClaimSerializer
    filterset_class = ClaimFilter
    search_fields = ["text", "mention", "source__name"]
    ordering_fields = ["checkworthiness", "created_at", "updated_at", "status", "id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Claim]:
        if self.action == "claimreview":
            return published_claims()
        if self.action in ("retrieve", "partial_update", "signoff", "retract", "split", "merge"):
            return claim_detail()
        return claim_list()

    def get_serializer_class(self) -> type:
        return s.ClaimSerializer if self.action == "list" else s.ClaimDetailSerializer

    def get_permissions(self) -> list[Any]:
        if self.action == "claimreview":
            return [PublicRead()]
        if self.action in ("signoff", "retract"):
            return [IsEditor(), TokenScope()]
        return list(super().get_permissions())

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self.get_object().pk)

    @extend_schema(
        request=inputs.ClaimUpdateInput,
        parameters=[IF_MATCH],
        responses={
            200: s.ClaimDetailSerializer,
            409: OpenApiResponse(
                OpenApiTypes.OBJECT, description="Changed since read; error.detail.current"
            ),
            **ERRORS,
        },
        description="Edit the draft verdict (`status`, `claim_reviewed`, `rationale`, "
        "`evidence`) or the assignee. Send the `version` you read (or If-Match); a stale "
        "version is refused with 409 and the claim as it is now. Editing never changes a "
        "published verdict: it makes a draft that a second person must approve.",
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        claim = self.get_object()
        values = _validated(inputs.ClaimUpdateInput, request)
        version = _expected_version(request, values.pop("version", None))
        try:
            claim_edit(
                claim_id=claim.pk,
                actor=acting_user(request.user),
                expected_version=version,
                **values,
            )
        except ConflictError as exc:
            raise self._with_current_state(exc, claim.pk) from None
        return self._detail(claim.pk)

    @extend_schema(
        request=inputs.ClaimCreateInput,
        responses={201: s.ClaimDetailSerializer, **ERRORS},
        description="Add a claim extraction missed: its `text` is exactly the article's "
        "characters from `start` to `end` (white space at either end left out). "
        "`source` is a registry entry by `id`, or a `name` (found by alias or added; a "
        'description such as "the minister" is refused: give it as `mention`). Bad '
        "offsets or an empty span get a 400.",
    )
    def create(self, request: Request) -> Response:
        values = _validated(inputs.ClaimCreateInput, request)
        source = values.pop("source", None) or {}
        claim = claim_add(
            article_id=values.pop("article"),
            actor=acting_user(request.user),
            source_id=source.get("id"),
            source_name=source.get("name", ""),
            kind=source.get("kind", Source.Kind.PERSON),
            role=source.get("role", ""),
            **values,
        )
        response = self._detail(claim.pk)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(
        request=inputs.SplitInput,
        parameters=[IF_MATCH],
        responses={200: s.ClaimDetailSerializer(many=True), 409: OpenApiTypes.OBJECT, **ERRORS},
        description="Cut the claim in two at the article offset `at`: the first keeps the "
        "claim and its review, the second is a new claim of the same source. Both come back.",
    )
    @action(detail=True, methods=["post"])
    def split(self, request: Request, pk: str) -> Response:
        claim = self.get_object()
        values = _validated(inputs.SplitInput, request)
        version = _expected_version(request, values.pop("version", None))
        try:
            first, second = claim_split(
                claim_id=claim.pk,
                actor=acting_user(request.user),
                expected_version=version,
                at=values["at"],
            )
        except ConflictError as exc:
            raise self._with_current_state(exc, claim.pk) from None
        both = claim_detail().filter(pk__in=[first.pk, second.pk]).order_by("start")
        return Response(s.ClaimDetailSerializer(both, many=True).data)

    @extend_schema(
        request=inputs.MergeInput,
        parameters=[IF_MATCH],
        responses={200: s.ClaimDetailSerializer, 409: OpenApiTypes.OBJECT, **ERRORS},
        description="Fold the adjacent claim `other` of the same source into this one; "
        "`other` is dismissed as merged, so re-extraction does not bring it back.",
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str) -> Response:
        claim = self.get_object()
        values = _validated(inputs.MergeInput, request)
        version = _expected_version(request, values.pop("version", None))
        try:
            claim_merge(
                claim_id=claim.pk,
                other_id=values["other"],
                actor=acting_user(request.user),
                expected_version=version,
                other_version=values["other_version"],
            )
        except ConflictError as exc:
            raise self._with_current_state(exc, claim.pk) from None
        return self._detail(claim.pk)

    @extend_schema(
        request=inputs.SignoffInput,
        parameters=[IF_MATCH],
        responses={200: s.ClaimDetailSerializer, 409: OpenApiTypes.OBJECT, **ERRORS},
        description="An editor approves the draft at `version` and publishes exactly that "
        "version (`approve: true`; on a published claim this is a correction and `comment` "
        "says what changed and why), or sends it back (`approve: false`, `comment` says why). "
        "Refused with 403 `same_person` when the editor changed the draft, 400 `incomplete` "
        "(with `detail.missing`) when it lacks a verdict, a rationale or required evidence.",
    )
    @action(detail=True, methods=["post"])
    def signoff(self, request: Request, pk: str) -> Response:
        claim = self.get_object()
        values = _validated(inputs.SignoffInput, request)
        version = _expected_version(request, values.pop("version", None))
        try:
            claim_signoff(
                claim_id=claim.pk,
                editor=acting_user(request.user),
                expected_version=version,
                approve=values["approve"],
                comment=values.get("comment", ""),
            )
        except ConflictError as exc:
            raise self._with_current_state(exc, claim.pk) from None
        return self._detail(claim.pk)

    @extend_schema(
        request=inputs.RetractInput,
        parameters=[IF_MATCH],
        responses={200: s.ClaimDetailSerializer, 409: OpenApiTypes.OBJECT, **ERRORS},
        description="An editor withdraws the published verdict; its public page then shows "
        "the retraction and `note`.",
    )
    @action(detail=True, methods=["post"])
    def retract(self, request: Request, pk: str) -> Response:
        claim = self.get_object()
        values = _validated(inputs.RetractInput, request)
        version = _expected_version(request, values.pop("version", None))
        try:
            claim_retract(
                claim_id=claim.pk,
                editor=acting_user(request.user),
                expected_version=version,
                note=values["note"],
            )
        except ConflictError as exc:
            raise self._with_current_state(exc, claim.pk) from None
        return self._detail(claim.pk)

    @extend_schema(responses={200: s.ReviewEventSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request: Request, pk: str) -> Response:
        claim = self.get_object()
        events = claim_history(claim)
        return Response(s.ReviewEventSerializer(events, many=True).data)

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
        description="The published version of the verdict as schema.org ClaimReview JSON-LD "
        "(public); its `url` is the fact-check's public page.",
    )
    @action(
        detail=True,
        methods=["get"],
        filter_backends=[],
        renderer_classes=[EmbeddableJSONRenderer],
    )
    def claimreview(self, request: Request, pk: str) -> Response:
        claim = self.get_object()
        assert claim.published_verdict is not None  # published_claims() has only those
        return Response(
            claim_review(claim, claim.published_verdict, url=_review_url(request, claim))
        )

    def _detail(self, claim_id: int) -> Response:
        claim = claim_detail().get(pk=claim_id)
        data = s.ClaimDetailSerializer(claim, context=self.get_serializer_context()).data
        return Response(data, headers={"ETag": f'"{claim.version}"'})

    def _with_current_state(self, exc: ConflictError, claim_id: int) -> ConflictError:
        current = claim_detail().get(pk=claim_id)
        data = s.ClaimDetailSerializer(current, context=self.get_serializer_context()).data
        exc.detail = {**exc.detail, "current": data}
        return exc


def _review_url(request: Request, claim: Claim) -> str:
    return public_url(claim.pk, base=request.build_absolute_uri("/"))


class ClaimReviewFeedView(ApiViewMixin, generics.ListAPIView):
    """Every published verdict as ClaimReview JSON-LD, newest first (public)."""

    permission_classes = [PublicRead]
    filter_backends: list[Any] = []
    renderer_classes = [EmbeddableJSONRenderer]
    queryset = published_claims()

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        return self.get_paginated_response(
            [
                claim_review(claim, claim.published_verdict, url=_review_url(request, claim))
                for claim in page
                if claim.published_verdict is not None
            ]
        )


class SourceViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The source registry: who makes claims, their aliases and track record."""

    permission_classes = [ReviewersReadAdminsWrite, TokenScope]
    filterset_class = SourceFilter
    search_fields = ["name", "aliases__name"]
    ordering_fields = ["name", "claim_count", "created_at"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet:
        sources = source_list()
        if self.action != "list":
            sources = sources.prefetch_related(
                Prefetch("aliases", queryset=SourceAlias.objects.order_by("name"))
            )
        return sources

    def get_serializer_class(self) -> type:
        return s.SourceSerializer if self.action == "list" else s.SourceDetailSerializer

    @extend_schema(request=inputs.SourceInput, responses={201: s.SourceDetailSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        values = _validated(inputs.SourceInput, request)
        source = source_create(**values)
        return Response(self._detail_data(source.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=inputs.SourceInput(partial=True),
        responses={200: s.SourceDetailSerializer, **ERRORS},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        source = self.get_object()
        serializer = inputs.SourceInput(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        source_update(source_id=source.pk, **serializer.validated_data)
        return Response(self._detail_data(source.pk))

    @extend_schema(
        request=inputs.SourceMergeInput, responses={200: s.SourceDetailSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str) -> Response:
        """Fold the `others` into this source: their aliases and claims move here."""
        keep = self.get_object()
        values = _validated(inputs.SourceMergeInput, request)
        source_merge(keep_id=keep.pk, other_ids=values["others"], actor=acting_user(request.user))
        return Response(self._detail_data(keep.pk))

    def _detail_data(self, source_id: int) -> dict[str, Any]:
        self.action = "retrieve"
        return s.SourceDetailSerializer(self.get_queryset().get(pk=source_id)).data


class ChecksRerunView(ApiViewMixin, APIView):
    """Run the verification checks again for some claims, or for all of an article's."""

    @extend_schema(
        request=inputs.ChecksRerunInput, responses={202: s.ChecksQueuedSerializer, **ERRORS}
    )
    def post(self, request: Request) -> Response:
        values = _validated(inputs.ChecksRerunInput, request)
        if "article" in values:
            queued = article_checks_rerun(article_ids=[values["article"]])
        else:
            queued = checks_rerun(claim_ids=sorted(set(values["claims"])))
        return Response(
            {"claims": queued.claims, "checks": queued.checks}, status=status.HTTP_202_ACCEPTED
        )


class WebhookViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """Webhook subscriptions (admins): events are POSTed as JSON signed with HMAC-SHA256."""

    permission_classes = [IsAdmin, TokenScope]
    queryset = WebhookSubscription.objects.select_related("owner")
    serializer_class = s.WebhookSubscriptionSerializer
    filter_backends: list[Any] = []
    lookup_value_regex = r"[0-9]+"

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        request=inputs.WebhookInput,
        responses={201: s.WebhookSubscriptionCreatedSerializer, **ERRORS},
        description="Subscribe a URL; the answer shows the signing secret, this once.",
    )
    def create(self, request: Request) -> Response:
        values = _validated(inputs.WebhookInput, request)
        subscription = webhook_subscribe(owner=acting_user(request.user), **values)
        return Response(
            s.WebhookSubscriptionCreatedSerializer(subscription).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=inputs.WebhookInput(partial=True),
        responses={200: s.WebhookSubscriptionSerializer, **ERRORS},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        subscription = self.get_object()
        serializer = inputs.WebhookInput(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        updated = webhook_subscription_update(
            subscription_id=subscription.pk, **serializer.validated_data
        )
        return Response(self.get_serializer(updated).data)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request: Request, pk: str) -> Response:
        webhook_unsubscribe(subscription_id=self.get_object().pk)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={200: s.WebhookDeliverySerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, pk: str) -> Response:
        subscription = self.get_object()
        page = self.paginate_queryset(subscription.deliveries.order_by("-created_at", "-id"))
        return self.get_paginated_response(s.WebhookDeliverySerializer(page, many=True).data)
