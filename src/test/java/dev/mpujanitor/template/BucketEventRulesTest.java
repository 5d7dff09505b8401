package dev.mpujanitor.template;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mpujanitor.trigger.Invocation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two rules that bring the function bucket events, template.yaml's BucketChanged and forwarder.yaml's, each with
 * its references resolved as CloudFormation would, take the calls docs/events.md lists and leave out what it says
 * they leave out. Matching is EventBridge's own library's (see {@link RulePattern}).
 */
class BucketEventRulesTest {

    /** Each sample, and whether the rules take it. */
    private static final Map<String, Boolean> TAKEN = Map.ofEntries(
            entry("cloudtrail-create-bucket-us-east-1.json", true),
            entry("cloudtrail-create-bucket-eu-west-1.json", true),
            entry("cloudtrail-create-bucket-root.json", true), // the root user: no sessionIssuer
            entry("cloudtrail-put-bucket-lifecycle.json", true), // another role's write
            entry("cloudtrail-delete-bucket-lifecycle.json", true), // an IAM user: no sessionIssuer either
            // Directory buckets, from S3 Express: a creation, another role's lifecycle write, an IAM user's policy.
            entry("cloudtrail-directory-create-bucket.json", true),
            entry("cloudtrail-directory-put-bucket-lifecycle-configuration.json", true),
            entry("cloudtrail-directory-put-bucket-policy.json", true),
            entry(EventSamples.OWN_PUT_BUCKET_LIFECYCLE, false),
            entry("cloudtrail-put-bucket-lifecycle-access-denied.json", false), // failed: changed nothing
            entry("cloudtrail-get-object.json", false), // a data event: an object read
            entry("cloudtrail-ec2-create-tags.json", false),
            entry("scheduled-event.json", false), // the daily run's, from the schedule rule
            // Payloads for a manual invoke, not EventBridge events at all.
            entry("manual-dry-run.json", false),
            entry("manual-dry-run-all.json", false),
            entry("manual-run.json", false),
            entry("continuation.json", false));

    private static final Map<String, JsonNode> SAMPLES = new HashMap<>();

    static {
        SAMPLES.putAll(EventSamples.all());
        SAMPLES.putAll(EventSamples.otherPayloads());
    }

    /** Each rule, given the ARN of the function's role. */
    static Stream<Named<Function<String, RulePattern>>> rules() {
        return Stream.of(Named.of("template.yaml", RulePattern::bucketChanged),
                Named.of("forwarder.yaml", RulePattern::forwarder));
    }

    static Stream<Arguments> samples() {
        return crossed(SAMPLES.keySet().stream().sorted().toList());
    }

    static Stream<Arguments> takenSamples() {
        return crossed(SAMPLES.keySet().stream().filter(TAKEN::get).sorted().toList());
    }

    /**
     * Calls the rules must not take, as each sample's call renamed. Of a general purpose bucket: others on buckets and
     * objects, a policy change (the janitor does not read a general purpose bucket's policy), the API's own name of the
     * call CloudTrail records as PutBucketLifecycle, and CreateBucket in another case, since names match exactly. Of a
     * directory bucket: its reads, its deletion, its encryption, its session and its objects.
     */
    static Stream<Arguments> otherCalls() {
        return Stream.concat(
                crossed("cloudtrail-put-bucket-lifecycle.json", List.of("PutBucketLifecycleConfiguration", "GetBucketLifecycle",
                        "PutBucketPolicy", "DeleteBucketPolicy", "DeleteBucket", "PutObject", "createBucket")),
                crossed("cloudtrail-directory-put-bucket-policy.json", List.of("GetBucketPolicy", "GetBucketLifecycleConfiguration",
                        "ListDirectoryBuckets", "ListMultipartUploads", "DeleteBucket", "PutBucketEncryption", "CreateSession", "PutObject",
                        "putBucketPolicy")));
    }

    /**
     * Other senders, as each sample's sender changed: another service, S3's own event notifications, S3 on Outposts,
     * and each of S3 and S3 Express under the other's source or eventSource.
     */
    static Stream<Arguments> otherSources() {
        return Stream.concat(
                crossed("cloudtrail-create-bucket-us-east-1.json", List.of("/source=aws.ec2", "/detail-type=Object Created",
                        "/detail-type=AWS Service Event via CloudTrail", "/detail/eventSource=s3-outposts.amazonaws.com",
                        "/source=aws.s3express", "/detail/eventSource=s3express.amazonaws.com")),
                crossed("cloudtrail-directory-create-bucket.json", List.of("/source=aws.ec2", "/detail-type=AWS Service Event via CloudTrail",
                        "/source=aws.s3", "/detail/eventSource=s3.amazonaws.com")));
    }

    /** Each of the function's calls, as the sample of its service renamed to it. */
    static Stream<Arguments> callsTheFunctionActsOn() {
        return Stream.of(Invocation.BucketChanged.Source.values()).flatMap(source -> crossed(
                source.directoryBuckets() ? "cloudtrail-directory-create-bucket.json" : "cloudtrail-create-bucket-us-east-1.json",
                source.eventNames().stream().sorted().toList()));
    }

    private static Stream<Arguments> crossed(List<String> values) {
        return rules().flatMap(rule -> values.stream().map(value -> Arguments.of(rule, value)));
    }

    private static Stream<Arguments> crossed(String sample, List<String> values) {
        return rules().flatMap(rule -> values.stream().map(value -> Arguments.of(rule, sample, value)));
    }

    @Test
    void everySampleHasAnExpectationAndBothAnswersOccur() {
        assertThat(TAKEN.keySet()).containsExactlyInAnyOrderElementsOf(SAMPLES.keySet());
        assertThat(TAKEN.values()).contains(true, false);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("samples")
    void eachSampleIsTakenOrLeftOutAsDocumented(Function<String, RulePattern> rule, String sample) {
        assertThat(rule.apply(EventSamples.FUNCTION_ROLE_ARN).matches(SAMPLES.get(sample))).isEqualTo(TAKEN.get(sample));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("takenSamples")
    void theSameCallFailedIsLeftOut(Function<String, RulePattern> rule, String sample) {
        JsonNode failed = with(SAMPLES.get(sample), "/detail/errorCode", new TextNode("AccessDenied"));

        assertThat(rule.apply(EventSamples.FUNCTION_ROLE_ARN).matches(failed)).isFalse();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("takenSamples")
    void theSameCallByTheFunctionsOwnRoleIsLeftOut(Function<String, RulePattern> rule, String sample) {
        JsonNode own = SAMPLES.get(EventSamples.OWN_PUT_BUCKET_LIFECYCLE).at("/detail/userIdentity");

        assertThat(rule.apply(EventSamples.FUNCTION_ROLE_ARN).matches(with(SAMPLES.get(sample), "/detail/userIdentity", own)))
                .isFalse();
    }

    /** The exclusion is the role the template is given: with another function's role, this function's write is taken. */
    @ParameterizedTest
    @MethodSource("rules")
    void theFunctionsOwnWriteIsTakenByARuleGivenAnotherRole(Function<String, RulePattern> rule) {
        JsonNode own = SAMPLES.get(EventSamples.OWN_PUT_BUCKET_LIFECYCLE);

        assertThat(rule.apply("arn:aws:iam::123456789012:role/another-stacks-janitor").matches(own)).isTrue();
    }

    @ParameterizedTest(name = "{0}: {1} as {2}")
    @MethodSource("otherCalls")
    void anotherCallIsLeftOut(Function<String, RulePattern> rule, String sample, String eventName) {
        JsonNode call = with(SAMPLES.get(sample), "/detail/eventName", new TextNode(eventName));

        assertThat(rule.apply(EventSamples.FUNCTION_ROLE_ARN).matches(call)).isFalse();
    }

    @ParameterizedTest(name = "{0}: {1} with {2}")
    @MethodSource("otherSources")
    void theSameCallFromAnotherSourceIsLeftOut(Function<String, RulePattern> rule, String sample, String field) {
        String[] pointerAndValue = field.split("=", 2);
        JsonNode event = with(SAMPLES.get(sample), pointerAndValue[0], new TextNode(pointerAndValue[1]));

        assertThat(rule.apply(EventSamples.FUNCTION_ROLE_ARN).matches(event)).isFalse();
    }

    /** The rules take every call the function acts on, of the service it comes from (and the two lists above, no other). */
    @ParameterizedTest(name = "{0}: {1} as {2}")
    @MethodSource("callsTheFunctionActsOn")
    void everyCallTheFunctionActsOnIsTaken(Function<String, RulePattern> rule, String sample, String eventName) {
        JsonNode call = with(SAMPLES.get(sample), "/detail/eventName", new TextNode(eventName));

        assertThat(rule.apply(EventSamples.FUNCTION_ROLE_ARN).matches(call)).isTrue();
    }

    /**
     * Why the role's exclusion has a second alternative (docs/events.md): without {@code exists: false}, a call without
     * a session issuer, the root user's or an IAM user's, would be left out with the function's own.
     */
    @ParameterizedTest
    @MethodSource("rules")
    void anythingButAloneWouldLeaveOutCallsWithoutASessionIssuer(Function<String, RulePattern> rule) {
        ObjectNode pattern = rule.apply(EventSamples.FUNCTION_ROLE_ARN).json().deepCopy();
        ArrayNode arn = (ArrayNode) pattern.at("/detail/userIdentity/sessionContext/sessionIssuer/arn");
        int alternatives = arn.size();
        arn.removeIf(pattern.objectNode().put("exists", false)::equals);
        assertThat(arn.size()).as("exists: false removed").isEqualTo(alternatives - 1);
        RulePattern anythingButAlone = new RulePattern(pattern);

        assertThat(anythingButAlone.matches(SAMPLES.get("cloudtrail-create-bucket-root.json"))).isFalse();
        assertThat(anythingButAlone.matches(SAMPLES.get("cloudtrail-delete-bucket-lifecycle.json"))).isFalse();
        assertThat(anythingButAlone.matches(SAMPLES.get("cloudtrail-directory-put-bucket-policy.json"))).isFalse();
        assertThat(anythingButAlone.matches(SAMPLES.get("cloudtrail-put-bucket-lifecycle.json"))).isTrue();
    }

    /** A copy of the event with the field at the pointer set, the field's parent being there already. */
    private static JsonNode with(JsonNode event, String pointer, JsonNode value) {
        JsonNode copy = event.deepCopy();
        JsonPointer field = JsonPointer.compile(pointer);
        assertThat(copy.at(field.head()).isObject()).as("%s's parent", pointer).isTrue();
        ((ObjectNode) copy.at(field.head())).set(field.last().getMatchingProperty(), value);
        return copy;
    }
}
