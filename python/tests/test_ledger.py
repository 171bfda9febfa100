"""The signed ledger from Python: keys, appends, verification, tampering."""

from __future__ import annotations

import portcullis


def test_ledger_records_and_verifies(tmp_path):
    keys = portcullis.Ledger.keygen(tmp_path)
    assert (tmp_path / "ledger.key").stat().st_mode & 0o077 == 0
    path = tmp_path / "decisions.jsonl"
    with portcullis.Guard.from_file("builtin:coding-agent", ledger=path, key=keys.private_key) as g:
        assert g.has_ledger
        d1 = g.check("Bash", {"command": "ls"})
        d2 = g.check("Bash", {"command": "rm -rf /"})
        assert d1.ledger["seq"] + 1 == d2.ledger["seq"]
        assert d2.ledger["key_id"] == keys.key_id

        @g.tool(name="Bash")
        def run(command: str) -> str:
            return "AKIAIOSFODNN7EXAMPLF"

        run("echo hi")  # pre decision + result check: two more entries
    report = portcullis.Ledger.verify(path, keys.public_key)
    assert report.ok and bool(report), report
    assert report.entries == 4 and keys.key_id in report.key_ids
    assert "AKIAIOSFODNN7EXAMPLF" not in path.read_text()

    # Key text works as well as a key file.
    assert portcullis.Ledger.verify(path, [open(keys.public_key).read()]).ok

    text = path.read_text()
    path.write_text(text.replace('"rm -rf /"', '"rm -rf /tmp"', 1))
    bad = portcullis.Ledger.verify(path, keys.public_key)
    assert not bad.ok and bad.failure is not None


def test_wrong_key_fails_and_missing_key_raises(tmp_path):
    a = portcullis.Ledger.keygen(tmp_path, "a")
    b = portcullis.Ledger.keygen(tmp_path, "b")
    path = tmp_path / "l.jsonl"
    g = portcullis.Guard.from_file("builtin:coding-agent", ledger=path, key=a.private_key)
    g.check("Bash", {"command": "ls"})
    g.flush()
    assert not portcullis.Ledger.verify(path, b.public_key).ok
    try:
        portcullis.Ledger.verify(path, tmp_path / "nope.pub")
    except portcullis.LedgerError as e:
        assert e.code == "key_io"
    else:
        raise AssertionError("a missing key must raise")
