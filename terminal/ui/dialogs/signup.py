"""Sign-up at the counter: phone, name, birthday, consent. On success the new card is shown
as a QR code to photograph; a second QR lets a customer sign up on their own phone."""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from terminal.services.members import MemberView, SignUp, parse_birthday
from terminal.ui.customer_display import customer_display
from terminal.ui.dialogs.base import PosDialog
from terminal.ui.dialogs.self_signup import enrolled_url, head_office_url, signup_link
from terminal.ui.dialogs.widgets import form
from terminal.ui.error_text import describe
from terminal.ui.fit import Columns
from terminal.ui.messages import fill
from terminal.ui.qr import qr_pixmap
from terminal.ui.worker import run_in_background

MEMBER_QR_PREFIX = "POSM:"  # what the counter's scanner reads as a member QR code
QR_SIZE = 220


class SignUpDialog(PosDialog):
    def build(self) -> None:
        self.signed_up: MemberView | None = None
        self.self_signup_url: str | None = None
        # A link from head office (a one-time token) is fetched off the GUI thread.
        link_source: Callable[[], str | None] | None = self.extra.get("self_signup_link")
        self.fetching_link = link_source is not None

        self.phone = QLineEdit(objectName="phoneInput")
        self.phone.setMaxLength(20)
        self.phone.setText(str(self.extra.get("phone") or ""))
        self.name = QLineEdit(objectName="nameInput")
        self.name.setMaxLength(40)
        self.birthday = QLineEdit(objectName="birthdayInput")
        self.birthday.setMaxLength(10)
        self.consent = QCheckBox(objectName="consent")
        self.phone_caption, self.name_caption, self.birthday_caption = QLabel(), QLabel(), QLabel()
        rows = form()
        rows.addRow(self.phone_caption, self.phone)
        rows.addRow(self.name_caption, self.name)
        rows.addRow(self.birthday_caption, self.birthday)
        rows.addRow("", self.consent)
        left = QVBoxLayout()
        left.addLayout(rows)
        left.addStretch(1)

        # Right: the self sign-up QR first; the new member's card QR after signing up.
        self.qr_title = QLabel(objectName="qrTitle", alignment=Qt.AlignmentFlag.AlignCenter)
        self.qr = QLabel(objectName="qrCode", alignment=Qt.AlignmentFlag.AlignCenter)
        self.qr.setMinimumSize(QR_SIZE + 20, QR_SIZE + 20)
        self.qr_caption = QLabel(objectName="hint", alignment=Qt.AlignmentFlag.AlignCenter)
        self.qr_caption.setWordWrap(True)
        self.qr_caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right = QVBoxLayout()
        right.addWidget(self.qr_title)
        right.addWidget(self.qr)
        right.addWidget(self.qr_caption)
        right.addStretch(1)
        panel = QWidget(objectName="qrPanel")
        panel.setLayout(right)
        panel.setFixedWidth(QR_SIZE + 120)

        fields = QWidget()
        left.setContentsMargins(0, 0, 0, 0)
        fields.setLayout(left)
        # The form beside the QR code; the code under the form on a narrow screen.
        self.columns = Columns(fields, panel)
        self.body.addWidget(self.columns)
        # A refusal describes the form as it was: any change to it takes the message away.
        for edit in (self.phone, self.name, self.birthday):
            edit.textChanged.connect(self.clear_error)
        self.consent.toggled.connect(self.clear_error)
        # The customer at the till is someone new: nothing of the member before stays.
        customer_display().welcome()
        if link_source is not None:
            run_in_background(
                link_source, on_done=self.link_ready, on_error=self.link_failed, owner=self
            )
        else:
            self.link_ready(self._configured_link())

    def _configured_link(self) -> str | None:
        base = head_office_url() or enrolled_url(self.services)
        if base is None:
            return None
        number = self.services.setup.terminal().number
        return signup_link(base, number.store_no, number.terminal_no)

    def link_ready(self, url: str | None) -> None:
        self.fetching_link = False
        self.self_signup_url = url or None
        if self.signed_up is not None:
            return  # the new member's card is showing now
        if self.self_signup_url:
            self.qr.setPixmap(qr_pixmap(self.self_signup_url, QR_SIZE))
            display = customer_display()
            if display.on_second_screen:
                display.show_qr(self.self_signup_url, self.tr("Scan to become a member"))
        self.retranslate()

    def link_failed(self, exc: BaseException) -> None:
        self.fetching_link = False
        if self.signed_up is None:
            self.qr.setText(self.tr("Self sign-up is not available now"))
            self.qr_caption.setText(describe(exc))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sign up a member"))
        self.title.setText(self.tr("Sign up a member"))
        self.phone_caption.setText(self.tr("Mobile number"))
        self.phone.setPlaceholderText(self.tr("e.g. 138 0013 8000"))
        self.name_caption.setText(self.tr("Name"))
        self.birthday_caption.setText(self.tr("Birthday"))
        self.birthday.setPlaceholderText(self.tr("YYYY-MM-DD (optional)"))
        self.consent.setText(self.tr("The customer agrees to the privacy terms (required)"))
        if self.signed_up is not None:
            self._show_card(self.signed_up)
        elif self.fetching_link:
            self.qr_title.setText(self.tr("Sign up on your phone"))
            self.qr.setText(self.tr("Getting the sign-up code…"))
        elif self.self_signup_url:
            self.qr_title.setText(self.tr("Sign up on your phone"))
            self.qr_caption.setText(
                fill(self.tr("The customer scans this code: %1"), self.self_signup_url)
            )
        else:
            self.qr_title.setText(self.tr("Sign up on your phone"))
            self.qr.setText(self.tr("No head office configured"))
            self.qr_caption.setText(
                self.tr("Self sign-up needs a head office; sign the customer up here.")
            )

    def first_field(self) -> QWidget:
        return self.phone

    def entry_fields(self) -> list[QWidget]:
        return [self.phone, self.name, self.birthday, self.consent]

    def confirm(self) -> None:
        if not self.consent.isChecked():
            self.show_error(self.tr("The customer must agree to the privacy terms to sign up."))
            self.consent.setFocus()
            return

        def work() -> MemberView:
            form_ = SignUp(
                phone=self.phone.text(),
                name=self.name.text(),
                consent=True,
                birthday=parse_birthday(self.birthday.text()),
            )
            return self.services.members.sign_up(form_, self.operator)

        view = self.attempt(work)
        if view is None:
            return
        for field in (self.phone, self.name, self.birthday, self.consent):
            field.setEnabled(False)
        self.signed_up = view
        self.member = view
        if view.existing:
            self.show_notice(
                fill(
                    self.tr(
                        "This mobile number is already a member (card %1). Showing that "
                        "member; nothing new was signed up."
                    ),
                    view.card_no,
                )
            )
        else:
            self.show_notice(
                fill(
                    self.tr("Welcome! %1 is now a member, card %2."), view.name_masked, view.card_no
                )
            )
            self.receipt("signup", view.id)
        self._show_card(view)
        self.changed(view.card_no)
        self.done_mode()

    def _show_card(self, view: MemberView) -> None:
        code = MEMBER_QR_PREFIX + view.card_no
        self.qr.setPixmap(qr_pixmap(code, QR_SIZE))
        self.qr_title.setText(self.tr("Member card"))
        self.qr_caption.setText(
            fill(self.tr("Card %1 — the customer photographs this code"), view.card_no)
        )
        display = customer_display()
        if display.on_second_screen:
            display.show_member(view)
            display.show_qr(code, self.tr("Your member card"))
