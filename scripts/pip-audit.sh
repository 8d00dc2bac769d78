#!/usr/bin/env bash
# Audit the installed Python packages for known vulnerabilities (pip-audit against PyPI's
# advisory data). Where the service cannot be reached - offline, or a mirror that does not
# know the packages - print "pip-audit skipped: <reason>" and succeed; a real finding fails.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN="${BIN:-.venv/bin}"

if ! "$BIN/python" -m pip_audit --version >/dev/null 2>&1; then
    echo "pip-audit skipped: pip-audit is not installed in $BIN"
    exit 0
fi

report=$(mktemp)
errors=$(mktemp)
trap 'rm -f "$report" "$errors"' EXIT
"$BIN/python" -m pip_audit --progress-spinner off --skip-editable --timeout 20 \
    --format json --output "$report" 2>"$errors"
status=$?

"$BIN/python" - "$report" "$errors" "$status" <<'PY'
import json
import sys

report_path, errors_path, status = sys.argv[1], sys.argv[2], int(sys.argv[3])
errors = open(errors_path, encoding="utf-8", errors="replace").read()
try:
    report = json.load(open(report_path, encoding="utf-8"))
except (OSError, ValueError):
    report = None

if report is None:
    # No report at all: pip-audit could not talk to its service (or failed to run).
    lowered = errors.lower()
    network = ("connection", "timeout", "timed out", "resolution", "unreachable", "ssl",
               "max retries", "service")
    if status != 0 and any(word in lowered for word in network):
        last = errors.strip().splitlines()[-1] if errors.strip() else "no answer"
        print(f"pip-audit skipped: the vulnerability service could not be reached ({last})")
        sys.exit(0)
    sys.stderr.write(errors)
    sys.exit(status or 1)

deps = report.get("dependencies", [])
vulnerable = [d for d in deps if d.get("vulns")]
audited = [d for d in deps if "skip_reason" not in d]
for dep in vulnerable:
    for vuln in dep["vulns"]:
        fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
        print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in: {fixes})")
if vulnerable:
    sys.exit(1)
if not audited:
    print(
        f"pip-audit skipped: the service answered for none of the {len(deps)} packages "
        "(offline or a mirror without advisory data)"
    )
    sys.exit(0)
print(f"pip-audit: {len(audited)} packages audited, no known vulnerabilities")
PY
