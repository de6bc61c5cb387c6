"""What every page the journeys visit must pass: axe-core (WCAG 2.1 A and AA) in the page, and the
Nu HTML Checker on its HTML afterwards. Screenshots go to test-artifacts/ (not committed)."""
import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "test-artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class PageChecker:
    def __init__(self, journey: str):
        self.journey = journey
        self.count = 0
        self.axe_problems: list[str] = []
        self.html_dir = ARTIFACTS / "html" / journey
        self.shot_dir = ARTIFACTS / "screenshots"
        shutil.rmtree(self.html_dir, ignore_errors=True)
        self.html_dir.mkdir(parents=True, exist_ok=True)
        self.shot_dir.mkdir(parents=True, exist_ok=True)

    def check(self, page, name: str) -> None:
        """Run axe on the page as it is now, keep its HTML and a screenshot."""
        page.wait_for_load_state("load")
        self.count += 1
        label = f"{self.count:02d}-{name}"
        html = page.content()  # before axe is injected, so the checker sees only the app's markup
        (self.html_dir / f"{label}.html").write_text(html if html.lower().startswith("<!doctype") else "<!DOCTYPE html>\n" + html)
        script = page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations", AXE_TAGS)
        for v in violations:
            targets = "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            self.axe_problems.append(f"{label} ({page.url}): {v['id']} – {v['help']} – {targets}")
        script.evaluate("tag => tag.remove()")  # a page its script changes in place is checked again later
        page.screenshot(path=str(self.shot_dir / f"{self.journey}-{label}.png"), full_page=True)

    def html_errors(self) -> list[str]:
        """Nu HTML Checker errors in every page kept so far."""
        files = sorted(self.html_dir.glob("*.html"))
        if not files:
            return []
        result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                                capture_output=True, text=True, timeout=300)
        messages = json.loads(result.stderr or "{}").get("messages", [])
        return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')} [{m.get('extract', '').strip()[:80]}]"
                for m in messages if m.get("type") == "error"]
