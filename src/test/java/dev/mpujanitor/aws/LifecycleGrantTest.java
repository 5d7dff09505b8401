package dev.mpujanitor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.ports.LifecycleAccess;
import dev.mpujanitor.testing.FakeS3Express;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reading a directory bucket's policy for S3 Lifecycle's grant, against the S3 User Guide's example statement:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/directory-buckets-objects-lifecycle.html
 */
class LifecycleGrantTest {

    private static final String BUCKET = "cache--use1-az5--x-s3";
    private static final String ARN = "arn:aws:s3express:us-east-1:111122223333:bucket/" + BUCKET;

    private static LifecycleAccess assess(String... statements) {
        return LifecycleGrant.assess(ARN, Optional.of("{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}"));
    }

    private static String allow(String principal, String action, String resource, String condition) {
        return "{\"Effect\":\"Allow\",\"Principal\":" + principal + ",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\""
                + (condition.isEmpty() ? "" : ",\"Condition\":" + condition) + "}";
    }

    private static final String LIFECYCLE = "{\"Service\":\"lifecycle.s3.amazonaws.com\"}";
    private static final String READ_WRITE = "{\"StringEquals\":{\"s3express:SessionMode\":\"ReadWrite\"}}";

    @ParameterizedTest(name = "{0}")
    @CsvSource({"analytics--use1-az4--x-s3,us-east-1", "cache--use2-az1--x-s3,us-east-2", "scratch--euw1-az1--x-s3,eu-west-1"})
    void theGuidesExampleStatementLetsLifecycleIn(String bucket, String region) {
        String arn = "arn:aws:s3express:" + region + ":111122223333:bucket/" + bucket;

        LifecycleAccess access = LifecycleGrant.assess(arn, Optional.of(FakeS3Express.lifecyclePolicy(arn)));

        assertThat(access.shutOut()).isEmpty();
        assertThat(access.letIn()).isTrue();
    }

    @Test
    void theStatementToAddIsOneThatLetsLifecycleIn() {
        LifecycleAccess access = LifecycleGrant.assess(ARN, Optional.of("{\"Version\":\"2012-10-17\",\"Statement\":[" + LifecycleGrant.statementFor(ARN) + "]}"));

        assertThat(access.letIn()).isTrue();
    }

    @Test
    void aBucketWithoutAPolicyShutsLifecycleOutAndIsGivenTheStatementForItsOwnArn() {
        LifecycleAccess access = LifecycleGrant.assess(ARN, Optional.empty());

        assertThat(access.shutOut()).contains("the bucket has no policy");
        assertThat(access.statementToAdd()).contains("\"Resource\":\"" + ARN + "\"", "\"s3express:SessionMode\":\"ReadWrite\"",
                "\"Service\":\"lifecycle.s3.amazonaws.com\"", "\"Action\":\"s3express:CreateSession\"");
    }

    @Test
    void wildcardsOverTheActionAndTheResourceCount() {
        assertThat(assess(allow(LIFECYCLE, "s3express:*", "arn:aws:s3express:us-east-1:111122223333:bucket/*", READ_WRITE)).letIn()).isTrue();
        assertThat(assess(allow(LIFECYCLE, "S3Express:createsession", ARN, "")).letIn()).isTrue();
        assertThat(assess(allow("\"*\"", "*", "*", "")).letIn()).isTrue();
    }

    @Test
    void aReadOnlySessionAnotherPrincipalOrAnotherBucketDoesNotLetItIn() {
        assertThat(assess(allow(LIFECYCLE, "s3express:CreateSession", ARN, "{\"StringEquals\":{\"s3express:SessionMode\":\"ReadOnly\"}}")).shutOut())
                .contains("no statement of the bucket's policy allows it");
        assertThat(assess(allow("{\"Service\":\"logging.s3.amazonaws.com\"}", "s3express:CreateSession", ARN, "")).letIn()).isFalse();
        assertThat(assess(allow(LIFECYCLE, "s3express:CreateSession", ARN.replace(BUCKET, "other--use1-az5--x-s3"), "")).letIn()).isFalse();
    }

    @Test
    void theSourceAccountAndSourceArnConditionsAreChecked() {
        assertThat(assess(allow(LIFECYCLE, "s3express:CreateSession", ARN, "{\"StringEquals\":{\"aws:SourceAccount\":\"111122223333\"}}")).letIn()).isTrue();
        assertThat(assess(allow(LIFECYCLE, "s3express:CreateSession", ARN, "{\"StringEquals\":{\"aws:SourceAccount\":\"444455556666\"}}")).letIn()).isFalse();
        assertThat(assess(allow(LIFECYCLE, "s3express:CreateSession", ARN, "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:s3express:*:111122223333:bucket/*\"}}")).letIn()).isTrue();
    }

    @Test
    void anAllowWithAConditionThatCannotBeCheckedIsNotCounted() {
        assertThat(assess(allow(LIFECYCLE, "s3express:CreateSession", ARN, "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}")).letIn()).isFalse();
    }

    @Test
    void aDenyOfTheSessionShutsLifecycleOutAndIsNamed() {
        String deny = "{\"Sid\":\"NoSessionsForServices\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3express:CreateSession\",\"Resource\":\"" + ARN + "\"}";

        LifecycleAccess access = assess(LifecycleGrant.statementFor(ARN), deny);

        assertThat(access.shutOut()).contains("the policy's statement \"NoSessionsForServices\" denies it");
    }

    @Test
    void aDenyWhoseConditionCannotBeCheckedIsTakenNotToApply() {
        String deny = "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3express:*\",\"Resource\":\"" + ARN + "\","
                + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}";

        assertThat(assess(LifecycleGrant.statementFor(ARN), deny).letIn()).isTrue();
    }

    @Test
    void aDenyOfEveryoneButAnotherPrincipalShutsLifecycleOut() {
        String deny = "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::111122223333:role/admin\"},\"Action\":\"*\",\"Resource\":\"*\"}";

        assertThat(assess(LifecycleGrant.statementFor(ARN), deny).letIn()).isFalse();
    }

    @Test
    void aPolicyThatCannotBeReadShutsLifecycleOutSayingSo() {
        assertThat(LifecycleGrant.assess(ARN, Optional.of("{not json")).shutOut()).hasValueSatisfying(why -> assertThat(why).startsWith("the bucket's policy could not be read"));
    }
}
