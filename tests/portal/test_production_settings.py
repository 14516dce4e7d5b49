"""The production settings pass Django's deployment checks and can reach PostgreSQL."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_manage(*args, **extra_env):
    """``manage.py`` with the production settings and only the given configuration."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DB_", "ALLOW_SQLITE"))}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="directory.example.org",
        DB_ENGINE="postgresql",
        DB_HOST="127.0.0.1",
    )
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_the_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_hsts_subdomains_and_preload_can_be_turned_off():
    result = run_manage("check", "--deploy", DJANGO_HSTS_INCLUDE_SUBDOMAINS="0", DJANGO_HSTS_PRELOAD="0")
    output = result.stdout + result.stderr
    assert "security.W005" in output and "security.W021" in output


def test_the_production_settings_refuse_the_development_secret_key():
    result = run_manage("check", DJANGO_SECRET_KEY="insecure-local-development-key-change-me")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_the_postgresql_driver_is_installed():
    """``psycopg`` is pinned in requirements.txt: DB_ENGINE=postgresql needs no hand install."""
    from django.db.backends.postgresql import base

    assert base.is_psycopg3
