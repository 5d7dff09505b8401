package dev.mpujanitor.trigger;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.mpujanitor.config.Untrusted;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.joda.time.DateTime;
import org.joda.time.format.ISODateTimeFormat;

/**
 * The EventBridge events the function takes, typed by the Lambda events library: its {@link ScheduledEvent} is
 * EventBridge's generic envelope (source, detail-type, account, time, region, detail), whatever sent the event.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
 */
final class EventBridgeEvents {

    static final String SCHEDULE_SOURCE = "aws.events";
    static final String SCHEDULED = "Scheduled Event";
    /** https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html */
    static final String CLOUDTRAIL_CALL = "AWS API Call via CloudTrail";

    private static final ObjectMapper JSON = new ObjectMapper().addMixIn(ScheduledEvent.class, Envelope.class);

    private EventBridgeEvents() {
    }

    static Invocation invocation(Map<String, ?> payload) {
        ScheduledEvent event;
        try {
            event = JSON.convertValue(payload, ScheduledEvent.class);
        } catch (IllegalArgumentException e) {
            throw new Invocation.InvalidInvocationException("a malformed EventBridge event: " + Untrusted.escaped(e.getMessage().lines().findFirst().orElse("")));
        }
        if (SCHEDULE_SOURCE.equals(event.getSource()) && SCHEDULED.equals(event.getDetailType())) {
            return new Invocation.Scan();
        }
        Optional<Invocation.BucketChanged.Source> bucketSource = Invocation.BucketChanged.Source.ofEventBridgeSource(event.getSource());
        if (bucketSource.isPresent() && CLOUDTRAIL_CALL.equals(event.getDetailType())) {
            return bucketChanged(bucketSource.get(), event);
        }
        throw new Invocation.InvalidInvocationException("an event from " + Untrusted.quoted(event.getSource()) + " of detail-type "
                + Untrusted.quoted(event.getDetailType()) + " is not one this function acts on; it takes the schedule's events and "
                + Arrays.stream(Invocation.BucketChanged.Source.values())
                        .map(source -> source.label() + "'s CloudTrail events of " + new TreeSet<>(source.eventNames()))
                        .collect(Collectors.joining(" and ")));
    }

    /**
     * A CloudTrail record of an S3 or S3 Express call: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
     * An S3 Express record is shaped as S3's, its bucket in requestParameters.bucketName too:
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-log-files.html
     */
    private static Invocation.BucketChanged bucketChanged(Invocation.BucketChanged.Source source, ScheduledEvent event) {
        Map<String, Object> detail = Optional.ofNullable(event.getDetail()).orElse(Map.of());
        if (!source.eventSource().equals(detail.get("eventSource"))) {
            throw new Invocation.InvalidInvocationException("an " + source.label() + " event's detail.eventSource must be " + source.eventSource()
                    + ", was " + Untrusted.quoted(detail.get("eventSource")));
        }
        if (event.getTime() == null || event.getAccount() == null) {
            throw new Invocation.InvalidInvocationException("an " + source.label() + " event must have its time and account");
        }
        return new Invocation.BucketChanged(
                text(field(detail, "requestParameters").get("bucketName")),
                source,
                event.getAccount(),
                text(detail.get("eventName")),
                Optional.ofNullable(text(field(detail, "userIdentity").get("arn"))),
                Optional.ofNullable(text(field(field(field(detail, "userIdentity"), "sessionContext"), "sessionIssuer").get("arn"))),
                Instant.ofEpochMilli(event.getTime().getMillis()),
                Optional.ofNullable(text(detail.get("awsRegion"))).orElse(event.getRegion()),
                Optional.ofNullable(text(detail.get("errorCode"))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> field(Map<String, Object> object, String name) {
        return object.get(name) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static String text(Object value) {
        return value instanceof String text ? text : null;
    }

    /** How the envelope's fields are named on the wire, for the library's plain bean; everything else is ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private abstract static class Envelope {
        @JsonProperty("detail-type")
        abstract void setDetailType(String detailType);

        @JsonDeserialize(using = IsoTime.class)
        abstract void setTime(DateTime time);
    }

    /** The envelope's time: ISO 8601 in UTC, such as {@code 2026-11-25T06:00:00Z}. */
    private static final class IsoTime extends JsonDeserializer<DateTime> {
        @Override
        public DateTime deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            try {
                return ISODateTimeFormat.dateTimeParser().withZoneUTC().parseDateTime(parser.getValueAsString());
            } catch (IllegalArgumentException e) {
                return (DateTime) context.handleWeirdStringValue(DateTime.class, parser.getValueAsString(), "not an ISO 8601 time");
            }
        }
    }
}
