from django.core.exceptions import ValidationError


def add_errors(form, invalid: ValidationError) -> None:
    """Show a service's refusal on the form: each message under its field when the
    form has one, above the form otherwise."""
    for name, errors in invalid.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)
