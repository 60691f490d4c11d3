"""Configuration: Vietnamese first, production settings that refuse to start unsafe."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-key-%$#",
    "DJANGO_ALLOWED_HOSTS": "congdoan.example.edu.vn",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unionportal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_language_and_time_zone_are_vietnamese():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ


@pytest.mark.django_db
def test_english_browser_still_gets_vietnamese(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "vi"
    assert "Bỏ qua, đến nội dung chính" in response.text


@pytest.mark.django_db
def test_chosen_language_cookie_switches_to_english(client):
    response = client.get("/ngon-ngu/en/", {"next": "/cdcs/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/cdcs/"
    response = client.get("/")
    assert response.headers["Content-Language"] == "en"
    assert "Skip to main content" in response.text


def test_language_switch_never_redirects_off_site(client):
    response = client.get("/ngon-ngu/en/", {"next": "https://evil.example.com/"})
    assert response.headers["Location"] == "/"
    response = client.get("/ngon-ngu/xx/")
    assert "lang" not in response.cookies


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy


@pytest.mark.parametrize("missing", sorted(set(PRODUCTION_ENV) - {"DJANGO_ENV"}))
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr
    assert "Production settings need" in result.stderr


def test_production_check_deploy_is_clean():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_unknown_django_env_is_refused_with_a_clear_message():
    result = manage("check", env={"DJANGO_ENV": "staging"})
    assert result.returncode != 0
    assert "DJANGO_ENV='staging'" in result.stderr


@pytest.mark.django_db
def test_every_page_is_served_in_nfc(client):
    import unicodedata

    text = client.get("/").text
    assert unicodedata.is_normalized("NFC", text)
