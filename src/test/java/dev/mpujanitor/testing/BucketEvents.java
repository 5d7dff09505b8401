package dev.mpujanitor.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A bucket's CloudTrail event as EventBridge delivers it: one of the samples of {@code events/}, about another bucket.
 * The samples are of account 123456789012, as the tests' function ARN is.
 */
public final class BucketEvents {

    /** The session the samples' own write came from: the function's role, as STS names it to the function. */
    public static final String FUNCTION_SESSION_ARN = "arn:aws:sts::123456789012:assumed-role/mpu-janitor-JanitorFunctionRole-ABCDEF123456/mpu-janitor-janitor";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BucketEvents() {
    }

    /** The sample {@code events/<sample>}, about {@code bucket}: its name and Host header, as CloudTrail records them. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> about(String sample, String bucket) {
        Map<String, Object> event;
        try {
            event = JSON.readValue(Path.of("events", sample).toFile(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> request = (Map<String, Object>) ((Map<String, Object>) event.get("detail")).get("requestParameters");
        String named = (String) request.get("bucketName");
        request.put("bucketName", bucket);
        request.computeIfPresent("Host", (key, host) -> ((String) host).replace(named, bucket));
        return event;
    }

    /** The same event, made by a session of another role: {@code sessionArn}, issued by the role {@code roleArn}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> madeBy(Map<String, Object> event, String sessionArn, String roleArn) {
        Map<String, Object> identity = (Map<String, Object>) ((Map<String, Object>) event.get("detail")).get("userIdentity");
        identity.put("arn", sessionArn);
        ((Map<String, Object>) ((Map<String, Object>) identity.get("sessionContext")).get("sessionIssuer")).put("arn", roleArn);
        return event;
    }
}
