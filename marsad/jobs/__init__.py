"""Background jobs: long work (imports, packs, large exports, reminders) run by a worker
on Django's tasks interface, with progress a person can watch and come back to."""
