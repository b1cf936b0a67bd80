"""The Flask app factory: the web door into the domain."""

from __future__ import annotations

from flask import Flask, make_response, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from letters_app.config import PROJECT_ROOT, Config
from letters_app.services import Services
from letters_app.web import (
    converters,
    db,
    headers,
    input_guard,
    log_redaction,
    rate_limits,
    request_id,
)
from letters_app.web.errors import http_json_error, with_error_headers
from letters_app.web.extensions import csrf, limiter, login_manager


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "letters_app" / "static"),
        instance_path=str(config.instance_dir),
    )
    app.config.update(
        SECRET_KEY=config.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.session_cookie_secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=config.session_cookie_secure,
        MAX_CONTENT_LENGTH=256 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # a long order form must not expire under the writer's hands
        RATELIMIT_STORAGE_URI=config.ratelimit_storage_url,
        RATELIMIT_HEADERS_ENABLED=True,
    )
    services = Services.create(config)
    app.extensions["letters"] = services
    if config.trusted_proxy_hops:
        # Behind a proxy, the client's address (rate limits) and https (secure cookies) come
        # from its headers; trusted only for the configured number of hops.
        hops = config.trusted_proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    converters.init_app(app)
    input_guard.init_app(app)
    csrf.init_app(app)  # before the limiter: requests refused for CSRF are not counted
    limiter.init_app(app)
    login_manager.init_app(app)
    db.init_app(app)
    request_id.init_app(app)

    from letters_app.web.admin import bp as admin_bp
    from letters_app.web.api import blueprints as api_blueprints
    from letters_app.web.api.reference import bp as api_reference_bp
    from letters_app.web.api.spec import PREFIX, init_api
    from letters_app.web.auth import bp as auth_bp
    from letters_app.web.customer import bp as customer_bp
    from letters_app.web.staff import bp as staff_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(customer_bp)
    app.register_blueprint(staff_bp, url_prefix="/staff")
    api_bps = api_blueprints()
    for blueprint in api_bps:
        rate_limits.limit_api(blueprint)
    init_api(app, api_bps)  # registers the `id` URL converter the admin area uses too
    app.register_blueprint(api_reference_bp, url_prefix=PREFIX)
    app.register_blueprint(admin_bp, url_prefix="/admin")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        if request.path.startswith("/api/"):  # machine clients get JSON, never a web page
            return http_json_error(error)
        page = make_response(render_template("error.html", error=error), error.code or 500)
        return with_error_headers(page, error)

    headers.init_app(app, production=config.env == "production")
    log_redaction.init_app(app, config.secret_key)
    return app
