"""The one HTTP client every connector uses: timeouts, retries, per-host rate limits, conditional requests.

Retries (exponential backoff with jitter on 429 and 5xx, honouring Retry-After) are urllib3's
`Retry`; per-host rate limiting is requests-ratelimiter. Both sit on the session's adapter,
so every request of every source gets them. Secrets travel only in headers named in
`secret_headers`, never in URLs, snapshots, metadata or logs.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, fields

import requests
from requests_ratelimiter import LimiterAdapter
from urllib3.util.retry import Retry

from warehouse.errors import FetchError

USER_AGENT = "tradebrief/0.1 (policy-brief data pipeline; python-requests)"
RETRY_STATUSES = (429, 500, 502, 503, 504)
SECRET_HEADERS = frozenset({"Ocp-Apim-Subscription-Key", "Authorization"})

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HttpSettings:
    """Each can be set by the environment as TRADEBRIEF_HTTP_<NAME>, e.g. TRADEBRIEF_HTTP_TIMEOUT=10."""

    timeout: float = 30.0
    retries: int = 4
    backoff_factor: float = 1.0
    backoff_jitter: float = 0.5
    backoff_max: float = 60.0
    retry_after_max: int = 300
    per_second: float = 2.0

    @classmethod
    def from_env(cls) -> "HttpSettings":
        values = {}
        for setting in fields(cls):
            raw = os.environ.get(f"TRADEBRIEF_HTTP_{setting.name.upper()}")
            if raw is not None:
                values[setting.name] = type(getattr(cls, setting.name))(raw)
        return cls(**values)


@dataclass
class Fetched:
    """One response's bytes (None when the server said they had not changed: 304), and the request
    metadata a snapshot keeps: URL, parameters, status, ETag and Last-Modified."""

    content: bytes | None
    request: dict


class Client:
    """One requests session for a fetch: retries and per-host rate limits on its adapter, a timeout on every call."""

    def __init__(self, settings: HttpSettings | None = None):
        self.settings = settings or HttpSettings.from_env()
        retry = Retry(
            total=self.settings.retries,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET"}),
            backoff_factor=self.settings.backoff_factor,
            backoff_jitter=self.settings.backoff_jitter,
            backoff_max=self.settings.backoff_max,
            respect_retry_after_header=True,
            retry_after_max=self.settings.retry_after_max,
            raise_on_status=True,
            remove_headers_on_redirect=Retry.DEFAULT_REMOVE_HEADERS_ON_REDIRECT | SECRET_HEADERS,
        )
        adapter = LimiterAdapter(per_second=self.settings.per_second, per_host=True, max_retries=retry)
        self.session = requests.Session()
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = USER_AGENT

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.session.close()

    def get(self, source: str, url: str, params: dict | None = None, *, expect: str,
            secret_headers: dict | None = None, previous: dict | None = None) -> Fetched:
        """GET one resource and check it is the kind of body `expect` ('json' or 'csv') names.

        `previous` is the request metadata of the latest snapshot of this resource; its ETag
        and Last-Modified make the request conditional. Errors name the source and the
        request (with no secret in it) and are raised as FetchError.
        """
        headers = dict(secret_headers or {})
        if previous and previous.get("etag"):
            headers["If-None-Match"] = previous["etag"]
        if previous and previous.get("last_modified"):
            headers["If-Modified-Since"] = previous["last_modified"]
        described = describe(url, params)
        timeout = self.settings.timeout
        try:
            response = self.session.get(url, params=params, headers=headers, timeout=timeout)
        except requests.exceptions.RetryError as error:
            raise FetchError(f"{source}: {described} kept failing after retries: {_reason(error)}") from None
        except requests.exceptions.ChunkedEncodingError as error:
            raise FetchError(f"{source}: {described} sent a truncated body: {_reason(error)}") from None
        except requests.exceptions.Timeout:
            raise FetchError(f"{source}: {described} timed out after {timeout:g} s (and its retries)") from None
        except requests.exceptions.RequestException as error:
            raise FetchError(f"{source}: {described} failed: {_reason(error)}") from None
        request = {"url": url, "params": dict(params or {}), "status": response.status_code}
        if response.status_code == 304:
            log.info("%s: %s not modified", source, described)
            return Fetched(None, request)
        if response.status_code >= 400:
            raise FetchError(f"{source}: {described} answered HTTP {response.status_code}")
        content = response.content
        check_body(source, described, content, response.headers.get("Content-Type", ""), expect)
        request |= {"etag": response.headers.get("ETag"), "last_modified": response.headers.get("Last-Modified"),
                    "content_type": response.headers.get("Content-Type")}
        log.info("%s: %s -> %d bytes", source, described, len(content))
        return Fetched(content, request)


def check_body(source: str, described: str, content: bytes, content_type: str, expect: str) -> None:
    """Refuse bodies that are plainly not data: empty, or an HTML page served with status 200."""
    head = content[:512].lstrip().lower()
    if not content.strip():
        raise FetchError(f"{source}: {described} returned an empty body")
    if "html" in content_type.lower() or head.startswith((b"<!doctype html", b"<html")):
        raise FetchError(f"{source}: {described} returned an HTML page, not {expect.upper()} (an error page served as 200?)")


def describe(url: str, params: dict | None) -> str:
    """The request as logs and errors show it: URL and parameters, which never carry secrets."""
    query = "&".join(f"{key}={value}" for key, value in (params or {}).items())
    return f"GET {url}" + (f"?{query}" if query else "")


def _reason(error: Exception) -> str:
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return str(reason or error)
