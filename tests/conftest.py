import os

import pytest
from hypothesis import settings

from tests.helpers.shop import Shop, build_template, open_shop

os.environ.pop("POS_KEY_FILE", None)
os.environ.pop("POS_DB", None)
# Qt widgets are tested without a display (tests/terminal/ui, the startup benchmark).
os.environ["QT_QPA_PLATFORM"] = "offscreen"

# CI explores the same examples on every run, so a landing never depends on luck; local
# runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "template.db"
    build_template(path)
    return path


@pytest.fixture
def shop(template_db, tmp_path) -> Shop:
    shop = open_shop(template_db, tmp_path / "shop.db")
    yield shop
    shop.svc.close()
