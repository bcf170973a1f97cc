"""The one HTTP client every connector uses: timeouts, retries, per-host rate limits, conditional requests.

Retries (exponential backoff with jitter on 429 and 5xx, honouring Retry-After) are urllib3's
`Retry`; per-host rate limiting is requests-ratelimiter. Both sit on the session's adapter,
so every request of every source gets them. Secrets travel only in headers named in
`secret_headers`, never in URLs, snapshots, metadata or logs, and never to another host:
redirects are followed here, not by requests, and one to another host is refused.

A hostile or broken server cannot hang or exhaust a fetch: every request has an overall
deadline (a body trickled a byte at a time is cut off), and every source a time budget (no
Retry-After may wait past it), a limit on requests (pages) and a limit on the bytes it reads,
counted after decompression while the body streams (a gzip bomb stops at the limit).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions
from requests_ratelimiter import LimiterAdapter
from urllib3.util.retry import Retry

from warehouse.errors import FetchError
from warehouse.settings import HttpSettings, current

USER_AGENT = "tradebrief/0.1 (policy-brief data pipeline; python-requests)"
RETRY_STATUSES = (429, 500, 502, 503, 504)
SECRET_HEADERS = frozenset({"Ocp-Apim-Subscription-Key", "Authorization"})
MAX_REDIRECTS = 5
CHUNK = 64 * 1024

log = logging.getLogger(__name__)


@dataclass
class Fetched:
    """One response's bytes (None when the server said they had not changed: 304), and the request
    metadata a snapshot keeps: URL, parameters, status, ETag and Last-Modified."""

    content: bytes | None
    request: dict


class BudgetSpent(Exception):
    """A retry would have to wait past the source's time budget."""


class BudgetRetry(Retry):
    """urllib3's Retry, except that a wait (Retry-After or backoff) that would pass `deadline` ends the fetch instead."""

    def __init__(self, *args, deadline: float | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline = deadline

    def new(self, **kw) -> BudgetRetry:
        return super().new(**({"deadline": self.deadline} | kw))

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None) -> BudgetRetry:
        """As urllib3's, except that a host name that does not resolve fails at once: asking again will not find it
        (with no network, every source would otherwise wait out its retries)."""
        if isinstance(error, urllib3.exceptions.NameResolutionError):
            raise urllib3.exceptions.MaxRetryError(_pool, url, error) from error
        return super().increment(method, url, response, error, _pool, _stacktrace)

    def sleep(self, response=None) -> None:
        header = response.headers.get("Retry-After") if self.respect_retry_after_header and response is not None \
            else None
        asked = self.new(retry_after_max=float("inf")).parse_retry_after(header) if header is not None else None
        if asked is not None and asked > self.retry_after_max:
            raise BudgetSpent(f"the server asked to wait {asked:g} s, more than the {self.retry_after_max:g} s a fetch "
                              "waits at most; it stops rather than wait")
        wait = asked if asked is not None else self.get_backoff_time()
        if self.deadline is not None and time.monotonic() + wait > self.deadline:
            raise BudgetSpent(f"the server asked to wait {wait:g} s, past the source's time budget")
        super().sleep(response)


class Client:
    """One requests session for a fetch: retries and per-host rate limits on its adapter, a timeout on every call.

    `begin(source)` starts a source's budget: its deadline, request count and byte count.
    """

    def __init__(self, settings: HttpSettings | None = None):
        self.settings = settings or current().http
        self.adapter = LimiterAdapter(per_second=self.settings.per_second, per_host=True)
        self.session = requests.Session()
        self.session.mount("http://", self.adapter)
        self.session.mount("https://", self.adapter)
        self.session.headers["User-Agent"] = USER_AGENT
        self.begin("")

    def begin(self, source: str) -> None:
        """Start one source's fetch: its time budget, and its request and byte counts, start afresh."""
        self.source = source
        self.host: str | None = None  # the host of the source's last request
        self.deadline = time.monotonic() + self.settings.source_budget
        self.requests = 0
        self.bytes_read = 0
        self.adapter.max_retries = BudgetRetry(
            total=self.settings.retries,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET"}),
            backoff_factor=self.settings.backoff_factor,
            backoff_jitter=self.settings.backoff_jitter,
            backoff_max=self.settings.backoff_max,
            respect_retry_after_header=True,
            retry_after_max=self.settings.retry_after_max,
            raise_on_status=True,
            redirect=False,
            deadline=self.deadline,
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self.session.close()

    def get(self, source: str, url: str, params: dict | None = None, *, expect: str,
            secret_headers: dict | None = None, previous: dict | None = None) -> Fetched:
        """GET one resource and check it is the kind of body `expect` ('json', 'csv', 'xlsx' or 'html') names.

        `previous` is the request metadata of the latest snapshot of this resource; its ETag
        and Last-Modified make the request conditional. Errors name the source and the
        request (with no secret in it) and are raised as FetchError.
        """
        headers = {}
        if previous and previous.get("etag"):
            headers["If-None-Match"] = previous["etag"]
        if previous and previous.get("last_modified"):
            headers["If-Modified-Since"] = previous["last_modified"]
        described = describe(url, params)
        self.host = urlsplit(url).netloc
        self.requests += 1
        if self.requests > self.settings.max_requests:
            raise FetchError(f"{source}: more than {self.settings.max_requests} requests (pages) for one source; "
                             f"stopped before {described}")
        if time.monotonic() >= self.deadline:
            raise FetchError(f"{source}: its time budget of {self.settings.source_budget:g} s is spent; "
                             f"{described} was not sent")
        response = self._send(source, url, params, headers, dict(secret_headers or {}), described)
        try:
            request = {"url": url, "params": dict(params or {}), "status": response.status_code}
            if response.status_code == 304:
                if not headers:
                    raise FetchError(f"{source}: {described} answered 304 Not Modified to a request that asked "
                                     "nothing conditionally")
                log.info("%s: %s not modified", source, described)
                return Fetched(None, request)
            if response.status_code >= 400:
                raise FetchError(f"{source}: {described} answered HTTP {response.status_code}")
            content = self._read(source, described, response)
        finally:
            response.close()
        check_body(source, described, content, response.headers.get("Content-Type", ""), expect)
        request |= {"etag": response.headers.get("ETag"), "last_modified": response.headers.get("Last-Modified"),
                    "content_type": response.headers.get("Content-Type")}
        log.info("%s: %s -> %d bytes", source, described, len(content))
        return Fetched(content, request)


    def _send(self, source: str, url: str, params: dict | None, headers: dict, secrets: dict,
              described: str) -> requests.Response:
        """The response, after following redirects here: credentials go only to the host they were set for."""
        host = urlsplit(url).netloc
        for _ in range(MAX_REDIRECTS + 1):
            remaining = max(self.deadline - time.monotonic(), 0.001)
            timeout = min(self.settings.timeout, remaining)
            sent = headers | (secrets if urlsplit(url).netloc == host else {})
            try:
                response = self.session.get(url, params=params, headers=sent, timeout=(timeout, timeout), stream=True,
                                            allow_redirects=False)
            except BudgetSpent as error:
                raise FetchError(f"{source}: {described}: {error}") from None
            except requests.exceptions.RequestException as error:
                if isinstance(getattr(error.args[0], "reason", None) if error.args else None,
                              urllib3.exceptions.NameResolutionError):
                    raise FetchError(f"{source}: cannot resolve {urlsplit(url).hostname} (no network, or no DNS); "
                                     "nothing was fetched") from None
                cut = timeout < self.settings.timeout  # the rest of the budget was shorter than a timeout
                budget = f" (cut to the {timeout:.2g} s left of the source's time budget)" if cut else ""
                if isinstance(error, requests.exceptions.RetryError):
                    raise FetchError(f"{source}: {described} kept failing after retries: {_reason(error)}{budget}") from None
                if isinstance(error, requests.exceptions.Timeout):
                    raise FetchError(f"{source}: {described} timed out after {timeout:g} s (and its retries){budget}") from None
                raise FetchError(f"{source}: {described} failed: {_reason(error)}{budget}") from None
            if not response.is_redirect:
                return response
            target = urljoin(response.url, response.headers["Location"])
            response.close()
            if urlsplit(target).netloc != host and secrets:
                raise FetchError(f"{source}: {described} redirected to another host ({urlsplit(target).netloc}); "
                                 "the request carries credentials, which are never sent to another host")
            url, params = target, None
        raise FetchError(f"{source}: {described} redirected more than {MAX_REDIRECTS} times")

    def _read(self, source: str, described: str, response: requests.Response) -> bytes:
        """The body, decompressed as it streams, within the request's deadline and the source's byte limit."""
        deadline = min(time.monotonic() + self.settings.request_deadline, self.deadline)
        chunks: list[bytes] = []
        while True:
            if time.monotonic() > deadline:
                raise FetchError(f"{source}: {described} did not finish its body within "
                                 f"{self.settings.request_deadline:g} s (or the source's time budget)")
            try:
                chunk = response.raw.read1(CHUNK, decode_content=True)
            except (urllib3.exceptions.ReadTimeoutError, TimeoutError):
                raise FetchError(f"{source}: {described} timed out reading its body") from None
            except urllib3.exceptions.DecodeError as error:
                raise FetchError(f"{source}: {described} sent a body that cannot be decompressed: {error}") from None
            except (urllib3.exceptions.ProtocolError, urllib3.exceptions.HTTPError, OSError) as error:
                raise FetchError(f"{source}: {described} sent a truncated body: {_reason(error)}") from None
            if not chunk:
                return b"".join(chunks)
            self.bytes_read += len(chunk)
            if self.bytes_read > self.settings.max_bytes:
                raise FetchError(f"{source}: more than {self.settings.max_bytes:,} bytes read (after decompression) "
                                 f"for one source; stopped in {described}")
            chunks.append(chunk)


def check_body(source: str, described: str, content: bytes, content_type: str, expect: str) -> None:
    """Refuse bodies that are plainly not what was asked for: empty, an HTML page served with status 200 to a
    source that is not HTML by nature (`expect='html'`), or a workbook that is no zip archive."""
    head = content[:512].lstrip().lower()
    if not content.strip():
        raise FetchError(f"{source}: {described} returned an empty body")
    is_html = "html" in content_type.lower() or head.startswith((b"<!doctype html", b"<html"))
    if expect == "html" and not is_html:
        raise FetchError(f"{source}: {described} returned {content_type or 'an unnamed type'}, not an HTML page")
    if expect != "html" and is_html:
        raise FetchError(f"{source}: {described} returned an HTML page, not {expect.upper()} (an error page served as 200?)")
    if expect == "xlsx" and not content.startswith(b"PK\x03\x04"):
        raise FetchError(f"{source}: {described} returned a body that is not a workbook (no zip header)")


def describe(url: str, params: dict | None) -> str:
    """The request as logs and errors show it: URL and parameters, which never carry secrets."""
    query = "&".join(f"{key}={value}" for key, value in (params or {}).items())
    return f"GET {url}" + (f"?{query}" if query else "")


def _reason(error: Exception) -> str:
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return str(reason or error)
