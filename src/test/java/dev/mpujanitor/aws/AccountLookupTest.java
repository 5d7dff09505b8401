package dev.mpujanitor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccountLookupTest {

    @Test
    void theAccountIsTakenFromTheInvokedFunctionArn() {
        assertThat(AccountLookup.fromFunctionArn("arn:aws:lambda:eu-west-1:123456789012:function:mpu-janitor")).contains("123456789012");
        assertThat(AccountLookup.fromFunctionArn("arn:aws:lambda:eu-west-1:123456789012:function:mpu-janitor:live")).contains("123456789012");
        assertThat(AccountLookup.fromFunctionArn("arn:aws-cn:lambda:cn-north-1:123456789012:function:f")).contains("123456789012");
    }

    @Test
    void anythingElseGivesNoAccount() {
        assertThat(AccountLookup.fromFunctionArn(null)).isEmpty();
        assertThat(AccountLookup.fromFunctionArn("arn:aws:s3:::bucket")).isEmpty();
        assertThat(AccountLookup.fromFunctionArn("arn:aws:lambda:eu-west-1:12345:function:f")).isEmpty();
    }

    @Test
    void everyOperationNamesOneIamActionAndNoneIsAWildcard() {
        assertThat(S3Operation.requiredIamActions()).containsExactlyInAnyOrder(
                "s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetLifecycleConfiguration", "s3:GetBucketVersioning",
                "s3:GetBucketTagging", "s3:PutLifecycleConfiguration", "s3:ListBucketMultipartUploads", "s3:ListMultipartUploadParts");
        assertThat(S3Operation.iamActionsOnlyWith("ABORT_STALE_UPLOADS")).containsExactly("s3:AbortMultipartUpload");
    }
}
