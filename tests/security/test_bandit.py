"""bandit, the static security analyser, finds no high-severity issue in the project's code."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def bandit(target: Path | str, *extra: str) -> dict:
    command = [sys.executable, "-m", "bandit", "-c", str(ROOT / "pyproject.toml"), "-r", "-q"]
    result = subprocess.run(
        [*command, "-f", "json", *extra, str(target)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    return json.loads(result.stdout)


def test_no_high_severity_issue():
    report = bandit(".")  # relative, so that exclude_dirs in pyproject.toml match
    scanned = {Path(name).as_posix() for name in report["metrics"] if name != "_totals"}
    assert "assembly/settings.py" in scanned, "bandit scanned nothing of the project"
    assert not any(name.startswith((".venv/", "tests/", "node_modules/")) for name in scanned)
    high = [
        f"{issue['filename']}:{issue['line_number']} {issue['test_id']} {issue['issue_text']}"
        for issue in report["results"]
        if issue["issue_severity"] == "HIGH"
    ]
    assert high == [], "\n".join(high)


def test_the_gate_sees_a_high_severity_issue(tmp_path):
    """The same command on a known-bad module reports it: the gate above is not blind."""
    (tmp_path / "bad.py").write_text(
        "import subprocess\n\ndef run(name):\n    subprocess.call('ls ' + name, shell=True)\n"
    )
    report = bandit(tmp_path)
    assert "HIGH" in [issue["issue_severity"] for issue in report["results"]]
