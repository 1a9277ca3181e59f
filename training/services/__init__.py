"""Training's writes with side effects, one module per area as in `training.models`:
`catalog` (sessions, enrolment, attendance, completion), `planning` (needs and the
plan), `delivery` (questionnaires, follow-up, certificates, internships, reminders)
and `ledger` (crediting JP). Import from the module that owns the subject."""
