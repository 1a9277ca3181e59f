"""Signals people sends for writes that Django's model signals do not see."""

from django.dispatch import Signal

# Employees whose unit a bulk update changed (an import, a SIASN download):
# `employee_ids`. Apps that keep figures per unit listen (people imports none).
employees_moved = Signal()
