import subprocess
import sys

SCRIPT = """
import logging
from assistant.logs import configure_logging
configure_logging(logging.WARNING)
import bm25s  # sets its own logger to DEBUG on import
logging.getLogger("bm25s").debug("debug-line")
logging.getLogger("bm25s").warning("warning-line")
"""


def test_library_debug_records_stay_out_of_stderr() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=True
    )
    assert "WARNING bm25s: warning-line" in done.stderr
    assert "debug-line" not in done.stderr
