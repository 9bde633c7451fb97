"""JUnit XML for CI: a testcase per release and check; a failed gate is a failure naming the release and figure."""

from __future__ import annotations

import re

from ..formats.tmx import escape as _escape
from ..formats.tmx import quoteattr as _quoteattr
from .gates import reported_checks
from .model import RunReport

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """Character data that is always valid XML: characters XML cannot carry become U+FFFD."""
    return _escape(_NOT_XML.sub("\ufffd", text))


def quoteattr(text: str) -> str:
    return _quoteattr(_NOT_XML.sub("\ufffd", text))


def render_junit(report: RunReport) -> str:
    failures = {(f.release, f.check): f for f in report.gate_failures}
    cases = []
    checks = reported_checks()
    for r in report.releases:
        for gate in checks:
            if not gate.applies(r):
                continue
            f = failures.get((r.id, gate.name))
            body = f"<system-out>{escape(gate.figure(r))}</system-out>"
            if f:
                body = f'<failure message={quoteattr(f.message)} type="gate">{escape(f.message)}</failure>' + body
            cases.append(
                f"    <testcase classname={quoteattr('aligner.' + r.id)} name={quoteattr(gate.name)}>{body}</testcase>"
            )
    n_fail = len(failures)
    head = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="aligner" tests="{len(cases)}" '
        f'failures="{n_fail}">\n  <testsuite name="aligner run" tests="{len(cases)}" failures="{n_fail}" '
        f'errors="0" skipped="0">\n'
    )
    return head + "\n".join(cases) + "\n  </testsuite>\n</testsuites>\n"
