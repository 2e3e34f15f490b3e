"""The self sign-up page a member opens from the counter's QR code: plain HTML for a
phone screen, in Simplified Chinese, with a little JavaScript to send the form as JSON
and show head office's answer. The server checks everything again.

The page's one style sheet and one script are inline and allowed by their hashes in the
Content-Security-Policy: nothing else runs or styles the page, and nothing loads from
anywhere but head office."""

import base64
import hashlib
from html import escape

from pydantic import BaseModel, ConfigDict, Field

_STYLE = """
body{font-family:-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;
margin:0;padding:16px;background:#f6f6f6;color:#222;font-size:17px}
main{max-width:480px;margin:0 auto;background:#fff;border-radius:12px;padding:20px}
h1{font-size:22px;margin:0 0 16px}label{display:block;margin:14px 0 6px}
input[type=text],input[type=tel],input[type=date]{width:100%;box-sizing:border-box;
font-size:18px;padding:10px;border:1px solid #bbb;border-radius:8px}
.consent{display:flex;gap:8px;align-items:flex-start;margin-top:18px}.consent label{margin:0}
button{margin-top:20px;width:100%;font-size:19px;padding:12px;border:0;border-radius:8px;
background:#c8102e;color:#fff}button:disabled{background:#999}
#message{margin-top:16px;min-height:1.5em}.error{color:#c8102e}.done{color:#1a7f37}
"""

_SCRIPT = """
const form = document.getElementById('signup');
const message = document.getElementById('message');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = form.querySelector('button');
  button.disabled = true;
  message.className = ''; message.textContent = '正在提交…';
  const body = {
    name: form.name.value, phone: form.phone.value,
    birthday: form.birthday.value || null, consent: form.consent.checked
  };
  try {
    const answer = await fetch(location.pathname, {
      method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify(body)
    });
    const data = await answer.json();
    if (answer.ok) {
      form.hidden = true;
      message.className = 'done'; message.id = 'message'; message.textContent = data.message;
    } else {
      message.className = 'error'; message.textContent = data.message;
      button.disabled = false;
    }
  } catch (err) {
    message.className = 'error'; message.textContent = '网络不通，请稍后再试。';
    button.disabled = false;
  }
});
"""


class SignupBody(BaseModel):
    """What the page's script sends. A body of another shape is a 400 before the link is
    looked at; the values are checked then, each refused with a sentence for the member."""

    model_config = ConfigDict(strict=True)

    name: str = Field(max_length=200)
    phone: str = Field(max_length=40)
    birthday: str | None = Field(default=None, max_length=20)  # YYYY-MM-DD
    consent: bool


class SignupDone(BaseModel):
    """The form was taken: the page shows `message`; `phone` is masked. The same answer
    whether the phone was a member already or not (no card number, no member id)."""

    phone: str
    message: str


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        f"script-src {_hash(_SCRIPT)}",
        f"style-src {_hash(_STYLE)}",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)


def _page(title: str, content: str) -> str:
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{content}</main></body></html>"
    )


def render_form(token: str) -> str:
    content = f"""
<h1>会员注册</h1>
<form id="signup" data-token="{escape(token)}" novalidate>
  <label for="name">姓名</label>
  <input type="text" id="name" name="name" maxlength="50" autocomplete="name" required>
  <label for="phone">手机号码</label>
  <input type="tel" id="phone" name="phone" maxlength="20" inputmode="numeric"
         autocomplete="tel" placeholder="13812345678" required>
  <label for="birthday">生日（选填）</label>
  <input type="date" id="birthday" name="birthday">
  <div class="consent">
    <input type="checkbox" id="consent" name="consent">
    <label for="consent">我已阅读并同意《会员隐私条款》，同意门店保存我的姓名、
    手机号码和生日，用于会员积分和储值服务。</label>
  </div>
  <button type="submit" id="submit">注册</button>
</form>
<p id="message" role="status"></p>
<script>{_SCRIPT}</script>
"""
    return _page("会员注册", content)


def render_gone(message: str) -> str:
    text = escape(message)
    return _page("会员注册", f'<h1>会员注册</h1><p class="error" id="message">{text}</p>')


def render_done() -> str:
    return "提交成功！请在收银台报您的手机号，收银员会为您找到会员卡。"
