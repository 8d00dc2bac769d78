"""axe-core in the page under test: zero violations of WCAG 2.1 A and AA.

`assert_no_axe_violations(page, label)` injects the vendored axe-core (tests/vendor/axe-core,
see its README), runs it on the whole document and fails with a readable list of what is
wrong: the rule, its impact, the WCAG tags, the help link and, for every failing element, its
selector, HTML and axe's own explanation.

The site's Content-Security-Policy allows only same-origin script files, so
`page.add_script_tag` (an inline <script>) is refused by the browser, as it should be. The file
is instead evaluated through the DevTools protocol (`page.evaluate(source)`), which the page's
CSP does not govern: nothing is relaxed for the tests and the page is tested as users get it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

AXE_PATH = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def _axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """Run axe on the page as it is now and return its violations (WCAG 2.1 A and AA)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        """async (tags) => {
            const r = await window.axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
                nodes: v.nodes.map(n => ({
                    target: n.target.join(' '), html: n.html.slice(0, 300),
                    summary: n.failureSummary,
                })),
            }));
        }""",
        WCAG_TAGS,
    )
    return result


def format_violations(violations: list[dict], label: str, url: str) -> str:
    lines = [f"{len(violations)} axe violation(s) on {label} ({url}):"]
    for v in violations:
        tags = ", ".join(t for t in v["tags"] if t.startswith("wcag"))
        lines.append(f"\n- [{v['impact']}] {v['id']}: {v['help']} ({tags})\n  {v['helpUrl']}")
        for node in v["nodes"][:8]:
            lines.append(f"    at {node['target']}\n      {node['html']}")
            for reason in (node["summary"] or "").splitlines():
                lines.append(f"      | {reason}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def assert_no_axe_violations(page, label: str = "") -> None:
    page.wait_for_load_state("load")
    violations = axe_violations(page)
    if violations:
        message = format_violations(violations, label or page.url, page.url)
        print(message)  # noqa: T201 - visible in the pytest output as well as the assertion
        raise AssertionError(message)
