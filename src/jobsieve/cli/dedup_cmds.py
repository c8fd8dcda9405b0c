"""Commands of this group are registered here."""
