"""The one helper behind the tests that need LibreOffice or Chromium: skip on a developer's
machine without them, fail in CI where they must have been installed."""
import pytest

from tests.conftest import require_tool


def test_found_tool_is_returned(monkeypatch):
    monkeypatch.setenv("FAKE_TOOL_PATH", "/opt/tool")
    assert require_tool("FAKE_TOOL_PATH", "no-such-program-xyz", what="x") == "/opt/tool"


def test_missing_tool_skips_locally_and_fails_in_ci(monkeypatch):
    monkeypatch.delenv("CDS_REQUIRE_TOOLS", raising=False)
    with pytest.raises(pytest.skip.Exception, match="không có"):
        require_tool("no-such-program-xyz", what="không có công cụ")
    monkeypatch.setenv("CDS_REQUIRE_TOOLS", "1")
    with pytest.raises(pytest.fail.Exception, match="CDS_REQUIRE_TOOLS"):
        require_tool("no-such-program-xyz", what="không có công cụ")
