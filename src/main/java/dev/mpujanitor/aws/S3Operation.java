package dev.mpujanitor.aws;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every S3 operation the function calls, with the IAM action it needs. This is the one list of the
 * function's permissions: the template's policy is checked against it, and each call in
 * {@link S3BucketStore} names its entry here.
 */
public enum S3Operation {
    LIST_BUCKETS("ListBuckets", "s3:ListAllMyBuckets"),
    /** Only for a bucket that ListBuckets returned without BucketRegion. */
    GET_BUCKET_LOCATION("GetBucketLocation", "s3:GetBucketLocation"),
    GET_BUCKET_LIFECYCLE_CONFIGURATION("GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration"),
    /** Only for a bucket that needs the rule: lifecycle is not supported with MFA Delete. */
    GET_BUCKET_VERSIONING("GetBucketVersioning", "s3:GetBucketVersioning"),
    PUT_BUCKET_LIFECYCLE_CONFIGURATION("PutBucketLifecycleConfiguration", "s3:PutLifecycleConfiguration");

    private final String operationName;
    private final String iamAction;

    S3Operation(String operationName, String iamAction) {
        this.operationName = operationName;
        this.iamAction = iamAction;
    }

    public String operationName() {
        return operationName;
    }

    public String iamAction() {
        return iamAction;
    }

    /** The IAM actions the function needs, and no other. STS GetCallerIdentity needs no permission. */
    public static Set<String> requiredIamActions() {
        return Arrays.stream(values()).map(S3Operation::iamAction).collect(Collectors.toUnmodifiableSet());
    }
}
