"""Text shown to a person: a plain string, or one translated when it is shown
(`gettext_lazy`), which a module-level table must hold until a language is active."""

from django.utils.functional import Promise

Label = str | Promise
