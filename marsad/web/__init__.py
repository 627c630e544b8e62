"""The web's glue above accounts: page and API views' shared parts, error pages,
middleware, the admin's base classes and the pages' context."""
