"""The portal is drawn with the GOV.UK Design System (and MoJ Frontend) alone: no template or form
widget uses a Bootstrap class, and npm installs no Bootstrap."""

import json
import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
APPS = [Path(settings.BASE_DIR) / app for app in ("hubportal", "participants", "programmes", "appropriate_body", "registration", "demo")]

# Bootstrap 5's own class names and utility patterns (none of them is a GOV.UK, MoJ or portal class).
BOOTSTRAP = re.compile(
    r"^("
    r"btn(-.+)?|col(-.+)?|row|g[xy]?-\d|container(-.+)?|card(-.+)?|badge|alert(-.+)?|table(-.+)?"
    r"|form-(control|select|check|check-.+|label|text|floating|range|switch)|input-group(-.+)?|is-(in)?valid|(in)?valid-feedback"
    r"|d-.+|[mp][trblxyse]?-(\d|auto|n\d)|gap-\d|flex-.+|justify-content-.+|align-(items|self|content)-.+"
    r"|text-(muted|start|end|center|danger|success|warning|info|secondary|primary|body|dark|light|white|nowrap|truncate|wrap|break)"
    r"|fw-.+|fs-\d|lead|small|display-\d|h[1-6]|list-unstyled|list-inline(-item)?|list-group(-.+)?"
    r"|visually-hidden(-focusable)?|bg-.+|border(-.+)?|rounded(-.+)?|shadow(-.+)?|w-\d+|h-\d+|mw-100|vh-100"
    r"|float-.+|clearfix|img-fluid|img-thumbnail|stretched-link|sticky-top|fixed-top|position-.+|opacity-\d+"
    r"|navbar(-.+)?|nav|nav-(item|link|tabs|pills)|dropdown(-.+)?|modal(-.+)?|collapse|collapsing|show|fade"
    r"|breadcrumb(-item)?|pagination|page-(item|link)|progress(-bar)?|spinner-.+|placeholder|tooltip|popover"
    r"|link-(primary|secondary|dark|light|underline.*|offset.*)|ratio(-.+)?|vstack|hstack|accordion(-.+)?"
    r")$"
)
CLASS_ATTRIBUTE = re.compile(r'class="([^"{}]*)"')
PYTHON_CLASS = re.compile(r'["\']class["\']\s*:\s*["\']([^"\']*)["\']')


def bootstrap_classes(text: str, pattern: re.Pattern) -> set[str]:
    return {name for value in pattern.findall(text) for name in value.split() if BOOTSTRAP.match(name)}


def test_no_template_uses_a_bootstrap_class():
    found = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        if names := bootstrap_classes(path.read_text(encoding="utf-8"), CLASS_ATTRIBUTE):
            found[str(path.relative_to(TEMPLATES))] = sorted(names)
    assert found == {}


def test_no_form_widget_uses_a_bootstrap_class():
    found = {}
    for app in APPS:
        for path in sorted(app.rglob("*.py")):
            if "tests" in path.parts:
                continue
            if names := bootstrap_classes(path.read_text(encoding="utf-8"), PYTHON_CLASS):
                found[str(path.relative_to(settings.BASE_DIR))] = sorted(names)
    assert found == {}


def test_the_check_finds_bootstrap_where_it_is():
    """The patterns above catch Bootstrap's markup, and leave GOV.UK's and MoJ's alone."""
    html = '<div class="row"><a class="btn btn-primary mb-3" href="/">Go</a><p class="text-muted small">x</p></div>'
    assert bootstrap_classes(html, CLASS_ATTRIBUTE) == {"row", "btn", "btn-primary", "mb-3", "text-muted", "small"}
    gds = ('<div class="govuk-grid-row"><a class="govuk-button govuk-!-margin-bottom-3" href="/">Go</a>'
           '<nav class="moj-sub-navigation"></nav><div class="app-table-scroll"></div></div>')
    assert bootstrap_classes(gds, CLASS_ATTRIBUTE) == set()
    assert bootstrap_classes('attrs={"class": "form-control"}', PYTHON_CLASS) == {"form-control"}


def test_npm_installs_no_bootstrap():
    package = json.loads((Path(settings.BASE_DIR) / "package.json").read_text())
    names = {*package.get("dependencies", {}), *package.get("devDependencies", {})}
    assert "bootstrap" not in names
    assert {"govuk-frontend", "@ministryofjustice/frontend", "accessible-autocomplete"} <= names
    lock = json.loads((Path(settings.BASE_DIR) / "package-lock.json").read_text())
    assert "node_modules/bootstrap" not in lock["packages"]


def test_govuk_frontend_is_a_release_crispy_forms_gds_supports():
    """crispy-forms-gds 2.x supports GOV.UK Frontend 5.0 to 5.8; settings name the pinned release."""
    package = json.loads((Path(settings.BASE_DIR) / "package.json").read_text())
    pinned = package["dependencies"]["govuk-frontend"]
    major, minor, _ = (int(part) for part in pinned.split("."))
    assert (major, minor) >= (5, 0) and (major, minor) <= (5, 8)
    assert settings.CRISPY_GDS_FRONTEND_VERSION == pinned
    assert settings.CRISPY_TEMPLATE_PACK == "gds"
