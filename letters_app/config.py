"""All configuration, read from environment variables in one place, with safe defaults.

The embedded default needs nothing installed: a SQLite file and a storage folder in the instance
folder, Celery tasks run in-process. Production sets DATABASE_URL, CELERY_BROKER_URL and
SECRET_KEY (required there).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from limits import parse_many

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message names the variable."""


def _env_bool(environ: dict[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(environ: dict[str, str], name: str, default: int) -> int:
    raw = (environ.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ConfigError(f"{name} must be a whole number, not {raw!r}")
    return int(raw)


@dataclass(frozen=True)
class Config:
    env: str
    instance_dir: Path
    database_url: str
    # Where blobs live: file:///a/folder (the default: the instance folder's storage/, or
    # STORAGE_DIR) or s3://bucket/prefix. S3 credentials left unset come from boto3's chain.
    storage_url: str
    s3_endpoint_url: str | None
    s3_region: str | None
    s3_access_key_id: str | None
    s3_secret_access_key: str | None
    secret_key: str
    celery_broker_url: str | None
    celery_result_backend: str | None
    # Prefix of the broker's queue names (<prefix>.renders, .drafts, .mail); tests use their own.
    celery_queue: str
    # Seconds before the broker redelivers an unacknowledged message; must outlast the longest
    # render plus the longest retry countdown, or a slow job would run twice.
    celery_visibility_timeout: int
    # How long a letter may sit in a system-owned status before the sweep re-queues its work.
    sweep_stuck_after: timedelta
    # A writer's claim with no save for this long returns the letter to the queue.
    claim_expires_after: timedelta
    # A yearly letter's brief is made this many days before its date, for the customer to add
    # this year's memories.
    recurring_lead_days: int
    ratelimit_storage_url: str
    login_rate_limit: str
    signup_rate_limit: str  # sign-ups per client address
    reset_rate_limit: str  # password-reset emails per address asked for
    api_rate_limit: str  # API requests per token
    session_cookie_secure: bool
    # Engine drafts go straight to the customer's proof unless staff review is required.
    auto_release_engine_drafts: bool
    # How many reverse proxies in front of the app set X-Forwarded-For/-Proto (0: none).
    trusted_proxy_hops: int
    # Customer emails: smtp://[user:password@]host[:port] (smtps:// for TLS, or
    # smtp+starttls://); unset, each email is written to the instance folder's mail/ instead.
    mail_url: str | None
    mail_from: str
    site_url: str  # the public address, for links in emails
    # Webhooks to loopback and private networks: for development and the tests' receivers;
    # production sends only to public addresses (domain/webhook_targets.py).
    webhook_allow_private: bool

    @property
    def tasks_in_process(self) -> bool:
        """No broker configured: tasks run eagerly in the calling process."""
        return not self.celery_broker_url

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Config:
        env_vars = dict(os.environ if environ is None else environ)
        env = env_vars.get("LETTERS_ENV", "development").strip().lower()
        instance_dir = Path(env_vars.get("INSTANCE_DIR") or PROJECT_ROOT / "instance").resolve()
        database_url = env_vars.get("DATABASE_URL") or f"sqlite:///{instance_dir / 'letters.db'}"
        broker = env_vars.get("CELERY_BROKER_URL") or None
        secret_key = _secret_key(env, env_vars, instance_dir)
        if env == "production":
            # The embedded defaults are for one person's laptop, never for a real service;
            # an in-memory limiter would count per gunicorn worker, not per site.
            for name in ("DATABASE_URL", "CELERY_BROKER_URL", "RATELIMIT_STORAGE_URL"):
                if not env_vars.get(name):
                    raise ConfigError(f"{name} must be set when LETTERS_ENV=production")
        limits = {name: _rate_limit(env_vars, name, default) for name, default in {
            "LOGIN_RATE_LIMIT": "5 per minute", "SIGNUP_RATE_LIMIT": "10 per hour",
            "RESET_RATE_LIMIT": "3 per hour", "API_RATE_LIMIT": "600 per minute"}.items()}
        return cls(
            env=env,
            instance_dir=instance_dir,
            database_url=database_url,
            storage_url=_storage_url(env_vars, instance_dir),
            s3_endpoint_url=env_vars.get("S3_ENDPOINT_URL") or None,
            s3_region=env_vars.get("S3_REGION") or None,
            s3_access_key_id=env_vars.get("AWS_ACCESS_KEY_ID") or None,
            s3_secret_access_key=env_vars.get("AWS_SECRET_ACCESS_KEY") or None,
            secret_key=secret_key,
            celery_broker_url=broker,
            celery_result_backend=env_vars.get("CELERY_RESULT_BACKEND") or broker,
            celery_queue=env_vars.get("CELERY_QUEUE") or "letters",
            celery_visibility_timeout=_env_int(env_vars, "CELERY_VISIBILITY_TIMEOUT", 3600),
            sweep_stuck_after=timedelta(seconds=_env_int(env_vars, "SWEEP_STUCK_AFTER", 600)),
            claim_expires_after=timedelta(
                seconds=_env_int(env_vars, "CLAIM_EXPIRES_AFTER", 4 * 3600)),
            recurring_lead_days=_env_int(env_vars, "RECURRING_LEAD_DAYS", 21),
            ratelimit_storage_url=env_vars.get("RATELIMIT_STORAGE_URL") or "memory://",
            login_rate_limit=limits["LOGIN_RATE_LIMIT"],
            signup_rate_limit=limits["SIGNUP_RATE_LIMIT"],
            reset_rate_limit=limits["RESET_RATE_LIMIT"],
            api_rate_limit=limits["API_RATE_LIMIT"],
            session_cookie_secure=_env_bool(env_vars, "SESSION_COOKIE_SECURE", env == "production"),
            auto_release_engine_drafts=_env_bool(env_vars, "AUTO_RELEASE_ENGINE_DRAFTS", True),
            trusted_proxy_hops=_env_int(env_vars, "TRUSTED_PROXY_HOPS", 0),
            mail_url=env_vars.get("MAIL_URL") or None,
            mail_from=env_vars.get("MAIL_FROM")
            or "Beautiful Handwritten Letters <letters@localhost>",
            site_url=(env_vars.get("SITE_URL") or "http://127.0.0.1:5000").rstrip("/"),
            webhook_allow_private=_env_bool(env_vars, "WEBHOOK_ALLOW_PRIVATE",
                                            env != "production"),
        )


def _rate_limit(env_vars: dict[str, str], name: str, default: str) -> str:
    value = env_vars.get(name) or default
    try:
        parse_many(value)
    except ValueError as err:
        raise ConfigError(f"{name} is not a rate limit ({err}); "
                          "write it like '5 per minute'") from err
    return value


def _storage_url(env_vars: dict[str, str], instance_dir: Path) -> str:
    url = (env_vars.get("STORAGE_URL") or "").strip()
    if not url:
        return Path(env_vars.get("STORAGE_DIR") or instance_dir / "storage").resolve().as_uri()
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.netloc in {"", "localhost"} and parts.path.startswith("/"):
        return url
    if parts.scheme == "s3" and len(parts.netloc) >= 3 and not parts.query:
        return url
    raise ConfigError(f"STORAGE_URL must look like file:///absolute/folder or "
                      f"s3://bucket/optional-prefix, not {url!r}")


def _secret_key(env: str, env_vars: dict[str, str], instance_dir: Path) -> str:
    key = env_vars.get("SECRET_KEY")
    if key:
        return key
    if env == "production":
        raise ConfigError("SECRET_KEY must be set when LETTERS_ENV=production")
    # Development: generate once and keep it, so sessions survive restarts.
    key_file = instance_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key
