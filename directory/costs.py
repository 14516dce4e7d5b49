"""What an activity costs, in words: "Free", "£3.50", "Pay what you can – suggested £3"."""
from decimal import Decimal

COST_LABELS = {"free": "Free", "paid": "Paid", "donation": "Pay what you can"}


def cost_text(kind, amount, notes=""):
    """The cost label (or the price), with the group's notes after a dash unless the notes
    already say it."""
    if kind == "paid" and amount is not None:
        amount = Decimal(amount)
        base = f"£{amount:.0f}" if amount == amount.to_integral() else f"£{amount:.2f}"
    else:
        base = COST_LABELS.get(kind, "")
    notes = (notes or "").strip()
    if not notes:
        return base
    if notes.lower().startswith(base.lower()):
        return notes
    return f"{base} – {notes}"
