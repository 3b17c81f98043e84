"""Turn what a reviewer hands in (a URL, an uploaded file) into article text and metadata.

Plain Python over requests and trafilatura; the services decide what to do with the result.
"""

from __future__ import annotations

import codecs
import datetime
import re
from dataclasses import dataclass
from xml.etree import ElementTree

import requests
import trafilatura

from claims.errors import ServiceError, TooLargeError
from claims.extraction.records import ArticleInput, TextBlock
from claims.outbound.guard import FetchError, check_url, guarded_session, total_deadline

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)


@dataclass(frozen=True)
class Document:
    text: str
    title: str = ""
    publisher: str = ""
    published: datetime.date | None = None
    url: str = ""
    byline: str = ""
    # The page's structure as extraction reads it: paragraphs, headline and sub-headings,
    # with offsets into `text` (empty for plain text, which extraction segments itself).
    blocks: tuple[TextBlock, ...] = ()

    def for_extraction(self) -> ArticleInput:
        return ArticleInput(
            text=self.text,
            blocks=self.blocks,
            headline=self.title,
            byline=self.byline,
            site_name=self.publisher,
            published=self.published,
        )


def fetch_url(url: str, *, timeout: float, max_bytes: int, allow_private: bool = False) -> Document:
    """Download a page (at most `max_bytes`, within `timeout` seconds) and extract its text.

    Unless `allow_private`, addresses in private or local networks are refused, for the
    URL and for every redirect.
    """
    url = check_url(url)
    # `timeout` bounds each wait on the socket; the total deadline bounds the whole
    # exchange, so a server dripping a byte at a time cannot hold a worker.
    try:
        with (
            total_deadline(timeout * 3) as deadline,
            guarded_session(allow_private=allow_private) as session,
            session.get(
                url,
                timeout=timeout,
                stream=True,
                headers={"User-Agent": "factcheck/1.0 (newsroom review tool)"},
            ) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(
                    f"The page answered with HTTP {response.status_code}.", code="fetch_status"
                )
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
            if content_type and content_type not in HTML_TYPES + TEXT_TYPES:
                raise FetchError(
                    f"The address gives {content_type}, not a web page or text.",
                    code="binary_body",
                )
            chunks, size = [], 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise TooLargeError(f"The page is larger than {max_bytes:,} bytes.")
                chunks.append(chunk)
            if deadline.expired:  # the connection was cut: what arrived is not the page
                raise requests.ConnectionError("cut off at the deadline")
            data = b"".join(chunks)
            encoding = response.encoding or "utf-8"
            final_url = response.url
    except requests.RequestException as exc:
        if deadline.expired:
            raise FetchError("The page took too long to download.", code="unreachable") from None
        if isinstance(exc, requests.Timeout):
            raise FetchError("The address did not answer in time.", code="unreachable") from None
        raise FetchError(
            f"The address could not be reached ({type(exc).__name__}).", code="unreachable"
        ) from None
    text = decode(data, encoding=encoding)
    if content_type in TEXT_TYPES:
        return Document(text=text, url=final_url)
    return from_html(text, url=final_url)


# Byte-order marks of the encodings editors' tools save "Unicode" text in.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, *, encoding: str = "utf-8") -> str:
    for bom, marked in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(marked)
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:8192]:
        raise ServiceError("The file looks like binary data, not text.", code="binary_body")
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise ServiceError(
                "The file is not UTF-8 text; save it as UTF-8 and try again.", code="binary_body"
            ) from None


# Page source rather than article text: it opens with a document or block tag and closes
# one somewhere. (Text that merely contains markup stays text, shown escaped.)
_PAGE_SOURCE = re.compile(
    r"\A\s*<(?:!doctype\s+html|html|head|body|main|article|section|div|p|h[1-6])\b[^>]*>"
    r".*</[a-z][a-z0-9]*>",
    re.I | re.S,
)


def looks_like_html(text: str) -> bool:
    """Whether pasted text is a page's HTML source (no news article opens with a tag)."""
    return bool(_PAGE_SOURCE.match(text[:100_000]))


def from_html(html: str, *, url: str = "") -> Document:
    """The main text of an HTML page, with its title, date and site name when it has them."""
    xml = trafilatura.extract(
        html,
        url=url or None,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        output_format="xml",
    )
    text, blocks = _structured_text(xml or "")
    if not text.strip():
        raise ServiceError("No article text was found in the page.", code="empty_body")
    meta = trafilatura.extract_metadata(html, default_url=url or None)
    published = None
    if meta is not None and meta.date:
        try:
            published = datetime.date.fromisoformat(meta.date[:10])
        except ValueError:
            published = None
    return Document(
        text=text,
        title=(meta.title or "") if meta else "",
        publisher=(meta.sitename or "") if meta else "",
        published=published,
        url=url,
        byline=(meta.author or "") if meta else "",
        blocks=blocks,
    )


# trafilatura's XML elements and the block kinds extraction reads them as.
_BLOCK_KINDS = {"head": "subheading", "p": "body", "item": "body", "quote": "body"}


def _structured_text(xml: str) -> tuple[str, tuple[TextBlock, ...]]:
    """Paragraphs one blank line apart (so the text keeps them wherever it goes), and a
    block for each: the first heading is the headline, later ones are sub-headings."""
    if not xml.strip():
        return "", ()
    main = ElementTree.fromstring(xml).find("main")
    found: list[tuple[str, str]] = []

    def walk(element: ElementTree.Element) -> None:
        # A block's own text includes what is nested in it (a <p> inside a <quote>), so
        # the walk stops at the first block on each branch and nothing appears twice.
        kind = _BLOCK_KINDS.get(element.tag)
        if kind is None:
            for child in element:
                walk(child)
            return
        paragraph = " ".join("".join(element.itertext()).split())
        if paragraph:
            found.append((kind, paragraph))

    if main is not None:
        walk(main)
    blocks: list[TextBlock] = []
    offset = 0
    for kind, paragraph in found:
        if kind == "subheading" and not blocks:
            kind = "headline"
        blocks.append(TextBlock(offset, offset + len(paragraph), kind))
        offset += len(paragraph) + 2
    return "\n\n".join(p for _, p in found), tuple(blocks)


def from_upload(name: str, data: bytes) -> Document:
    """An uploaded .txt or .html file as article text."""
    lowered = name.lower()
    if not lowered.endswith((".txt", ".html", ".htm")):
        raise ServiceError("Upload a .txt or .html file.", code="bad_file_type")
    text = decode(data)
    if lowered.endswith((".html", ".htm")):
        return from_html(text)
    return Document(text=text)
