"""Argon2id sized for a sign-in burst on a small server.

Django's defaults (100 MiB of memory, 8 lanes, 2 passes) take ~0.1 s and 100 MiB per
sign-in; on a 2-core machine with 4 workers, 50 people signing in at once queued for
up to 27 s. These parameters are OWASP's recommended minimum for Argon2id (19 MiB,
2 passes, 1 lane): ~25 ms and 19 MiB per sign-in here, so a burst of 50 completes in
a few seconds. Hashes made with other parameters still verify and are re-hashed with
these at the user's next sign-in (Django compares the parameters).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class SizedArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
