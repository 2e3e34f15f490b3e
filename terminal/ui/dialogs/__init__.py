"""The counter's dialogs, one module each, all built on `base.PosDialog`.

Every dialog is constructed as `Dialog(services, operator, member=None, parent=None,
print_receipt=None, **extra)` and emits `member_changed(card_no)` after changing a member.
"""
