"""Training's back office, one module per area as in `training.models`; Django's admin
autodiscovery imports this package, which registers them all."""

from training.admin import catalog, delivery, ledger, planning  # noqa: F401
