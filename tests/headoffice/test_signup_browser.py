"""The self sign-up page in a real browser (Debian's Chromium, headless, phone-sized):
a member fills the form and head office publishes them for the terminal that showed the
QR code."""

import os
import time
import uuid
from pathlib import Path

import pytest

from terminal.domain.errors import PosError
from tests.helpers.headoffice import database_url
from tests.helpers.sync_kit import live_head_office, new_terminal

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=390,844",
    "--lang=zh-CN",
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="Chromium and chromedriver not installed (apt: chromium chromium-driver)",
    ),
]


@pytest.fixture
def browser(tmp_path, monkeypatch):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_OFFLINE", "true")  # never let Selenium fetch a driver
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def test_a_member_signs_up_on_their_phone_and_appears_at_the_counter(
    browser, tmp_path, clock, template_db
):
    """The terminal asks head office for a QR token, the member signs up in Chromium,
    and the terminal's background sync brings the member to the counter within seconds."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    with (
        database_url("sqlite", tmp_path) as (url, schema),
        live_head_office(url, schema, tmp_path, clock) as live,
    ):
        till = new_terminal(live, template_db, tmp_path, 1, "till", clock=clock)
        try:
            till.runner.start()
            browser.get(till.runner.client.signup_link())
            assert "会员注册" in browser.title
            phone = f"139{uuid.uuid4().int % 10**8:08d}"
            browser.find_element(By.ID, "name").send_keys("周杰")
            browser.find_element(By.ID, "phone").send_keys("12345")
            browser.find_element(By.ID, "consent").click()
            browser.find_element(By.ID, "submit").click()
            message = browser.find_element(By.ID, "message")
            WebDriverWait(browser, 10).until(lambda _d: "error" in message.get_attribute("class"))
            assert "手机号码" in message.text  # the server's answer, shown on the page
            field = browser.find_element(By.ID, "phone")
            field.clear()
            field.send_keys(phone)
            birthday = browser.find_element(By.ID, "birthday")
            browser.execute_script("arguments[0].value = '1995-08-08'", birthday)
            browser.find_element(By.ID, "submit").click()
            WebDriverWait(browser, 10).until(
                ec.text_to_be_present_in_element((By.ID, "message"), "提交成功")
            )
            submitted = time.monotonic()
            logged = [entry["message"] for entry in browser.get_log("browser")]
            assert not [line for line in logged if "Content Security" in line]
            shot = Path(os.environ.get("POS_SCREENSHOTS", tmp_path)) / "signup-page-done.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            shot.write_bytes(browser.get_screenshot_as_png())

            found = live.ho.lookup(phone)
            assert found.member is not None and found.member.name == "周杰"
            assert found.member.birthday == "1995-08-08"
            card_no = found.member.card_nos[0]
            assert found.member.signup_terminal == till.runner.client.terminal_id
            # At the counter: the background puller brings the member in.
            while True:
                try:
                    member = till.svc.members.find(phone)
                    break
                except PosError:
                    assert time.monotonic() - submitted < 5, "not at the counter within 5 s"
                    time.sleep(0.05)
            assert (member.id, member.card_no) == (found.member.member_id, card_no)
            assert till.svc.members.find(card_no).id == member.id
        finally:
            till.close()
