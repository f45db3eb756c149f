"""``python app.py`` / ``assistant serve``: clear errors, and a real start that serves the page."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def env_for(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(data_dir),
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_OFFLINE": "1",
        "NO_PROXY": "127.0.0.1,localhost",
    }


@pytest.mark.parametrize(
    "command", [[sys.executable, "app.py"], [sys.executable, "-m", "assistant", "serve"]]
)
def test_missing_index_is_one_clear_line(command: list[str], tmp_path: Path) -> None:
    done = subprocess.run(
        [*command, "--index", str(tmp_path / "nope"), "--port", "1"],
        cwd=REPO,
        env=env_for(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "no index at" in done.stderr and "index build" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_app_py_serves_the_page_and_demo_images(
    demo_index_dir: Path, demo_dir: Path, tmp_path: Path
) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    image = sorted((demo_dir / "images").glob("*.svg"))[0].resolve()
    command = [sys.executable, "app.py", "--index", str(demo_index_dir), "--port", str(port)]
    app = subprocess.Popen(
        [*command, "--demo", str(demo_dir)],
        cwd=REPO,
        env=env_for(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        page = ""
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and app.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as resp:
                    page = resp.read().decode()
                break
            except OSError:
                time.sleep(1)
        assert app.poll() is None, app.stderr.read() if app.stderr else ""
        assert "Shopping assistant" in page
        url = f"http://127.0.0.1:{port}/gradio_api/file={image}"
        with urllib.request.urlopen(url, timeout=10) as resp:
            assert b"<svg" in resp.read()
        outside = f"http://127.0.0.1:{port}/gradio_api/file={REPO / 'pyproject.toml'}"
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(outside, timeout=10)
    finally:
        app.terminate()
        app.wait(timeout=30)
