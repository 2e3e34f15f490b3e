"""The member terminal: members, points, stored value and receipts at the store counter."""
