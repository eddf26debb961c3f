"""axe-core in the browser tests: every page a test reaches is checked for WCAG 2.2 A and AA.

The page fixture (conftest.py) checks each page as the test leaves it (when the browser asks for the
next document, the page it is leaving is still there to check) and the last page when the test ends.
"""

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join(", ")}`);
}"""
_source: str | None = None


def axe_source() -> str:
    global _source
    if _source is None:
        assert AXE.exists(), "axe-core is installed by `make setup` (package.json's devDependencies)"
        _source = AXE.read_text(encoding="utf-8")
    return _source


def violations(page) -> list[str]:
    """WCAG 2.2 A and AA violations, of any impact, on the page as it is now."""
    if not page.url.startswith("http"):
        return []
    # Evaluated through the browser's debugging protocol, so the page's content security policy allows it.
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(RUN, WCAG_22_AA)
