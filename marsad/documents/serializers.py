from django.urls import reverse
from rest_framework import serializers

from marsad.documents.models import Document


class DocumentSerializer(serializers.ModelSerializer):
    meeting = serializers.PrimaryKeyRelatedField(read_only=True)
    project = serializers.SlugRelatedField(slug_field="code", read_only=True)
    entity = serializers.SlugRelatedField(slug_field="code", read_only=True)
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    issued_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "meeting",
            "project",
            "entity",
            "version",
            "language",
            "title",
            "pages",
            "size",
            "sha256",
            "data_as_of",
            "requested_by",
            "created_at",
            "issued_at",
            "issued_by",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, document) -> str:
        request = self.context.get("request")
        address = reverse("documents:download", args=[document.pk])
        return request.build_absolute_uri(address) if request else address
