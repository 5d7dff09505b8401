package dev.mpujanitor.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each rule of EventBridge pattern matching that {@link EventPatterns} implements, on the EventBridge User Guide's own
 * examples where it gives them (the page is named on each test), and on the edge cases our rule's pattern relies on.
 */
class EventPatternsTest {

    /** The event of eb-event-patterns.html. */
    private static final String EC2_TERMINATED = """
            {
              "version": "0",
              "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
              "detail-type": "EC2 Instance State-change Notification",
              "source": "aws.ec2",
              "account": "111122223333",
              "time": "2017-12-22T18:43:48Z",
              "region": "us-west-1",
              "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
              "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated"}
            }""";

    /** The event of eb-event-patterns-null-values.html. */
    private static final String AUTOSCALING_LAUNCH = """
            {
              "version": "0",
              "id": "3e3c153a-8339-4e30-8c35-687ebef853fe",
              "detail-type": "EC2 Instance Launch Successful",
              "source": "aws.autoscaling",
              "account": "123456789012",
              "time": "2015-11-11T21:31:47Z",
              "region": "us-east-1",
              "resources": [],
              "detail": {"eventVersion": "", "responseElements": null}
            }""";

    private static final String ROLE = "arn:aws:iam::123456789012:role/mpu-janitor-JanitorFunctionRole-ABCDEF123456";

    // eb-event-patterns.html

    @Test
    void theGuidesTerminationPatternMatchesItsEventAndNotAnotherState() {
        String pattern = """
                {"source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"],
                 "detail": {"state": ["terminated"]}}""";

        assertThat(matches(pattern, EC2_TERMINATED)).isTrue();
        assertThat(matches(pattern, EC2_TERMINATED.replace("\"terminated\"", "\"running\""))).isFalse();
    }

    @Test
    void anyValueOfTheListMatches() {
        assertThat(matches("{\"source\": [\"aws.ec2\", \"aws.fargate\"]}", EC2_TERMINATED)).isTrue();
        assertThat(matches("{\"source\": [\"aws.s3\", \"aws.fargate\"]}", EC2_TERMINATED)).isFalse();
    }

    @Test
    void everyFieldOfThePatternMustMatch() {
        assertThat(matches("{\"source\": [\"aws.ec2\"], \"detail-type\": [\"Scheduled Event\"]}", EC2_TERMINATED))
                .isFalse();
    }

    @Test
    void fieldsThePatternDoesNotNameAreIgnored() {
        assertThat(matches("{\"detail\": {\"instance-id\": [\"i-1234567890abcdef0\"]}}", EC2_TERMINATED)).isTrue();
        assertThat(matches("{}", EC2_TERMINATED)).isTrue();
    }

    @Test
    void aFieldTheEventLacksFailsAValueMatch() {
        assertThat(matches("{\"detail\": {\"errorCode\": [\"AccessDenied\"]}}", EC2_TERMINATED)).isFalse();
        assertThat(matches("{\"detail\": {\"userIdentity\": {\"type\": [\"Root\"]}}}", EC2_TERMINATED)).isFalse();
    }

    @Test
    void theNestingMustBeTheEvents() {
        // detail.state is there, but not at the top level, and detail is no leaf.
        assertThat(matches("{\"state\": [\"terminated\"]}", EC2_TERMINATED)).isFalse();
        assertThat(matches("{\"detail\": {\"state\": {\"name\": [\"terminated\"]}}}", EC2_TERMINATED)).isFalse();
    }

    @Test
    void nestedObjectsMatchFieldByField() {
        // The guide's Macie example: a risk score of 80 and a trigger risk of 8.
        String macie = """
                {"source": "aws.macie", "detail-type": "Macie Alert",
                 "detail": {"notification-type": "ALERT_CREATED", "tags": ["Custom_Alert", "Insider"], "risk-score": 80,
                            "trigger": {"alert-type": "basic", "risk": 8}}}""";
        String pattern = """
                {"source": ["aws.macie"], "detail-type": ["Macie Alert"],
                 "detail": {"risk-score": [80], "trigger": {"risk": [8]}}}""";

        assertThat(matches(pattern, macie)).isTrue();
        assertThat(matches(pattern, macie.replace("\"risk\": 8", "\"risk\": 9"))).isFalse();
    }

    @Test
    void stringsMatchExactlyWithoutCaseFolding() {
        assertThat(matches("{\"source\": [\"AWS.EC2\"]}", EC2_TERMINATED)).isFalse();
        assertThat(matches("{\"source\": [\"aws.ec2 \"]}", EC2_TERMINATED)).isFalse();
    }

    @Test
    void numbersMatchByTheirRepresentation() {
        // "For numbers, EventBridge uses string representation. For example, 300, 300.0, and 3.0e2 are not
        // considered equal."
        String event = "{\"detail\": {\"limit\": 300}}";

        assertThat(matches("{\"detail\": {\"limit\": [300]}}", event)).isTrue();
        assertThat(matches("{\"detail\": {\"limit\": [300.0]}}", event)).isFalse();
        assertThat(matches("{\"detail\": {\"limit\": [3.0e2]}}", event)).isFalse();
        assertThat(matches("{\"detail\": {\"limit\": [\"300\"]}}", event)).isFalse();
    }

    @Test
    void booleansMatchOnlyBooleans() {
        String event = "{\"detail\": {\"readOnly\": false}}";

        assertThat(matches("{\"detail\": {\"readOnly\": [false]}}", event)).isTrue();
        assertThat(matches("{\"detail\": {\"readOnly\": [\"false\"]}}", event)).isFalse();
    }

    // eb-event-patterns-null-values.html

    @Test
    void nullAndTheEmptyStringEachMatchOnlyThemselves() {
        assertThat(matches("{\"detail\": {\"eventVersion\": [\"\"]}}", AUTOSCALING_LAUNCH)).isTrue();
        assertThat(matches("{\"detail\": {\"responseElements\": [null]}}", AUTOSCALING_LAUNCH)).isTrue();
        assertThat(matches("{\"detail\": {\"eventVersion\": [null]}}", AUTOSCALING_LAUNCH)).isFalse();
        assertThat(matches("{\"detail\": {\"responseElements\": [\"\"]}}", AUTOSCALING_LAUNCH)).isFalse();
    }

    // eb-event-patterns-arrays.html

    @Test
    void anArrayFieldMatchesWhenItSharesAValueWithThePattern() {
        String pattern = """
                {"resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
                               "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
                               "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f"]}""";
        String event = """
                {"resources": [
                  "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate",
                  "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"]}""";

        assertThat(matches(pattern, event)).isTrue();
        assertThat(matches(pattern, "{\"resources\": [\"arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f\"]}"))
                .isFalse();
        assertThat(matches(pattern, "{\"resources\": []}")).isFalse();
    }

    // eb-event-patterns-content-based-filtering.html

    @Test
    void prefixMatchesTheStartOfAString() {
        String pattern = "{\"time\": [{\"prefix\": \"2017-12-22\"}]}";

        assertThat(matches(pattern, EC2_TERMINATED)).isTrue();
        assertThat(matches(pattern, EC2_TERMINATED.replace("2017-12-22T", "2017-12-23T"))).isFalse();
        assertThat(matches("{\"detail\": {\"limit\": [{\"prefix\": \"3\"}]}}", "{\"detail\": {\"limit\": 300}}"))
                .as("a prefix of a number").isFalse();
        assertThat(matches(pattern, "{}")).isFalse();
    }

    @Test
    void anythingButASingleValue() {
        assertThat(matches("{\"detail\": {\"state\": [{\"anything-but\": \"initializing\"}]}}", EC2_TERMINATED)).isTrue();
        assertThat(matches("{\"detail\": {\"state\": [{\"anything-but\": \"terminated\"}]}}", EC2_TERMINATED)).isFalse();
        assertThat(matches("{\"detail\": {\"x-limit\": [{\"anything-but\": 123}]}}", "{\"detail\": {\"x-limit\": 124}}"))
                .isTrue();
        assertThat(matches("{\"detail\": {\"x-limit\": [{\"anything-but\": 123}]}}", "{\"detail\": {\"x-limit\": 123}}"))
                .isFalse();
    }

    @Test
    void anythingButAListOfStringsOrOfNumbers() {
        String strings = "{\"detail\": {\"state\": [{\"anything-but\": [\"stopped\", \"overloaded\"]}]}}";
        String numbers = "{\"detail\": {\"x-limit\": [{\"anything-but\": [100, 200, 300]}]}}";

        assertThat(matches(strings, EC2_TERMINATED)).isTrue();
        assertThat(matches(strings, EC2_TERMINATED.replace("\"terminated\"", "\"overloaded\""))).isFalse();
        assertThat(matches(numbers, "{\"detail\": {\"x-limit\": 250}}")).isTrue();
        assertThat(matches(numbers, "{\"detail\": {\"x-limit\": 200}}")).isFalse();
    }

    @Test
    void anythingButAPrefix() {
        String pattern = "{\"detail\": {\"state\": [{\"anything-but\": {\"prefix\": \"init\"}}]}}";

        assertThat(matches(pattern, EC2_TERMINATED)).isTrue();
        assertThat(matches(pattern, EC2_TERMINATED.replace("\"terminated\"", "\"initializing\""))).isFalse();
        assertThat(matches(pattern, "{\"detail\": {}}")).isFalse();
    }

    @Test
    void anythingButDoesNotMatchAnAbsentField() {
        assertThat(matches("{\"detail\": {\"errorCode\": [{\"anything-but\": \"AccessDenied\"}]}}", EC2_TERMINATED))
                .isFalse();
    }

    @Test
    void anythingButDoesNotMatchAFieldUnderAnAbsentParent() {
        // A root user's or an IAM user's call has no sessionContext.sessionIssuer at all.
        String pattern = """
                {"detail": {"userIdentity": {"sessionContext": {"sessionIssuer": {"arn": [{"anything-but": "%s"}]}}}}}"""
                .formatted(ROLE);

        assertThat(matches(pattern, "{\"detail\": {\"userIdentity\": {\"type\": \"Root\"}}}")).isFalse();
        assertThat(matches(pattern, "{\"detail\": {\"userIdentity\": {\"type\": \"IAMUser\", \"sessionContext\": {}}}}"))
                .isFalse();
        assertThat(matches(pattern, issuedBy("arn:aws:iam::123456789012:role/developer"))).isTrue();
        assertThat(matches(pattern, issuedBy(ROLE))).isFalse();
    }

    @Test
    void anythingButOnAnArrayMatchesWhenAnyElementDiffers() {
        String pattern = "{\"tags\": [{\"anything-but\": \"a\"}]}";

        assertThat(matches(pattern, "{\"tags\": [\"a\", \"b\"]}")).isTrue();
        assertThat(matches(pattern, "{\"tags\": [\"a\"]}")).isFalse();
    }

    @Test
    void existsTrueMatchesTheGuidesEventWithTheFieldAndNotItsEventWithout() {
        String pattern = "{\"detail\": {\"state\": [{\"exists\": true}]}}";
        String withoutState = """
                {"detail-type": ["EC2 Instance State-change Notification"],
                 "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341"],
                 "detail": {"c-count": {"c1": 100}}}""";

        assertThat(matches(pattern, EC2_TERMINATED)).isTrue();
        assertThat(matches(pattern, withoutState)).isFalse();
    }

    @Test
    void existsFalseMatchesOnlyAnAbsentField() {
        String pattern = "{\"detail\": {\"errorCode\": [{\"exists\": false}]}}";

        assertThat(matches(pattern, EC2_TERMINATED)).isTrue();
        assertThat(matches(pattern, "{\"detail\": {\"errorCode\": \"AccessDenied\"}}")).isFalse();
        assertThat(matches(pattern, "{\"detail\": {\"errorCode\": null}}")).as("null is a value").isFalse();
        assertThat(matches(pattern, "{\"detail\": {\"errorCode\": \"\"}}")).as("so is the empty string").isFalse();
    }

    @Test
    void existsFalseMatchesAFieldUnderAnAbsentParent() {
        String pattern = """
                {"detail": {"userIdentity": {"sessionContext": {"sessionIssuer": {"arn": [{"exists": false}]}}}}}""";

        assertThat(matches(pattern, EC2_TERMINATED)).isTrue();
        assertThat(matches(pattern, issuedBy(ROLE))).isFalse();
    }

    @Test
    void existsSeesOnlyLeaves() {
        // "Exists matching only works on leaf nodes. It does not work on intermediate nodes."
        String event = "{\"detail\": {\"c-count\": {\"c1\": 100}}}";

        assertThat(matches("{\"detail\": {\"c-count\": [{\"exists\": true}]}}", event)).isFalse();
        assertThat(matches("{\"detail\": {\"c-count\": [{\"exists\": false}]}}", event)).isTrue();
    }

    @Test
    void existsOnAnArrayFieldAsksForAnElement() {
        assertThat(matches("{\"resources\": [{\"exists\": true}]}", EC2_TERMINATED)).isTrue();
        assertThat(matches("{\"resources\": [{\"exists\": false}]}", AUTOSCALING_LAUNCH)).as("resources: []").isTrue();
    }

    /** The exclusion our rule uses: anything but one role, or no session issuer at all. */
    @Test
    void anythingButOrExistsFalseKeepsEveryoneButTheExcluded() {
        String pattern = """
                {"detail": {"userIdentity": {"sessionContext": {"sessionIssuer":
                  {"arn": [{"anything-but": "%s"}, {"exists": false}]}}}}}""".formatted(ROLE);

        assertThat(matches(pattern, "{\"detail\": {\"userIdentity\": {\"type\": \"Root\"}}}")).isTrue();
        assertThat(matches(pattern, issuedBy("arn:aws:iam::123456789012:role/terraform-deployer"))).isTrue();
        assertThat(matches(pattern, issuedBy(ROLE))).isFalse();
    }

    @Property(tries = 200)
    void aValueAndItsAnythingButSplitEveryPresentStringAndNeitherMatchesAnAbsentOne(
            @ForAll String excluded, @ForAll String actual) {
        String value = pattern("[" + quoted(excluded) + "]");
        String anythingBut = pattern("[{\"anything-but\": " + quoted(excluded) + "}]");
        String event = "{\"detail\": {\"f\": " + quoted(actual) + "}}";

        assertThat(matches(value, event)).isEqualTo(excluded.equals(actual));
        assertThat(matches(anythingBut, event)).isEqualTo(!excluded.equals(actual));
        assertThat(matches(value, "{\"detail\": {}}")).isFalse();
        assertThat(matches(anythingBut, "{\"detail\": {}}")).isFalse();
    }

    // What is not implemented is refused, never guessed.

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"detail\": {\"n\": [{\"numeric\": [\">\", 0]}]}}",
            "{\"detail\": {\"ip\": [{\"cidr\": \"10.0.0.0/24\"}]}}",
            "{\"detail\": {\"f\": [{\"suffix\": \".png\"}]}}",
            "{\"detail\": {\"f\": [{\"anything-but\": {\"suffix\": \".png\"}}]}}",
            "{\"detail\": {\"$or\": [{\"a\": [\"x\"]}, {\"b\": [\"y\"]}]}}",
            "{\"resources\": {\"type\": [\"x\"]}}"})
    void anOperatorOrShapeNotImplementedIsRefused(String pattern) {
        assertThatThrownBy(() -> matches(pattern, "{\"detail\": {\"n\": 1}, \"resources\": [{\"type\": \"x\"}]}"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("not evaluated here");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"source\": \"aws.s3\"}",
            "{\"source\": []}",
            "{\"source\": [[\"aws.s3\"]]}",
            "{\"source\": [{\"exists\": \"yes\"}]}",
            "{\"source\": [{\"prefix\": 1}]}",
            "{\"source\": [{\"anything-but\": [\"a\", 1]}]}",
            "{\"source\": [{\"anything-but\": []}]}",
            "{\"source\": [{\"prefix\": \"a\", \"exists\": true}]}",
            "[\"aws.s3\"]"})
    void aMalformedPatternIsRefused(String pattern) {
        assertThatThrownBy(() -> matches(pattern, EC2_TERMINATED)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String issuedBy(String roleArn) {
        return """
                {"detail": {"userIdentity": {"type": "AssumedRole", "sessionContext": {"sessionIssuer": {"arn": "%s"}}}}}"""
                .formatted(roleArn);
    }

    private static String pattern(String leaf) {
        return "{\"detail\": {\"f\": " + leaf + "}}";
    }

    private static String quoted(String text) {
        return JsonNodeFactory.instance.textNode(text).toString();
    }

    private static boolean matches(String pattern, String event) {
        return EventPatterns.matches(json(pattern), json(event));
    }

    private static JsonNode json(String text) {
        try {
            return EventPatterns.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
