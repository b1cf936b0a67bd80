"""Security headers on every response, pages, files, errors and API alike."""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",  # an injected <base> cannot redirect relative links and scripts
    "form-action 'self'",  # an injected form cannot post a password elsewhere
    "frame-ancestors 'none'",  # no clickjacking: nobody may frame us
])
HSTS = "max-age=31536000; includeSubDomains"


def init_app(app: Flask, *, production: bool) -> None:
    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if production:  # browsers remember it for a year: only where https is certain
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response
