"""Run axe-core (built into static/vendor by scripts/build-static) in a Playwright page."""
import pathlib

import pytest

AXE_PATH = pathlib.Path(__file__).resolve().parents[1] / "static" / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def serious_violations(page, name=""):
    """Serious and critical axe-core violations on the page (WCAG 2.0–2.2 A and AA rules)."""
    if not AXE_PATH.is_file():
        pytest.fail(f"{AXE_PATH} is missing: run scripts/build-static.", pytrace=False)
    page.add_script_tag(path=str(AXE_PATH))
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags},
            resultTypes: ['violations'],
        })""",
        WCAG_TAGS,
    )
    return [
        {
            "page": name, "id": v["id"], "impact": v["impact"], "help": v["help"],
            "nodes": [node["target"] for node in v["nodes"]][:5],
            "summary": v["nodes"][0].get("failureSummary", "") if v["nodes"] else "",
        }
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
