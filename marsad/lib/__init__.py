"""Pure helpers with no models: environment parsing, Arabic-aware formatting."""
