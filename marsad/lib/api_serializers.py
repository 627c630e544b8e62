from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class VersionedSerializer(serializers.ModelSerializer):
    """A record with a version (see `marsad.lib.versioning`): a change must send back
    the version it was based on; `ScopedModelViewSet` refuses a stale one with 409."""

    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_("The version you read. Required to change a record; a stale one is refused with 409."),
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError(
                {"version": _("Send the version you read, so that nobody's change is overwritten unseen.")}
            )
        return attrs
