"""The toolkit's one error type travels whole between processes and never becomes a traceback."""
from __future__ import annotations

import pickle

from publisher.cli import main
from publisher.errors import EXIT_FINDINGS, EXIT_INTERNAL, PublisherError
from publisher.findings import Finding


def test_an_error_survives_pickling_with_its_findings_and_exit_code():
    error = PublisherError(Finding("x.yaml", 3, 1, "review.state", "unknown", "states.unknown-name"),
                           exit_code=EXIT_FINDINGS)
    copy = pickle.loads(pickle.dumps(error))
    assert copy.findings == error.findings and copy.exit_code == EXIT_FINDINGS


def test_an_unexpected_failure_is_one_line_and_exit_3(monkeypatch, capsys):
    def broken(arguments):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("publisher.cli.run_validate", broken)
    monkeypatch.delenv("PUBLISHER_DEBUG", raising=False)
    parser_main = main(["validate", "whatever.yaml"])
    assert parser_main == EXIT_INTERNAL
    error = capsys.readouterr().err
    assert error.startswith("publisher: internal error: ZeroDivisionError: a bug") and "Traceback" not in error
