"""What the alerts API reads and writes. Writes go through the same model validation as
the admin (choices, http(s) links, clean text, geocodes as text pairs), for creates and
updates alike."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse

from rest_framework import serializers

from content.models import Area, Message

from .models import Alert, Delivery

WRITABLE_FIELDS = ("status", "scope", "category", "event", "urgency", "severity", "certainty",
                   "area_desc", "polygon", "geocodes", "web", "channels", "effective", "onset",
                   "expires", "next_update_by")


class AreaSlugField(serializers.SlugRelatedField):
    """Areas by slug, e.g. "areas": ["east-hill"] (the site-language rows)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        kwargs.setdefault("error_messages", {
            "does_not_exist": "No area with slug {value}.",
            "invalid": "Areas are given by their slugs, e.g. [\"east-hill\"]."})
        super().__init__(**kwargs)

    def get_queryset(self):
        return Area.objects.originals()


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = ["channel", "state", "attempts", "last_error", "receipt"]


class AlertSerializer(serializers.ModelSerializer):
    """The read shape (unchanged from the first API)."""

    msgType = serializers.CharField(source="msg_type")  # noqa: N815 - CAP's own spelling
    headline = serializers.CharField()
    references = serializers.IntegerField(source="references_id", allow_null=True)
    sent = serializers.DateTimeField(source="sent_at", allow_null=True)
    cap_url = serializers.SerializerMethodField()
    areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    deliveries = DeliverySerializer(many=True)

    class Meta:
        model = Alert
        fields = ["id", "identifier", "msgType", "status", "state", "event", "severity",
                  "urgency", "certainty", "area_desc", "areas", "headline", "message_id",
                  "references",
                  "sent", "expires", "cap_url", "deliveries"]

    def get_cap_url(self, alert):
        return reverse("alerts_cap", kwargs={"pk": alert.pk})


class ApiActionSerializer(serializers.Serializer):
    confirm_missing_translations = serializers.BooleanField(required=False, default=False)


class ApiCancelSerializer(serializers.Serializer):
    """A cancel's optional closing words: a published message in the site's language
    (an all-clear); without them every channel says the alert is no longer in force."""

    message_id = serializers.PrimaryKeyRelatedField(
        source="message", required=False, allow_null=True,
        queryset=Message.objects.filter(locale__language_code=settings.LANGUAGE_CODE),
        error_messages={"does_not_exist": "No message with id {pk_value} in the site's "
                                          "language (closing words are the original).",
                        "incorrect_type": "message_id must be a whole number."})


class AlertWriteSerializer(serializers.ModelSerializer):
    message_id = serializers.PrimaryKeyRelatedField(
        source="message", queryset=Message.objects.all(),
        error_messages={"does_not_exist": "No message with id {pk_value}.",
                        "incorrect_type": "message_id must be a whole number."})
    geocodes = serializers.DictField(child=serializers.CharField(max_length=120),
                                     required=False)
    channels = serializers.ListField(child=serializers.CharField(max_length=40), required=False,
                                     max_length=20)
    areas = AreaSlugField(many=True, required=False)
    publish = serializers.BooleanField(required=False, default=False)
    confirm_missing_translations = serializers.BooleanField(required=False, default=False)

    class Meta:
        model = Alert
        fields = [*WRITABLE_FIELDS, "message_id", "areas", "publish",
                  "confirm_missing_translations"]

    def validate(self, attrs):
        """Run the model's own validation on the alert as it would be saved."""
        options = {name: attrs.pop(name) for name in ("publish", "confirm_missing_translations",
                                                      "areas") if name in attrs}
        if self.context.get("creating") and not attrs.get("area_desc") and not options.get(
                "areas"):
            raise serializers.ValidationError(
                {"area_desc": "Say where: give areas (their slugs) or an area description."})
        candidate = Alert(**{f.attname: getattr(self.instance, f.attname)
                             for f in Alert._meta.concrete_fields}) if self.instance else Alert()
        for name, value in attrs.items():
            setattr(candidate, name, value)
        try:
            candidate.full_clean(exclude=["identifier", "references", "created_by",
                                          "published_by", "confirmed_by"],
                                 validate_unique=False)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        for name in WRITABLE_FIELDS:
            if name in attrs:
                attrs[name] = getattr(candidate, name)  # cleaned text
        attrs.update(options)
        return attrs

    def create(self, validated_data):
        for option in ("publish", "confirm_missing_translations"):
            validated_data.pop(option, None)
        areas = validated_data.pop("areas", [])
        alert = Alert.objects.create(**validated_data)
        alert.areas.set(areas)
        return alert
