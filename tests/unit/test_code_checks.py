"""Static checks of our own code: no unused import, undefined name or syntax error slips in."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_pyflakes_rules_pass():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F,E9", "--line-length", "130",
                             "lsk_learn", "tests", "bench", "app.py"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
