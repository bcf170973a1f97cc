"""Finding Debian's Chromium for the browser test, installing it when missing and the machine allows."""

import os
import shutil
import subprocess

import pytest

REQUIRED = "TRADEBRIEF_REQUIRE_BROWSER"  # set by .ci/run: there, a missing browser fails the test instead of skipping it
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def install_chromium() -> str:
    """apt-get install Debian's chromium; returns what went wrong, or '' when it is installed."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "installing it needs root and apt-get"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            return f"`{' '.join(command)}` failed: {done.stderr.strip()[-300:]}"
    return ""


def chromium() -> str:
    """The path of Chromium; installs it when missing, else skips (fails where TRADEBRIEF_REQUIRE_BROWSER is set)."""
    path = shutil.which("chromium")
    problem = "" if path else install_chromium()
    path = path or shutil.which("chromium")
    if path:
        return path
    message = f"the browser test needs Debian's chromium, which is not installed ({problem or 'not found after install'})"
    if os.environ.get(REQUIRED):
        pytest.fail(message)
    pytest.skip(message)
